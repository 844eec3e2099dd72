"""Real platform exports (SPEC §3): recognised by header, mapped by column name, located by line.

The fixture tests/programs/kpis-exports/campaigns/spring-kit/metrics holds a 79-column Shopify
export (a two-line-item order, a partial refund, a voided, a cancelled and a refunded order, an
order in EUR, multi-line notes), an Instagram content export whose descriptions span lines and
which holds posts outside the campaign, and a YouTube Studio table with its Total row and an id
starting with '-'.
"""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from builder.load.program import load_program
from builder.problems import Problem

FIXTURE = Path(__file__).parent / "programs" / "kpis-exports"
METRICS = "campaigns/spring-kit/metrics"
SHOPIFY = f"{METRICS}/shopify-2026-03-31.csv"
INSTAGRAM = f"{METRICS}/instagram-2026-03-20.csv"
YOUTUBE = f"{METRICS}/omar-cooks/Table data 2026-03-22.csv"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A private copy of the fixture program that a test may change."""
    root = tmp_path / "program"
    shutil.copytree(FIXTURE, root)
    return root


def rows_of(frame: pl.DataFrame, source: str, columns: list[str]) -> list[tuple[object, ...]]:
    return list(frame.filter(pl.col("source") == source).select(columns).iter_rows())


def located(problems: list[Problem]) -> list[tuple[str, int | None, str, str]]:
    return sorted((p.path, p.line, p.severity, p.code) for p in problems)


def test_fixture_program_has_no_errors_only_counts_of_rows_left_out() -> None:
    _, problems = load_program(FIXTURE)
    assert located(problems) == [
        (INSTAGRAM, None, "notice", "rows-left-out"),
        (f"{METRICS}/orders-2026-03-15.csv", None, "notice", "orders-left-out"),
        (SHOPIFY, None, "notice", "orders-left-out"),
    ]
    messages = {p.path: p.message for p in problems}
    assert messages[INSTAGRAM].startswith("left out 2 of 5 rows")
    assert messages[SHOPIFY].startswith("left out 1 of 7 orders")


def test_shopify_orders_are_grouped_by_name_with_refunds_and_statuses() -> None:
    program, _ = load_program(FIXTURE)
    orders = program.campaigns["spring-kit"].metrics.orders
    assert rows_of(orders, SHOPIFY, ["order_id", "date", "code", "utm_content", "revenue",
                                     "currency", "converts", "line"]) == [
        # two line items, one order; the code keeps its case (attribution ignores case)
        ("#1001", date(2026, 3, 13), "lena10", None, Decimal("100.00"), "USD", True, 2),
        # Total 80.00 − Refunded Amount 30.00; its notes span lines 4–5
        ("#1002", date(2026, 3, 14), "OMAR5", None, Decimal("50.00"), "USD", True, 4),
        ("#1003", date(2026, 3, 15), "LENA10", None, Decimal("40.00"), "USD", False, 6),
        ("#1004", date(2026, 3, 15), None, None, Decimal("70.00"), "USD", True, 7),
        # paid but cancelled
        ("#1005", date(2026, 3, 16), "OMAR5", None, Decimal("55.00"), "USD", False, 8),
        # the date part as written, in the shop's own offset
        ("#1006", date(2026, 3, 17), "LENA10", None, Decimal("20.00"), "EUR", True, 9),
        ("#1007", date(2026, 3, 18), "OMAR5", None, Decimal("0.00"), "USD", False, 10),
    ]


def test_instagram_keeps_posts_of_the_campaign_only() -> None:
    # Instagram reports neither video views nor clicks: not reported (None), never 0
    program, _ = load_program(FIXTURE)
    posts = program.campaigns["spring-kit"].metrics.posts
    assert rows_of(posts, INSTAGRAM, [
        "date", "creator", "platform", "deliverable", "post_url", "impressions", "reach", "likes",
        "comments", "shares", "saves", "video_views", "clicks", "line"]) == [
        # the permalink is the draft's post_url, written differently
        (date(2026, 3, 20), "lena-lifts", "instagram", "ig-reel-1",
         "https://www.instagram.com/reel/LenaReel1/", 2000, 1500, 120, 15, 10, 8, None, None, 2),
        # promo code in lower case on the third line of a multi-line description (lines 3–5)
        (date(2026, 3, 20), "lena-lifts", "instagram", None,
         "https://www.instagram.com/p/LenaCode/", 600, 500, 40, 4, 2, 6, None, None, 3),
        # the campaign's must_hashtag in another case; #AcmeKitchen (line 9) is not it
        (date(2026, 3, 20), "lena-lifts", "instagram", None,
         "https://www.instagram.com/p/LenaTag/", 400, 300, 20, 2, 1, 1, None, None, 6),
    ]


def test_youtube_skips_the_total_row_and_trims_ids() -> None:
    # YouTube reports no reach, saves or clicks: not reported (None), never 0
    program, _ = load_program(FIXTURE)
    posts = program.campaigns["spring-kit"].metrics.posts
    assert rows_of(posts, YOUTUBE, [
        "date", "creator", "platform", "deliverable", "post_url", "impressions", "reach", "likes",
        "comments", "shares", "saves", "video_views", "clicks", "line"]) == [
        (date(2026, 3, 22), "omar-cooks", "youtube", "yt-video-1",
         "https://www.youtube.com/watch?v=-abc123", 12000, None, 100, 7, 3, None, 4000, None, 3),
        # the campaign's must_hashtag in the title
        (date(2026, 3, 22), "omar-cooks", "youtube", None,
         "https://www.youtube.com/watch?v=xyz789", 4000, None, 30, 2, 1, None, 1200, None, 4),
    ]


def _set_cell(path: Path, name: str, column: str, value: str) -> None:
    """Change one cell of the first row whose Name is `name` (records kept intact)."""
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    row = next(r for r in table if r[0] == name)
    row[table[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    path.write_text(out.getvalue(), encoding="utf-8")


def _rewrite_columns(path: Path, order: list[int] | None = None,
                     drop: tuple[str, ...] = ()) -> None:
    """Rewrite a CSV with its columns reordered and some dropped (records kept intact)."""
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    keep = [i for i in range(len(table[0])) if table[0][i] not in drop]
    if order is not None:
        keep = [keep[i] for i in order]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[row[i] for i in keep] for row in table])
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.mark.parametrize("export", [SHOPIFY, INSTAGRAM])
def test_columns_are_mapped_by_name_not_position(repo: Path, export: str) -> None:
    before, _ = load_program(FIXTURE)
    with (repo / export).open(encoding="utf-8") as handle:
        width = len(next(csv.reader(handle)))
    _rewrite_columns(repo / export, order=list(reversed(range(width))))
    after, problems = load_program(repo)
    assert not [p for p in problems if p.severity == "error"]
    for kind in ("posts", "orders"):
        old = getattr(before.campaigns["spring-kit"].metrics, kind)
        new = getattr(after.campaigns["spring-kit"].metrics, kind)
        assert new.equals(old), kind


def test_older_exports_with_fewer_columns_still_import(repo: Path) -> None:
    # Shopify variants without Refunded Amount / Cancelled at; Instagram before Views
    _rewrite_columns(repo / SHOPIFY, drop=("Refunded Amount", "Cancelled at", "Tags"))
    text = (repo / INSTAGRAM).read_text(encoding="utf-8")
    (repo / INSTAGRAM).write_text(text.replace("Views", "Impressions", 1), encoding="utf-8")
    program, problems = load_program(repo)
    assert not [p for p in problems if p.severity != "notice"]
    orders = program.campaigns["spring-kit"].metrics.orders
    assert rows_of(orders, SHOPIFY, ["order_id", "revenue", "converts"])[1:5] == [
        ("#1002", Decimal("80.00"), True), ("#1003", Decimal("40.00"), False),
        ("#1004", Decimal("70.00"), True), ("#1005", Decimal("55.00"), True)]
    posts = program.campaigns["spring-kit"].metrics.posts
    assert rows_of(posts, INSTAGRAM, ["impressions"]) == [(2000,), (600,), (400,)]


def test_unrecognised_header_is_an_error_naming_file_and_header(repo: Path) -> None:
    (repo / METRICS / "notes.csv").write_text("week,comment\n12,good\n", encoding="utf-8")
    _, problems = load_program(repo)
    errors = [p for p in problems if p.severity == "error"]
    assert located(errors) == [(f"{METRICS}/notes.csv", 1, "error", "csv-header")]
    assert "'week,comment'" in errors[0].message


def test_instagram_export_without_a_date_in_its_name_is_an_error(repo: Path) -> None:
    (repo / INSTAGRAM).rename(repo / METRICS / "instagram.csv")
    _, problems = load_program(repo)
    errors = [p for p in problems if p.severity == "error"]
    assert located(errors) == [(f"{METRICS}/instagram.csv", None, "error", "snapshot-date")]
    assert "no date" in errors[0].message
    assert "instagram-2026-03-20.csv" in errors[0].hint


def test_youtube_export_needs_a_date_and_the_creators_folder(repo: Path) -> None:
    (repo / YOUTUBE).rename(repo / METRICS / "omar-cooks" / "Table data.csv")
    shutil.copy(repo / METRICS / "omar-cooks" / "Table data.csv",
                repo / METRICS / "Table data 2026-03-22.csv")
    (repo / METRICS / "pia").mkdir()
    shutil.copy(repo / METRICS / "omar-cooks" / "Table data.csv",
                repo / METRICS / "pia" / "Table data 2026-03-22.csv")
    _, problems = load_program(repo)
    assert located([p for p in problems if p.severity == "error"]) == [
        (f"{METRICS}/Table data 2026-03-22.csv", None, "error", "export-folder"),
        (f"{METRICS}/omar-cooks/Table data.csv", None, "error", "snapshot-date"),
        (f"{METRICS}/pia/Table data 2026-03-22.csv", None, "error", "not-on-roster"),
    ]


def test_youtube_date_may_come_from_the_export_folder(repo: Path) -> None:
    folder = repo / METRICS / "omar-cooks" / "Content 2026-03-01_2026-03-22 Omar Cooks"
    folder.mkdir()
    (repo / YOUTUBE).rename(folder / "Table data.csv")
    program, problems = load_program(repo)
    assert not [p for p in problems if p.severity == "error"]
    posts = program.campaigns["spring-kit"].metrics.posts
    dates = posts.filter(posts["platform"] == "youtube")["date"].unique().to_list()
    assert dates == [date(2026, 3, 22)]


def test_order_in_another_currency_without_a_rate_is_an_error_at_its_line(repo: Path) -> None:
    (repo / "mkdocs.yml").write_text("site_name: KPI fixture\nplugins: [nanokit]\n",
                                     encoding="utf-8")
    _, problems = load_program(repo)
    errors = [p for p in problems if p.severity == "error"]
    assert located(errors) == [(SHOPIFY, 9, "error", "exchange-rate")]
    assert "#1006" in errors[0].message and "EUR/USD" in errors[0].message


def test_bad_cells_are_reported_at_the_real_file_line(repo: Path) -> None:
    text = (repo / INSTAGRAM).read_text(encoding="utf-8")
    # the third data record starts on line 6, after a description spanning lines 3–5
    (repo / INSTAGRAM).write_text(text.replace(",20,1,0,2,1\n", ",2O,1,0,2,1\n"),
                                  encoding="utf-8")
    _set_cell(repo / SHOPIFY, "#1004", "Total", "seventy")
    _, problems = load_program(repo)
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.path, p.line, p.message) for p in errors] == [
        (INSTAGRAM, 6, "column Likes: '2O' is not a whole number of zero or more"),
        (SHOPIFY, 7, "column Total: 'seventy' is not an amount"),
    ]


def test_instagram_account_must_be_a_creator_on_the_roster(repo: Path) -> None:
    text = (repo / INSTAGRAM).read_text(encoding="utf-8")
    lines = text.split("\n")
    # line 6 is the third record: move it to accounts nobody has / of a creator not on the roster
    lines[5] = lines[5].replace("lena.lifts", "stranger")
    lines.insert(6, lines[5].replace("stranger", "@IVY.bakes"))
    (repo / INSTAGRAM).write_text("\n".join(lines), encoding="utf-8")
    _, problems = load_program(repo)
    errors = [p for p in problems if p.severity == "error"]
    assert located(errors) == [(INSTAGRAM, 6, "error", "unknown-account"),
                               (INSTAGRAM, 7, "error", "not-on-roster")]


@pytest.mark.parametrize("name", ["posts-2026-03-12.csv", "orders-2026-03-15.csv"])
@pytest.mark.parametrize("numbers_too", [False, True])
def test_canonical_files_read_the_same_whether_or_not_cells_need_trimming(
        repo: Path, name: str, numbers_too: bool) -> None:
    # A tidy file takes the reader's typed fast path, padded text is trimmed on that path, and
    # padded numbers send the file down the checked path: all three read the same.
    before, _ = load_program(FIXTURE)
    path = repo / METRICS / name
    lines = path.read_text(encoding="utf-8").splitlines()

    def pad(cell: str) -> str:
        return cell if cell.replace(".", "").isdigit() and not numbers_too else f" {cell}\t"

    padded = [lines[0]] + [",".join(pad(cell) for cell in line.split(",")) for line in lines[1:]]
    path.write_text("\n".join(padded) + "\n", encoding="utf-8")
    after, problems = load_program(repo)
    assert not [p for p in problems if p.severity == "error"]
    for kind in ("posts", "orders"):
        assert getattr(after.campaigns["spring-kit"].metrics, kind).equals(
            getattr(before.campaigns["spring-kit"].metrics, kind)), kind
