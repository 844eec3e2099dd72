#!/usr/bin/env python3
"""Time what a hostile pull request costs: each attack of docs/security.md on a small program.

Each attack is a copy of tests/programs/minimal with one file made hostile (a few MB at most in
git); the script runs `nanokit build --docs-only` on it as a whole process, with a cap on its
time, and prints the wall time, peak memory and exit code. Everything must finish in seconds.

Usage: python bench/attacks.py [--timeout SECONDS] [NAME ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from _timing import ROOT

BASE = ROOT / "tests" / "programs" / "minimal"
CREATOR = Path("creators/ana-bakes")
CAMPAIGN = Path("campaigns/spring-bake")


def _media_kit(text: str) -> Callable[[Path], None]:
    return lambda root: (root / CREATOR / "media-kit.md").write_text(text, encoding="utf-8")


def _template(text: str, css: str = "") -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / "templates").mkdir(exist_ok=True)
        (root / "templates" / "contract.html.j2").write_text(text, encoding="utf-8")
        if css:
            (root / "templates" / "contract.css").write_text(css, encoding="utf-8")
    return make


def _big_bio(root: Path) -> None:
    profile = root / CREATOR / "profile.yml"
    text = profile.read_text(encoding="utf-8").replace("bio: Sourdough every weekend.",
                                                       "bio: " + "x" * 20_000_000)
    profile.write_text(text, encoding="utf-8")


def _sparse_signed_pdf(root: Path) -> None:
    folder = root / CAMPAIGN / "signed"
    folder.mkdir()
    with (folder / "ana-bakes.pdf").open("wb") as handle:
        handle.truncate(1 << 30)  # 1 GiB of zeros that takes no disk space


def _wide_metrics(root: Path) -> None:
    # Written in pieces: a forked child's peak memory counts the parent's at the fork.
    with (root / CAMPAIGN / "metrics" / "wide.csv").open("w", encoding="utf-8") as handle:
        for start in range(0, 10_000_000, 100_000):
            handle.write(",".join(f"c{i}" for i in range(start, start + 100_000)) + ",")
        handle.write("last\n")


def _alias_amplification(root: Path) -> None:
    # Five levels of ten aliases: 111,110 values from 300 bytes, under the bomb limit.
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 5):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    profile = root / CREATOR / "profile.yml"
    text = profile.read_text(encoding="utf-8") + "extra:\n" + "".join(
        f"  {line}\n" for line in lines)
    profile.write_text(text, encoding="utf-8")


def _svg_bomb(root: Path) -> None:
    _template('<html><body><img src="bomb.svg"></body></html>')(root)
    levels = ['<rect id="l0" width="1" height="1"/>']
    for level in range(1, 10):
        uses = "".join(f'<use href="#l{level - 1}"/>' for _ in range(10))
        levels.append(f'<g id="l{level}">{uses}</g>')
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><defs>'
           + "".join(levels) + '</defs><use href="#l9"/></svg>')
    (root / "templates" / "bomb.svg").write_text(svg, encoding="utf-8")


def _xlsx_zip_bomb(root: Path) -> None:
    """A TikTok Studio workbook of 1 MB whose sheet unpacks to 1 GiB of rows."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    chunk = (row * ((1 << 20) // len(row))).encode()
    path = root / CAMPAIGN / "metrics" / "Content 2026-03-20.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{sheet_type}.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{sheet_type}.worksheet+xml"/></Types>'))
        book.writestr("_rels/.rels", (
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{rels}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        book.writestr("xl/workbook.xml", (
            f'<workbook xmlns="{main}" xmlns:r="{rels}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        book.writestr("xl/_rels/workbook.xml.rels", (
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'))
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<worksheet xmlns="{main}"><sheetData>'.encode())
            for _ in range(1024):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")


def _nothing(_root: Path) -> None:
    """The floor every attack is compared with: the same build of the untouched program."""


ATTACKS: dict[str, Callable[[Path], None]] = {
    "none": _nothing,
    "markdown-brackets-60k": _media_kit("[" * 60_000),
    "markdown-brackets-20k": _media_kit("[" * 20_000),
    "markdown-nested-list-1000": _media_kit("".join("  " * i + "- x\n" for i in range(1000))),
    "bio-20mb": _big_bio,
    "signed-pdf-1gib": _sparse_signed_pdf,
    "metrics-10m-columns": _wide_metrics,
    "yaml-alias-amplification": _alias_amplification,
    "template-nested-loops": _template(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"),
    "template-many-pages": _template(
        "<html><body>{% for i in range(20000) %}<p>{{ i }}</p>{% endfor %}</body></html>",
        "p { break-after: page }"),
    "template-svg-use-bomb": _svg_bomb,
    "template-2gb-string": _template('<p>{{ "x"|center(2000000000) }}</p>'),
    "xlsx-zip-bomb": _xlsx_zip_bomb,
}


def run(name: str, timeout: float) -> str:
    with tempfile.TemporaryDirectory(prefix="nanokit-attack-") as scratch:
        root = Path(scratch) / "program"
        shutil.copytree(BASE, root)
        ATTACKS[name](root)
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(scratch) / "cache")}
        cmd = [str(Path(sys.executable).with_name("nanokit")), "build", "--root", str(root),
               "--docs-only", "--out", str(Path(scratch) / "site")]
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            elapsed = time.perf_counter() - started
            if pid:
                code = str(os.waitstatus_to_exitcode(status))
                break
            if elapsed > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                code = f"killed after {timeout:.0f} s"
                break
            time.sleep(0.05)
        return (f"{name:28} {elapsed:7.1f} s  peak {usage.ru_maxrss / 1024:7.0f} MiB  "
                f"exit {code}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("names", nargs="*", help=f"some of: {', '.join(ATTACKS)}")
    args = parser.parse_args()
    unknown = set(args.names) - set(ATTACKS)
    if unknown:
        parser.error(f"unknown attack(s): {', '.join(sorted(unknown))}")
    for name in args.names or ATTACKS:
        print(run(name, args.timeout), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
