"""Renderers: the only code that produces output bytes, from an audience-filtered Program."""
