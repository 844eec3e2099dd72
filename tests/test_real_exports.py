"""Metric files committed exactly as the platforms hand them over (SPEC §3, §5).

Fixture tests/programs/real-exports, campaign spring-run (USD, period 2026-05-01 to 2026-06-15,
so orders count until 2026-07-15), one file per quirk of real exports:

- Instagram content export under Meta's own name `May-25-2026_Jun-21-2026_<id>.csv` (snapshot =
  the range's end, 2026-06-21): UTF-8 with BOM, names quoted only when needed, a multi-line
  description, a blank Reach, 17-digit ids, a post outside the campaign.
- TikTok Studio folder `TikTok 2026-06-20/`: Content.csv (BOM, every field quoted, no final
  newline, an `undefined` like count), Overview.csv and FollowerHistory.csv (account-level).
- YouTube Studio folders as downloaded, in English (no Likes/Comments/Shares selected, an id
  with a leading space, Chart data.csv, Totals.csv), German (soft hyphens in every header and in
  the total row, net-negative likes, Diagrammdaten.csv, Gesamtwerte.csv) and Portuguese
  (Dados da tabela.csv with `Marcações "Gostei"`, Total.csv).
- Meta's account-level Reach.csv: UTF-16LE with BOM and a `sep=,` line.
- Shopify's 79-column orders export with CRLF throughout (inside a multi-line note too),
  combined codes `FREESHIP, MAYA15`, an order after the attribution window, a code only the
  shop knows, a refunded and a partially refunded order.

Figures worked out by hand (n/r = not reported):

maya-runs (instagram 8,400 followers, tiktok 12,000; fee 200 + gift 25.00 = 225.00)
  reel DYz2HS0M2ks   views 5000, reach 4000, 300+20+40+25 = 385
  p/DAbc123xyz       2000, reach n/r (blank), 100+5+10+5 = 120
  tiktok …0001       imp/reach n/r, 900+45+30 = 975 (saves n/r)
  tiktok …0002       likes `undefined`: 12+3 = 15
  → 4 posts; impressions 7000 (2), reach 4000 (1), engagements 1495 (4), clicks n/r;
    followers 8400×2 + 12000×2 = 40800; #2001 59.90 (FREESHIP, MAYA15) → 1 conversion
ben-bakes (youtube 3,000; fee 150): -HHGH-TTqYM 30000 impressions, no likes, comments or
  shares exported → engagements n/r; #2002 30.00 → 1
caro-cooks (youtube 5,000; fee 100): 45+5 = 50 and -5+0 = -5 → 45 over 2 posts, 20000
  impressions; #2003 is dated 2026-07-20, after the window → 0 conversions
dani-dances (youtube 1,500; fee 80): 60+8+4 = 72, 9000 impressions; #2005 refunded; #2006
  50.00 − 10.00 = 40.00 → 1
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from xml.sax.saxutils import escape

import polars as pl
import pytest

from builder.kpi import compute_campaign_kpis, kpi_json
from builder.load.program import load_program
from builder.render.pages.kpis import render_kpi_files
from tests.conftest import lines, load, site_context

METRICS = "campaigns/spring-run/metrics"
INSTAGRAM = f"{METRICS}/May-25-2026_Jun-21-2026_1493633672508178.csv"
TIKTOK = f"{METRICS}/TikTok 2026-06-20"
YT_EN = f"{METRICS}/ben-bakes/Content 2026-05-01_2026-06-20 Ben Bakes"
YT_DE = f"{METRICS}/caro-cooks/Inhalt 2026-05-01_2026-06-20"
YT_PT = f"{METRICS}/dani-dances/Conteúdo 2026-05-01_2026-06-20"
SHOPIFY = f"{METRICS}/orders_export_1.csv"
POST_COLUMNS = ["date", "creator", "platform", "post_url", "impressions", "reach", "likes",
                "comments", "shares", "saves", "video_views", "clicks", "line"]


def posts_of(source: str) -> list[tuple[object, ...]]:
    program, _ = load("real-exports")
    posts = program.campaigns["spring-run"].metrics.posts
    return list(posts.filter(pl.col("source") == source).select(POST_COLUMNS).iter_rows())


def test_a_downloaded_folder_commits_as_it_is_with_a_notice_per_file_left_out() -> None:
    _, problems = load("real-exports")
    assert lines(problems) == [
        f"{INSTAGRAM}: notice: left out 1 of 3 rows: posts that are not part of this campaign "
        "(permalink not a draft's post_url; no promo code or must_hashtag in the description)",
        f"{METRICS}/Reach.csv: notice: left out: a Meta account-level export ('Reach' of the "
        "whole account, day by day), not figures of posts",
        f"{TIKTOK}/Content.csv: notice: left out 1 of 3 rows: videos that are not part of this "
        "campaign (link not a draft's post_url; no promo code or must_hashtag in the title)",
        f"{TIKTOK}/FollowerHistory.csv: notice: left out: a TikTok Studio account-level export "
        "(the account's followers per day), not figures of videos",
        f"{TIKTOK}/Overview.csv: notice: left out: a TikTok Studio account-level export (the "
        "account's overview per day), not figures of videos",
        f"{YT_EN}/Chart data.csv: notice: left out: a YouTube Studio file with chart data: one "
        "row per video per day, not totals",
        f"{YT_EN}/Table data.csv: notice: left out 1 of 2 rows: videos that are not part of this "
        "campaign (video not a draft's post_url; no promo code or must_hashtag in the title)",
        f"{YT_EN}/Table data.csv:1: notice: the export has no column Comments added: comments "
        "are not reported for its posts",
        f"{YT_EN}/Table data.csv:1: notice: the export has no column Likes: likes are not "
        "reported for its posts",
        f"{YT_EN}/Table data.csv:1: notice: the export has no column Shares: shares are not "
        "reported for its posts",
        f"{YT_EN}/Totals.csv: notice: left out: a YouTube Studio file with totals of the "
        "channel per day",
        f"{YT_DE}/Diagrammdaten.csv: notice: left out: a YouTube Studio file with chart data: "
        "one row per video per day, not totals",
        f"{YT_DE}/Gesamtwerte.csv: notice: left out: a YouTube Studio file with totals of the "
        "channel per day",
        f"{YT_DE}/Tabellendaten.csv: notice: 1 video has a negative count: YouTube counts what "
        "changed over the exported date range (likes removed, for instance); such counts are "
        "added as they are",
        f"{YT_DE}/Tabellendaten.csv:1: notice: the export has no column Shares: shares are not "
        "reported for its posts",
        f"{YT_PT}/Total.csv: notice: left out: a YouTube Studio file with totals of the channel "
        "per day",
        f"{SHOPIFY}: notice: left out 1 of 6 orders: not attributed to an engagement of "
        "'spring-run' (no promo code of its roster, no utm_content naming its creators)",
        f"{SHOPIFY}: notice: left out 1 of 5 attributed orders: dated outside the attribution "
        "window of 'spring-run', 2026-05-01 to 2026-07-15",
    ]
    assert all(p.hint for p in problems)


def test_instagram_under_metas_own_file_name_dates_its_snapshot_by_the_range_end() -> None:
    assert posts_of(INSTAGRAM) == [
        # description over two lines (2–3); clicks and video views: Instagram reports neither
        (date(2026, 6, 21), "maya-runs", "instagram", "https://www.instagram.com/reel/DYz2HS0M2ks/",
         5000, 4000, 300, 40, 20, 25, None, None, 2),
        # a blank Reach is not reported, never 0
        (date(2026, 6, 21), "maya-runs", "instagram", "https://www.instagram.com/p/DAbc123xyz/",
         2000, None, 100, 10, 5, 5, None, None, 4),
    ]


def test_tiktok_content_rows_by_the_account_in_the_link_dated_by_the_folder() -> None:
    assert posts_of(f"{TIKTOK}/Content.csv") == [
        (date(2026, 6, 20), "maya-runs", "tiktok",
         "https://www.tiktok.com/@maya.runs/video/7380000000000000001",
         None, None, 900, 45, 30, None, 20000, None, 2),
        # `undefined` is not reported
        (date(2026, 6, 20), "maya-runs", "tiktok",
         "https://www.tiktok.com/@maya.runs/video/7380000000000000002",
         None, None, None, 12, 3, None, 5000, None, 3),
    ]


def _write_xlsx(path: Path, rows: list[list[str]]) -> None:
    """A one-sheet workbook with every cell stored as text, as TikTok Studio writes it."""
    def column(index: int) -> str:
        return chr(ord("A") + index)

    cells = "".join(
        f'<row r="{r + 1}">' + "".join(
            f'<c r="{column(c)}{r + 1}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
            for c, value in enumerate(row)) + "</row>"
        for r, row in enumerate(rows))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'))
        book.writestr("_rels/.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{rels}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"))
        book.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rels}">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        book.writestr("xl/_rels/workbook.xml.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"))
        book.writestr("xl/worksheets/sheet1.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
            f"{cells}</sheetData></worksheet>"))


def test_tiktok_xlsx_download_reads_like_its_csv(copy_program: Callable[[str], Path]) -> None:
    root = copy_program("real-exports")
    folder = root / TIKTOK
    with (folder / "Content.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    (folder / "Content.csv").unlink()
    _write_xlsx(folder / "Content.xlsx", rows)
    program, problems = load_program(root)
    assert not [p for p in problems if p.severity == "error"]
    posts = program.campaigns["spring-run"].metrics.posts
    assert list(posts.filter(pl.col("source") == f"{TIKTOK}/Content.xlsx")
                .select(POST_COLUMNS).iter_rows()) == posts_of(f"{TIKTOK}/Content.csv")


def test_youtube_in_english_without_likes_reports_no_engagements() -> None:
    assert posts_of(f"{YT_EN}/Table data.csv") == [
        # the id's leading space is Studio's, not the id's
        (date(2026, 6, 20), "ben-bakes", "youtube", "https://www.youtube.com/watch?v=-HHGH-TTqYM",
         30000, None, None, None, None, None, 3000, None, 3),
    ]


def test_youtube_in_german_with_soft_hyphens_and_net_negative_likes() -> None:
    assert posts_of(f"{YT_DE}/Tabellendaten.csv") == [
        (date(2026, 6, 20), "caro-cooks", "youtube", "https://www.youtube.com/watch?v=vidCaro0001",
         15000, None, 45, 5, None, None, 2000, None, 3),
        (date(2026, 6, 20), "caro-cooks", "youtube", "https://www.youtube.com/watch?v=vidCaro0002",
         5000, None, -5, 0, None, None, 500, None, 4),
    ]


def test_youtube_in_portuguese() -> None:
    assert posts_of(f"{YT_PT}/Dados da tabela.csv") == [
        (date(2026, 6, 20), "dani-dances", "youtube",
         "https://www.youtube.com/watch?v=daniVid0001", 9000, None, 60, 8, 4, None, 1000, None,
         3),
    ]


def test_shopify_with_crlf_and_combined_codes() -> None:
    program, _ = load("real-exports")
    orders = program.campaigns["spring-run"].metrics.orders
    assert list(orders.select("order_id", "date", "code", "revenue", "converts", "line")
                .iter_rows()) == [
        # FREESHIP, MAYA15: the roster's code; the note spans lines 2–3, its line item is 4
        ("#2001", date(2026, 5, 27), "MAYA15", Decimal("59.90"), True, 2),
        ("#2002", date(2026, 6, 1), "BEN10", Decimal("30.00"), True, 5),
        ("#2003", date(2026, 7, 20), "CARO5", Decimal("25.50"), True, 6),
        ("#2004", date(2026, 6, 2), "FREESHIP", Decimal("40.00"), True, 7),
        ("#2005", date(2026, 6, 5), "DANI20", Decimal("0.00"), False, 8),
        ("#2006", date(2026, 6, 10), "dani20", Decimal("40.00"), True, 9),
    ]


def _exact(numerator: int | str, denominator: int | str) -> float | None:
    return None if Fraction(denominator) == 0 else float(Fraction(numerator)
                                                         / Fraction(denominator))


def test_kpis_of_real_exports_cover_exactly_what_reports_them() -> None:
    program, _ = load("real-exports")
    doc = kpi_json(compute_campaign_kpis(program, "spring-run"))
    assert doc["as_of"] == "2026-07-20"
    assert doc["totals"] == {
        "spend": 555.0, "impressions": 66000, "reach": 4000, "engagements": 1612,
        "clicks": None, "conversions": 3, "revenue": 129.9,
        "engagement_rate": _exact(385, 4000),             # the one post with reach
        "engagement_rate_followers": _exact(1612, 52300),
        "ctr": None, "cvr": None,                          # no post reports clicks
        "cpe": _exact("405", 1612),   # spend of maya, caro, dani: their posts report engagements
        "cpm": _exact(555 * 1000, 66000),
        "cpa": _exact(555, 3), "roas": _exact("129.90", 555),
        "roi": _exact(Fraction("129.90") - 555, 555),
    }
    assert doc["coverage"] == {
        "impressions": {"posts": 6, "of": 8}, "reach": {"posts": 1, "of": 8},
        "engagements": {"posts": 7, "of": 8}, "clicks": {"posts": 0, "of": 8},
        "engagement_rate": {"posts": 1, "of": 8},
        "engagement_rate_followers": {"posts": 7, "of": 8},
        "ctr": {"posts": 0, "of": 8}, "cvr": {"creators": 0, "of": 4},
        "cpe": {"posts": 7, "of": 8}, "cpm": {"posts": 6, "of": 8},
        "cpa": {"creators": 4, "of": 4}, "roas": {"creators": 4, "of": 4},
        "roi": {"creators": 4, "of": 4},
    }
    assert doc["creators"]["ben-bakes"] == {
        "spend": 150.0, "impressions": 30000, "reach": None, "engagements": None,
        "clicks": None, "conversions": 1, "revenue": 30.0, "engagement_rate": None,
        "engagement_rate_followers": None, "ctr": None, "cvr": None, "cpe": None,
        "cpm": 5.0, "cpa": 150.0, "roas": 0.2, "roi": -0.8,
    }
    caro = doc["creators"]["caro-cooks"]
    assert (caro["engagements"], caro["engagement_rate_followers"], caro["conversions"],
            caro["cpa"], caro["roas"]) == (45, _exact(45, 10000), 0, None, 0.0)


def test_orders_count_inside_the_attribution_window_only(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("real-exports")
    spec = root / "campaigns/spring-run/campaign.yml"
    spec.write_text(spec.read_text().replace(
        "disclosure:", "tracking:\n  landing_url: https://acme.example/run\n"
        "  attribution_days: 40\ndisclosure:"))
    program, problems = load_program(root)
    assert "outside the attribution window" not in " ".join(p.message for p in problems)
    caro = kpi_json(compute_campaign_kpis(program, "spring-run"))["creators"]["caro-cooks"]
    assert (caro["conversions"], caro["revenue"]) == (1, 25.5)   # 2026-07-20 ≤ 06-15 + 40 days


# ---- what is refused, and how the user learns why ------------------------------------------

def test_two_roster_codes_in_one_order_is_an_error_naming_both_creators(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("real-exports")
    path = root / SHOPIFY
    path.write_bytes(path.read_bytes().replace(b"FREESHIP, MAYA15", b"MAYA15, BEN10"))
    _, problems = load_program(root)
    assert [line for line in lines(problems) if ": error: " in line] == [
        f"{SHOPIFY}:2: error: column Discount Code: order #2001 combines the codes of maya-runs "
        "(MAYA15) and ben-bakes (BEN10); it cannot count for both",
    ]


def test_a_file_a_spreadsheet_resaved_with_semicolons_is_an_error_saying_so(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("real-exports")
    path = root / SHOPIFY
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(
        [[cell.replace("59.90", "59,90") for cell in row] for row in table])
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    _, problems = load_program(root)
    errors = [p for p in problems if p.severity == "error"]
    assert lines(errors) == [
        f"{SHOPIFY}:1: error: this file was re-saved by a spreadsheet (its cells are separated "
        "by semicolons, as a spreadsheet with decimal commas writes them), which changes how "
        "numbers and dates are written; it cannot be read reliably"]
    assert "without opening and saving it in a spreadsheet" in errors[0].hint


def test_a_number_a_spreadsheet_rewrote_as_5_52e12_is_an_error_saying_so(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("real-exports")
    path = root / SHOPIFY
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    table[3][table[0].index("Phone")] = "5,52E+12"     # order #2002, on line 5
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(table)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    _, problems = load_program(root)
    assert [line for line in lines(problems) if ": error: " in line] == [
        f"{SHOPIFY}:5: error: this file was re-saved by a spreadsheet (column Phone holds "
        "'5,52E+12'), which changes how numbers and dates are written; it cannot be read "
        "reliably"]


@pytest.mark.parametrize(("encoding", "likely"), [
    ("cp1252", "Windows-1252 (what Excel on Windows saves as 'CSV')"),
    ("utf-16-le", "UTF-16 without a byte order mark"),
])
def test_a_file_in_another_encoding_is_an_error_naming_it(
        copy_program: Callable[[str], Path], encoding: str, likely: str) -> None:
    root = copy_program("real-exports")
    path = root / YT_DE / "Tabellendaten.csv"
    # the header's "Veröffentlichungszeitpunkt", a typographic dash in a title
    text = path.read_text(encoding="utf-8").replace("\u00ad", "").replace("nach", "–")
    path.write_bytes(text.encode(encoding))
    _, problems = load_program(root)
    assert [line for line in lines(problems) if ": error: " in line] == [
        f"{YT_DE}/Tabellendaten.csv:1: error: file is not UTF-8; it looks like {likely}"]


def test_utf16_with_a_byte_order_mark_is_read(copy_program: Callable[[str], Path]) -> None:
    root = copy_program("real-exports")
    path = root / YT_PT / "Dados da tabela.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    program, problems = load_program(root)
    assert not [p for p in problems if p.severity == "error"]
    assert len(program.campaigns["spring-run"].metrics.posts.filter(
        pl.col("creator") == "dani-dances")) == 1


@pytest.mark.parametrize(("name", "snapshot"), [
    ("May-25-2026_Jun-21-2026_1493633672508178.csv", date(2026, 6, 21)),
    ("instagram-2026-06-18.csv", date(2026, 6, 18)),
])
def test_instagram_date_from_metas_name_or_an_iso_date(
        copy_program: Callable[[str], Path], name: str, snapshot: date) -> None:
    root = copy_program("real-exports")
    (root / INSTAGRAM).rename(root / METRICS / name)
    program, _ = load_program(root)
    posts = program.campaigns["spring-run"].metrics.posts
    assert posts.filter(pl.col("platform") == "instagram")["date"].unique().to_list() == [
        snapshot]


def test_tiktok_content_without_a_date_in_its_name_or_folder_is_an_error(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("real-exports")
    shutil.move(root / TIKTOK, root / METRICS / "TikTok")
    _, problems = load_program(root)
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.path, p.line, p.code) for p in errors] == [
        (f"{METRICS}/TikTok/Content.csv", None, "snapshot-date")]


def test_an_amount_with_a_decimal_comma_is_an_error_saying_the_file_was_resaved(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("real-exports")
    path = root / SHOPIFY
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    table[3][table[0].index("Total")] = "30,00"     # order #2002, on line 5
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(table)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    _, problems = load_program(root)
    errors = [p for p in problems if p.severity == "error"]
    assert lines(errors) == [f"{SHOPIFY}:5: error: column Total: '30,00' has a decimal comma: "
                             "the file was re-saved by a spreadsheet"]
    assert "without opening and saving it in a spreadsheet" in errors[0].hint


def test_the_kpi_page_says_what_each_figure_covers_and_why() -> None:
    program, _ = load("real-exports")
    ctx = site_context(program, "team")
    page = str(render_kpi_files(ctx, "spring-run")["campaigns/spring-run/kpis.md"])
    assert (
        "Not every post reports every metric: impressions over 6 of 8 posts; reach over 1 of 8 "
        "posts; engagements over 7 of 8 posts; clicks over none of 8 posts; engagement rate by "
        "reach over 1 of 8 posts; engagement rate by followers over 7 of 8 posts; click-through "
        "rate over none of 8 posts; conversion rate over none of 4 creators; cost per engagement "
        "over 7 of 8 posts; cost per 1,000 impressions over 6 of 8 posts. Instagram reports no "
        "clicks; TikTok reports no impressions, reach or clicks; YouTube reports no reach or "
        "clicks.") in page
