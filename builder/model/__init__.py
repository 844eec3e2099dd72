"""Typed models of every file kind; no I/O."""
