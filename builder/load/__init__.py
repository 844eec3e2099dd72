"""Read a program repository into an immutable Program plus the problems found."""

from builder.load.program import load_program

__all__ = ["load_program"]
