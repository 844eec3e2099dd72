"""Where the files of a program come from: the working tree, or the tree of a git revision.

The loader asks a Source for folders, files and bytes by path relative to the program root
(forward slashes), so a program reads the same from disk as from a commit, with the same
PATH:LINE:COL in every problem. A git revision is read from the object database through
GitPython: no checkout, no temporary copy, the working tree untouched.

Contributors are untrusted: a symbolic link (on disk, or a blob of mode 120000 in git) is never
followed and a file over its kind's size limit is never read; both are refused here, in one
place, as problems, before anything is read.
"""

from __future__ import annotations

import hashlib
import os
import stat
import threading
from abc import ABC, abstractmethod
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from builder.problems import Problem

if TYPE_CHECKING:
    import git

MiB = 1 << 20
SIZE_LIMITS = {".yml": 1 * MiB, ".yaml": 1 * MiB, ".md": 1 * MiB, ".j2": 1 * MiB,
               ".css": 1 * MiB, ".svg": 1 * MiB, ".csv": 512 * MiB, ".pdf": 20 * MiB}
"""Largest file of each kind, by suffix; far above any real one (a media kit is a few KB, a
platform export of a year of orders some tens of MB). A larger file is refused unread."""
OTHER_SIZE_LIMIT = 10 * MiB
_LINK_HINT = ("Commit the file itself instead of a link; nanokit never follows links, so that "
              "no pull request can publish a file from elsewhere.")


def size_limit(rel: str) -> int:
    name = rel.rpartition("/")[2]
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    return SIZE_LIMITS.get(suffix, OTHER_SIZE_LIMIT)


def link_problem(rel: str) -> Problem:
    return Problem(rel, None, None, "error", "symlink",
                   "this is a symbolic link; nanokit never follows links", _LINK_HINT)


def too_large_problem(rel: str, size: int, limit: int) -> Problem:
    suffix = rel[rel.rfind("."):] if "." in rel.rpartition("/")[2] else "file"
    return Problem(rel, None, None, "error", "file-too-large",
                   f"the file has {size:,} bytes; a {suffix} may have at most {limit:,}",
                   "Make the file smaller; nothing of this kind needs to be this large.")

Kind = Literal["file", "dir", "link", "other"]
PROGRAM_PARTS = frozenset({"mkdocs.yml", "brands", "creators", "campaigns", "templates"})
"""What the loader reads below the program root; anything else there is none of its business."""


@dataclass(frozen=True)
class Entry:
    kind: Kind
    size: int
    """Bytes of a file; 0 for anything else."""


class Source(ABC):
    """The files of one program, by path relative to its root.

    Listing never yields a link or an oversize file: each one met becomes a problem in
    `problems` (once per path), so whatever the loader skips, the user hears about.
    """

    root: Path
    """The program's folder on disk (for a revision: where the working tree has it)."""
    name: str
    """What the program was read from, for people: 'the working tree' or a short hash."""

    def __init__(self) -> None:
        self._refused: dict[str, Problem] = {}
        self._lock = threading.Lock()
        self._listings: dict[str, dict[str, Entry]] = {}

    @property
    def problems(self) -> list[Problem]:
        """The links and oversize files met so far, in path order."""
        return [self._refused[rel] for rel in sorted(self._refused)]

    def refused(self, rel: str) -> bool:
        """Whether `rel` was refused (a link, an oversize file) when its folder was listed."""
        return rel in self._refused

    @abstractmethod
    def _entries(self, folder: str) -> dict[str, Entry]:
        """The children of `folder` ('' for the root) by name; {} if it is not a folder."""

    @abstractmethod
    def read(self, rel: str) -> bytes:
        """The bytes of a file that listing accepted."""

    @abstractmethod
    def head(self, rel: str, size: int) -> bytes:
        """The first `size` bytes of a file that listing accepted."""

    @abstractmethod
    def key(self, rel: str) -> Hashable:
        """What tells a changed file from an unchanged one, for the memo; None if missing."""

    def files(self, folder: str, suffix: str = "") -> list[str]:
        """The regular files directly in `folder` whose names end with `suffix`, sorted."""
        return [_join(folder, name) for name, entry in self._accepted(folder).items()
                if entry.kind == "file" and name.endswith(suffix)]

    def folders(self, folder: str) -> list[str]:
        """The folders directly in `folder`, sorted."""
        return [_join(folder, name) for name, entry in self._accepted(folder).items()
                if entry.kind == "dir"]

    def walk(self, folder: str, suffix: str = "") -> list[str]:
        """Every regular file under `folder`, at any depth, whose name ends with `suffix`;
        sorted by path."""
        found = self.files(folder, suffix)
        for sub in self.folders(folder):
            found.extend(self.walk(sub, suffix))
        return sorted(found)

    def is_file(self, rel: str) -> bool:
        folder, _, name = rel.rpartition("/")
        return self._accepted(folder).get(name, Entry("other", 0)).kind == "file"

    def is_dir(self, rel: str) -> bool:
        folder, _, name = rel.rpartition("/")
        return self._accepted(folder).get(name, Entry("other", 0)).kind == "dir"

    def folder_key(self, folder: str) -> tuple[Hashable, ...]:
        """key() of every file under `folder`, in path order."""
        return tuple(self.key(rel) for rel in self.walk(folder))

    def _accepted(self, folder: str) -> dict[str, Entry]:
        """The entries of `folder` the loader may read, listed once per Source: a load asks
        for some folders dozens of times, and sees each as it was when first listed."""
        listing = self._listings.get(folder)
        if listing is None:
            listing = self._listings[folder] = self._list(folder)
        return listing

    def _list(self, folder: str) -> dict[str, Entry]:
        accepted: dict[str, Entry] = {}
        for name, entry in sorted(self._entries(folder).items()):
            rel = _join(folder, name)
            if not folder and name not in PROGRAM_PARTS:
                continue
            if entry.kind == "link":
                self._refuse(link_problem(rel))
            elif entry.kind == "file" and entry.size > size_limit(rel):
                self._refuse(too_large_problem(rel, entry.size, size_limit(rel)))
            else:
                accepted[name] = entry
        return accepted

    def _refuse(self, problem: Problem) -> None:
        with self._lock:
            self._refused.setdefault(problem.path, problem)


def _join(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


class WorkingTree(Source):
    """The program as it is on disk.

    Memo keys are cheap (size, mtime, inode) for a live preview; with `content_keys` they are
    the git blob id of each file's bytes, so that results computed for a revision are reused for
    every file the working tree did not change (`nanokit diff BASE`).
    """

    def __init__(self, root: Path, content_keys: bool = False) -> None:
        super().__init__()
        self.root = root.resolve()
        self.name = "the working tree"
        self._content_keys = content_keys

    def _entries(self, folder: str) -> dict[str, Entry]:
        from builder.load.files import folder_entries  # files.py builds on this module

        # Reached without following links: a linked folder lists as nothing, not its target.
        return {name: _disk_entry(info)
                for name, info in folder_entries(self.root, folder).items()}

    def read(self, rel: str) -> bytes:
        from builder.load.files import read_bytes  # files.py builds on this module

        # Without following links: one swapped in since the listing is refused, not read.
        return read_bytes(self.root, rel)

    def head(self, rel: str, size: int) -> bytes:
        from builder.load.files import read_head  # files.py builds on this module

        return read_head(self.root, rel, size)

    def key(self, rel: str) -> Hashable:
        path = self.root / rel
        try:
            if self._content_keys:
                return (rel, blob_id(path.read_bytes()))
            stat = path.lstat()
        except OSError:
            return None
        return (rel, stat.st_size, stat.st_mtime_ns, stat.st_ino)


def _disk_entry(info: os.stat_result) -> Entry:
    if stat.S_ISLNK(info.st_mode):
        return Entry("link", 0)
    if stat.S_ISDIR(info.st_mode):
        return Entry("dir", 0)
    if stat.S_ISREG(info.st_mode):
        return Entry("file", info.st_size)
    return Entry("other", 0)


def blob_id(data: bytes) -> str:
    """The id git gives these bytes as a blob, so a file on disk and in a commit compare."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


class RevisionError(Exception):
    """The revision cannot be read; the message is one line for the user."""


_KINDS: dict[str, Kind] = {"040000": "dir", "100644": "file", "100755": "file",
                           "120000": "link"}
"""Git tree entry modes; anything else (a submodule: 160000) is neither file nor folder."""


class Revision(Source):
    """The program as a git revision has it, read from the object database."""

    def __init__(self, root: Path, revision: str) -> None:
        import git  # GitPython takes a tenth of a second to import; only revisions need it
        from gitdb.exc import BadName, BadObject

        super().__init__()
        self.root = root.resolve()
        repo = open_repository(self.root)
        self._repo = repo
        try:
            commit = repo.commit(revision)
        except (BadName, BadObject, ValueError, git.GitCommandError):
            raise RevisionError(_unknown_revision(repo, revision)) from None
        self.name = commit.hexsha[:7]
        top = Path(repo.working_tree_dir or self.root).resolve()
        prefix = self.root.relative_to(top).as_posix() if self.root != top else ""
        self._blobs: dict[str, tuple[bytes, int]] = {}
        self._folders: dict[str, dict[str, Entry]] = {"": {}}
        self._index(commit.hexsha, prefix)

    def _index(self, commit: str, prefix: str) -> None:
        """Every entry of the program's part of the tree, from one `git ls-tree` call."""
        args = ["-r", "-t", "-l", "-z", "--full-tree", commit]
        if prefix:
            args += ["--", prefix + "/"]
        listing: bytes = self._repo.git.ls_tree(*args, stdout_as_string=False)
        skip = len(prefix) + 1 if prefix else 0
        for record in listing.split(b"\0"):
            if not record:
                continue
            meta, _, raw_path = record.partition(b"\t")
            mode, _, sha, size = meta.decode("ascii").split(maxsplit=3)
            try:
                rel = raw_path.decode("utf-8")[skip:]
            except UnicodeDecodeError:
                self._refuse(Problem(raw_path.decode("utf-8", "replace")[skip:], None, None,
                                     "error", "file-name",
                                     "the file name is not UTF-8, so the file is not read",
                                     "Rename it with plain letters, digits and hyphens."))
                continue
            if not rel:
                continue
            kind = _KINDS.get(mode, "other")
            folder, _, name = rel.rpartition("/")
            self._folders.setdefault(folder, {})[name] = Entry(
                kind, int(size) if kind == "file" else 0)
            if kind == "dir":
                self._folders.setdefault(rel, {})
            elif kind == "file":
                self._blobs[rel] = (bytes.fromhex(sha), int(size))

    def _entries(self, folder: str) -> dict[str, Entry]:
        return self._folders.get(folder, {})

    def read(self, rel: str) -> bytes:
        sha, _ = self._blobs[rel]
        # GitPython talks to one long-lived `git cat-file --batch`; metric files are read from
        # two threads, so one request at a time.
        with self._lock:
            data: bytes = self._repo.odb.stream(sha).read()
        return data

    def head(self, rel: str, size: int) -> bytes:
        # `git cat-file --batch` sends a blob whole: a partial read would desynchronise it.
        return self.read(rel)[:size]

    def key(self, rel: str) -> Hashable:
        blob = self._blobs.get(rel)
        return None if blob is None else (rel, blob[0].hex())

    def close(self) -> None:
        self._repo.close()


def open_repository(root: Path) -> git.Repo:
    """The git repository holding `root`; RevisionError if there is none."""
    import git

    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise RevisionError(f"{root} is not in a git repository") from None


def _unknown_revision(repo: git.Repo, revision: str) -> str:
    if Path(repo.git_dir, "shallow").is_file():
        return (f"'{revision}' is not in this shallow clone; fetch more history: "
                "`git fetch --unshallow`")
    return f"'{revision}' is not a revision of this repository (a branch, tag or commit)"
