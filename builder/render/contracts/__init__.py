"""PDF contracts (SPEC §8): `printing` makes every contract of a build; `context` gathers a
contract's values, `template` fills the template in the sandbox, `pdf` prints it with WeasyPrint
and `job` is what a worker process receives and sends back.

This package imports nothing itself: a worker process that prints contracts loads only what
printing needs, not the program's models.
"""
