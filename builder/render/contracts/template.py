"""The contract template: the built-in one or the repository's, always in Jinja2's sandbox.

Any failure of a template, at compile or render time, becomes a Problem at the template's
PATH:LINE rather than a traceback: a repository's template is content, like its YAML.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from jinja2 import FunctionLoader, StrictUndefined, Template, TemplateSyntaxError, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from builder.limits import CONTRACT_SECONDS, MEMORY_MESSAGE, TimeLimitExceeded, time_limit
from builder.problems import Problem

BUILTIN_TEMPLATE = "nanokit/contract.html.j2"
"""Name under which a repository template can extend the built-in one."""
BUILTIN_PATH = "builder/render/contracts/contract.html.j2"
REPO_TEMPLATE = "templates/contract.html.j2"
REPO_CSS = "templates/contract.css"
_PACKAGE = files("builder.render.contracts")


@dataclass(frozen=True)
class ContractTemplate:
    """A compiled template with its stylesheet, and which files they came from."""

    template: Template
    css: str
    template_path: str
    """Path reported in problems: the repository's file or the built-in one."""
    css_path: str
    sources: tuple[str, ...]
    """Every template and stylesheet text that shapes the output, for the cache key."""
    from_repository: bool


def builtin_text(name: str) -> str:
    """A file bundled with this package (contract.html.j2, contract.css)."""
    return _PACKAGE.joinpath(name).read_text(encoding="utf-8")


def load_template(templates: Mapping[str, str]) -> tuple[ContractTemplate | None, list[Problem]]:
    """Compile the repository's template if it has one, else the built-in one.

    `templates` is Program.templates: the texts of templates/contract.html.j2 and contract.css.
    """
    sources = {BUILTIN_TEMPLATE: builtin_text("contract.html.j2")}
    repo_text = templates.get("contract.html.j2")
    if repo_text is not None:
        sources[REPO_TEMPLATE] = repo_text
    environment = sandbox_environment(sources)
    name = REPO_TEMPLATE if repo_text is not None else BUILTIN_TEMPLATE
    try:
        template = environment.get_template(name)
    except TemplateSyntaxError as error:
        return None, [_problem(error, error.filename or name, error.lineno, error.message or "")]
    repo_css = templates.get("contract.css")
    css = repo_css if repo_css is not None else builtin_text("contract.css")
    return ContractTemplate(
        template=template,
        css=css,
        template_path=_path(name),
        css_path=REPO_CSS if repo_css is not None else "builder/render/contracts/contract.css",
        sources=(*sorted(sources.values()), css),
        from_repository=repo_text is not None or repo_css is not None,
    ), []


def render_html(contract_template: ContractTemplate, context: Mapping[str, object],
                seconds: float = CONTRACT_SECONDS) -> tuple[str | None, Problem | None]:
    """The contract's HTML, or the problem that stopped the template (or took `seconds`)."""
    try:
        with time_limit(seconds):
            return contract_template.template.render(context), None
    except TimeLimitExceeded as error:
        name, line = _template_frame(error, contract_template.template_path)
        if line is not None:  # Jinja2 maps lines back to the template only for an Exception
            template = contract_template.template.environment.get_template(name)
            line = template.get_corresponding_lineno(line)
        return None, _problem(error, name, line, str(error))
    except Exception as error:  # a repository template may fail in any way
        name, line = _template_frame(error, contract_template.template_path)
        message = MEMORY_MESSAGE if isinstance(error, MemoryError) else str(error)
        return None, _problem(error, name, line, message)


def sandbox_environment(sources: Mapping[str, str]) -> ImmutableSandboxedEnvironment:
    """The immutable sandbox every repository template runs in (contract and pages), loading
    templates by name from `sources`: autoescaped, strict about undefined values, bounded."""
    uptodate: Callable[[], bool] = lambda: True  # noqa: E731 — sources never change in a run

    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        # The file name doubles as the traceback's file name, which is how a runtime error is
        # traced back to its template line.
        return (sources[name], name, uptodate) if name in sources else None

    return _BoundedSandbox(
        loader=FunctionLoader(load), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, optimized=False)


def _template_frame(error: BaseException, fallback: str) -> tuple[str, int | None]:
    """The innermost template line in the error's traceback."""
    names = {BUILTIN_TEMPLATE, REPO_TEMPLATE}
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename in names:
            return frame.filename, frame.lineno
    return fallback, None


def _path(name: str) -> str:
    return BUILTIN_PATH if name == BUILTIN_TEMPLATE else name


def _problem(error: BaseException, name: str, line: int | None, message: str) -> Problem:
    kind = type(error).__name__
    return Problem(_path(name), line, None, "error", "contract-template",
                   f"contract template: {kind}: {message}",
                   "Fix the template; it sees only the documented contract values, and the "
                   "sandbox forbids changing them or reaching Python internals.")


MAX_REPEAT = 100_000
"""Longest string or list a template may make with `*`."""
MAX_EXPONENT = 1_000


class _RuntimeOnlyCodeGenerator(CodeGenerator):
    """Compiles without computing any expression of the template.

    Jinja2 computes an output expression made of constants while compiling, to print its value
    as is: compiling happens in the parent process, outside every limit, where
    `{{ "x"|center(2000000000) }}` took gigabytes and a minute. Here only text is constant.
    """

    def _output_child_to_const(self, node: nodes.Expr, frame: Frame, finalize: Any) -> str:
        if not isinstance(node, nodes.TemplateData):
            raise nodes.Impossible()
        return super()._output_child_to_const(node, frame, finalize)


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, where `"x" * 10**9` is refused instead of taking gigabytes and no
    expression is computed while compiling (neither by the optimizer nor for output)."""

    intercepted_binops = frozenset({"*", "**"})
    code_generator_class = _RuntimeOnlyCodeGenerator

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and right > MAX_EXPONENT:
            raise SecurityError(f"an exponent above {MAX_EXPONENT:,} is not allowed")
        if operator == "*":
            for sized, times in ((left, right), (right, left)):
                if isinstance(sized, str | list | tuple) and isinstance(times, int) \
                        and len(sized) * times > MAX_REPEAT:
                    raise SecurityError("a repeated string or list longer than "
                                        f"{MAX_REPEAT:,} is not allowed")
        return super().call_binop(context, operator, left, right)
