"""Aids for reviewing a pull request: the semantic diff of two revisions and the creator-approval
gate (SPEC §11)."""
