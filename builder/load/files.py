"""Reading files of the program: UTF-8 (BOM tolerated), Markdown front matter; on disk, never
through a link and never more than a file kind may hold.

A Source refuses links and oversize files when it lists a folder; `read_bytes` opens a file on
disk one path component at a time below a root with O_NOFOLLOW, so a link swapped in after the
listing is refused too (docs/security.md).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from builder.load.source import Source, link_problem, size_limit, too_large_problem
from builder.load.yamlfile import YamlDocument, parse_yaml
from builder.problems import Problem, ProblemError

if TYPE_CHECKING:
    from builder.model.program import Program

_READ_CHUNK = 1 << 20


class UnsafeFile(ProblemError):
    """A file the build must not read; `problem` says why, at the file's path."""


def read_bytes(root: Path, rel: str, limit: int | None = None) -> bytes:
    """The bytes of `rel` under `root`, opened without following any link on the way.

    Raises UnsafeFile for a link, a special file or a file over `limit` (default: its kind's
    cap), and OSError (FileNotFoundError, ...) when the file cannot be read.
    """
    limit = size_limit(rel) if limit is None else limit
    fd = _open_below(root, rel)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(Problem(rel, None, None, "error", "not-a-file",
                                     "this is not a regular file", "Commit a plain file here."))
        if info.st_size > limit:
            raise UnsafeFile(too_large_problem(rel, info.st_size, limit))
        chunks = []
        left = limit + 1  # the file may grow while it is read: never take more than allowed
        while left > 0:
            chunk = os.read(fd, min(left, _READ_CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise UnsafeFile(too_large_problem(rel, len(data), limit))
        return data
    finally:
        os.close(fd)


def read_head(root: Path, rel: str, size: int) -> bytes:
    """The first `size` bytes of `rel` under `root` (all of a shorter file), opened like
    read_bytes opens it: to look at a large file before deciding to read it whole."""
    fd = _open_below(root, rel)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafeFile(Problem(rel, None, None, "error", "not-a-file",
                                     "this is not a regular file", "Commit a plain file here."))
        chunks = []
        while size > 0:
            chunk = os.read(fd, min(size, _READ_CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def folder_entries(root: Path, folder: str) -> dict[str, os.stat_result]:
    """The lstat of everything `folder` ('' for `root`) holds, reached without following a
    link on the way; {} if it is not a folder (a link to one included)."""
    try:
        fd = _open_below(root, folder, directory=True) if folder else os.open(
            root, os.O_RDONLY | os.O_CLOEXEC | os.O_DIRECTORY)
    except (UnsafeFile, OSError):
        return {}
    try:
        with os.scandir(fd) as found:
            return {entry.name: entry.stat(follow_symlinks=False) for entry in found}
    finally:
        os.close(fd)


def _open_below(root: Path, rel: str, directory: bool = False) -> int:
    flags = os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW
    parts = rel.split("/")
    fd = os.open(root, flags | os.O_DIRECTORY)
    try:
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            # O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused after fstat).
            mode = flags | (os.O_NONBLOCK if last and not directory else os.O_DIRECTORY)
            try:
                child = os.open(part, mode, dir_fd=fd)
            except OSError as error:
                if error.errno in (errno.ELOOP, errno.ENOTDIR) and _is_link(fd, part):
                    raise UnsafeFile(link_problem("/".join(parts[:index + 1]))) from None
                raise
            os.close(fd)
            fd = child
        return fd
    except BaseException:
        os.close(fd)
        raise


def _is_link(dir_fd: int, name: str) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    except OSError:
        return False


def is_regular_file(path: Path) -> bool:
    """Whether `path` is a regular file itself, not a link to one."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def walk_files(folder: Path, suffix: str = "") -> list[Path]:
    """Regular files ending in `suffix` anywhere under `folder`, in path order; links skipped."""
    try:
        if not stat.S_ISDIR(folder.lstat().st_mode):
            return []
    except OSError:
        return []
    found: list[Path] = []
    for base, dirs, files in os.walk(folder):  # never descends into a link
        dirs.sort()
        found.extend(Path(base, name) for name in sorted(files)
                     if name.endswith(suffix) and is_regular_file(Path(base, name)))
    return found


def read_signed_pdfs(program: Program) -> dict[str, bytes]:
    """Every committed signed/<handle>.pdf by its path (the loader checked each one)."""
    return {rel: read_bytes(program.root, rel)
            for campaign in program.campaigns.values() for rel in campaign.signed.values()}


def read_text(source: Source, rel: str) -> tuple[str | None, list[Problem]]:
    data = source.read(rel)
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(rel, line, None, "error", "encoding",
                              "file is not valid UTF-8",
                              "Save the file as UTF-8 (most editors offer it under 'Save as').")]


def read_yaml(source: Source, rel: str) -> tuple[YamlDocument | None, list[Problem]]:
    text, problems = read_text(source, rel)
    if text is None:
        return None, problems
    return parse_yaml(text, rel)


def split_front_matter(text: str, rel: str
                       ) -> tuple[YamlDocument | None, str, int, list[Problem]]:
    """Split `---` front matter from a Markdown body.

    Returns the front matter document, the body, the 1-based line where the body starts,
    and problems.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text, 1, [Problem(rel, 1, 1, "error", "front-matter-missing",
                                       "the draft has no front matter",
                                       "Start the file with `---`, `status: draft`, `---`, "
                                       "then the caption.")]
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            header = "\n".join(lines[1:index])
            doc, problems = parse_yaml(header, rel, line_offset=1)
            body = "\n".join(lines[index + 1:])
            return doc, body, index + 2, problems
    return None, text, 1, [Problem(rel, 1, 1, "error", "front-matter-unclosed",
                                   "the front matter is never closed",
                                   "Add a line `---` after the last front matter key.")]
