"""Read a program repository into an immutable Program plus the problems found
(`builder.load.program.load_program`).

This package imports nothing itself: a contract's worker process reads files with
`builder.load.files` without loading the models.
"""
