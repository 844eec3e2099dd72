"""nanokit: run nano-influencer programs as code."""

__version__ = "0.1.0"
