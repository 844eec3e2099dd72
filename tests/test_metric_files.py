"""SPEC §3 and §14: metric CSVs and history.csv, validated row by row, UTF-8 with or without BOM."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from builder.load.program import load_program
from tests.conftest import lines, load, problem_lines

POSTS_HEADER = ("date,creator,platform,deliverable,post_url,impressions,reach,likes,comments,"
                "shares,saves,video_views,clicks")


def test_a_bad_cell_is_an_error_naming_the_line_and_the_column() -> None:
    assert problem_lines("metric-csv-errors") == [
        "campaigns/spring-glow/metrics/ga4-sessions.csv:1: error: unrecognised header "
        "'Session source,Sessions,Engaged sessions'",
        "campaigns/spring-glow/metrics/orders.csv:3: error: column revenue: '$18.50' is not an "
        "amount",
        "campaigns/spring-glow/metrics/posts-2026-03-20.csv:3: error: column reach: '4.1k' is not "
        "a whole number of zero or more",
        "campaigns/spring-glow/metrics/posts-2026-03-20.csv:4: error: column date: '2026-02-30' "
        "is not a date (YYYY-MM-DD)",
        "campaigns/spring-glow/metrics/posts-2026-03-20.csv:5: error: column creator: 'jo-lifts' "
        "is not a creator on the roster of 'spring-glow'",
    ]


def test_rows_are_read_in_canonical_form_with_their_source_line() -> None:
    program, _ = load("minimal")
    metrics = program.campaigns["spring-bake"].metrics
    assert metrics.files == ("campaigns/spring-bake/metrics/orders.csv",
                             "campaigns/spring-bake/metrics/posts.csv")
    assert metrics.posts.select("date", "creator", "post_url", "reach", "likes", "video_views",
                                "clicks", "line").rows() == [
        # a blank cell is not reported (None), never 0
        (date(2026, 3, 11), "ana-bakes", "https://instagram.com/p/abc", 800, 90, None, 15, 2),
        (date(2026, 3, 18), "ana-bakes", "https://instagram.com/p/abc", 1100, 120, None, 22, 3),
    ]
    assert metrics.orders.select("order_id", "code", "utm_content", "revenue", "currency",
                                 "converts").rows() == [
        ("1001", "ANA10", None, Decimal("42.00"), "USD", True),
        ("1002", None, "ana-bakes", Decimal("18.50"), "USD", True),
    ]
    assert program.campaigns["spring-bake"].metrics.posts["date"].max() == date(2026, 3, 18)


def test_utf8_with_a_byte_order_mark_and_crlf_line_ends_is_accepted() -> None:
    program, problems = load("csv-bom")
    assert problems == []
    campaign = program.campaigns["spring-glow"]
    assert campaign.metrics.posts.select("date", "reach", "clicks").rows() == [
        (date(2026, 3, 20), 4100, 90)]
    assert campaign.metrics.orders.select("order_id", "revenue").rows() == [
        ("1001", Decimal("42.00"))]
    assert [(r.date, r.followers) for r in program.creators["maya-runs"].history] == [
        (date(2026, 2, 28), 8400)]


def test_a_file_that_is_not_utf8_is_reported_at_its_first_bad_line() -> None:
    assert problem_lines("not-utf8") == [
        "campaigns/spring-glow/metrics/orders.csv:3: error: file is not UTF-8; it looks like "
        "ISO-8859-1 (Latin-1) or Windows-1252",
        "creators/maya-runs/profile.yml:5: error: file is not valid UTF-8",
    ]


def test_blank_lines_are_not_rows(copy_program: Callable[[str], Path]) -> None:
    root = copy_program("minimal")
    posts = root / "campaigns/spring-bake/metrics/posts.csv"
    posts.write_text(POSTS_HEADER + "\n\n"
                     "2026-03-11,ana-bakes,instagram,,https://instagram.com/p/abc,1,1,1,1,1,1,,x\n"
                     "\n")
    _, problems = load_program(root)
    assert lines(problems) == [
        "campaigns/spring-bake/metrics/posts.csv:3: error: column clicks: 'x' is not a whole "
        "number of zero or more",
    ]


def test_a_file_that_reads_cleanly_is_still_checked_cell_by_cell(
        copy_program: Callable[[str], Path]) -> None:
    # Files without spaces or quotes take the fast reader; each fault alone must still be found.
    root = copy_program("minimal")
    metrics = root / "campaigns/spring-bake/metrics"
    url = "https://instagram.com/p/abc"
    for name, row in (
            ("negative", f"2026-03-11,ana-bakes,instagram,ig-post-1,{url},1,1,-3,1,1,1,,1"),
            ("no-date", f",ana-bakes,instagram,ig-post-1,{url},1,1,3,1,1,1,,1"),
            ("no-creator", f"2026-03-11,,instagram,ig-post-1,{url},1,1,3,1,1,1,,1"),
            ("no-url", "2026-03-11,ana-bakes,instagram,ig-post-1,,1,1,3,1,1,1,,1")):
        (metrics / f"posts-{name}.csv").write_text(f"{POSTS_HEADER}\n{row}\n")
    (metrics / "orders-no-revenue.csv").write_text(
        "order_id,date,code,utm_content,revenue,currency\n1003,2026-03-12,ANA10,,,USD\n")
    _, problems = load_program(root)
    assert lines(problems) == [
        "campaigns/spring-bake/metrics/orders-no-revenue.csv:2: error: column revenue: a blank "
        "cell is not an amount",
        "campaigns/spring-bake/metrics/posts-negative.csv:2: error: column likes: '-3' is not a "
        "whole number of zero or more",
        "campaigns/spring-bake/metrics/posts-no-creator.csv:2: error: column creator: a blank "
        "cell is not a creator on the roster of 'spring-bake'",
        "campaigns/spring-bake/metrics/posts-no-date.csv:2: error: column date: a blank cell is "
        "not a date (YYYY-MM-DD)",
        "campaigns/spring-bake/metrics/posts-no-url.csv:2: error: column post_url: a blank cell "
        "is not a post URL",
    ]


def test_a_date_before_1900_is_not_a_date(copy_program: Callable[[str], Path]) -> None:
    # The date parser reads these as year 0, year 99 and year -2026: a two-digit year from a
    # spreadsheet, or years no page or feed can show.
    root = copy_program("minimal")
    metrics = root / "campaigns/spring-bake/metrics"
    (metrics / "posts.csv").write_text(
        f"{POSTS_HEADER}\n"
        "0000-03-11,ana-bakes,instagram,ig-post-1,https://instagram.com/p/abc,1,1,3,1,1,1,,1\n"
        "26-03-12,ana-bakes,instagram,ig-post-2,https://instagram.com/p/abd,1,1,3,1,1,1,,1\n")
    (metrics / "orders.csv").write_text(
        "order_id,date,code,utm_content,revenue,currency\n1001,-2026-03-12,ANA10,,42.00,USD\n"
        "1002,1899-12-31,ANA10,,42.00,USD\n1003,1900-01-01,ANA10,,42.00,USD\n")
    _, problems = load_program(root)
    assert lines(problems) == [
        # 1900-01-01 is a date, long before the campaign.
        "campaigns/spring-bake/metrics/orders.csv: notice: left out 1 of 1 attributed orders: "
        "dated outside the attribution window of 'spring-bake', 2026-03-01 to 2026-05-15",
        "campaigns/spring-bake/metrics/orders.csv:2: error: column date: '-2026-03-12' is not a "
        "date (YYYY-MM-DD)",
        "campaigns/spring-bake/metrics/orders.csv:3: error: column date: '1899-12-31' is not a "
        "date (YYYY-MM-DD)",
        "campaigns/spring-bake/metrics/posts.csv:2: error: column date: '0000-03-11' is not a "
        "date (YYYY-MM-DD)",
        "campaigns/spring-bake/metrics/posts.csv:3: error: column date: '26-03-12' is not a "
        "date (YYYY-MM-DD)",
    ]


def test_a_canonical_file_missing_a_column_is_an_unrecognised_header(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("minimal")
    (root / "campaigns/spring-bake/metrics/orders.csv").write_text(
        "order_id,date,revenue\n1001,2026-03-12,42.00\n")
    _, problems = load_program(root)
    assert lines(problems) == [
        "campaigns/spring-bake/metrics/orders.csv:1: error: unrecognised header "
        "'order_id,date,revenue'",
    ]
    assert problems[0].hint.startswith(
        "Use the canonical header `order_id,date,code,utm_content,revenue,currency`")


def test_an_empty_metric_file_is_an_error(copy_program: Callable[[str], Path]) -> None:
    root = copy_program("minimal")
    (root / "campaigns/spring-bake/metrics/empty.csv").write_bytes(b"")
    _, problems = load_program(root)
    assert lines(problems) == [
        "campaigns/spring-bake/metrics/empty.csv:1: error: the file is empty"]


def test_history_rows_are_checked_one_by_one() -> None:
    assert problem_lines("history-bad-rows") == [
        "creators/maya-runs/history.csv:3: error: column date: expected a real calendar "
        "date as YYYY-MM-DD (got '2026-02-30')",
        "creators/maya-runs/history.csv:4: error: column platform: expected one of "
        "instagram, tiktok, youtube, threads, pinterest, twitch, blog, other (got 'insta')",
        "creators/maya-runs/history.csv:5: error: row has 4 cells, the header has 3",
        "creators/maya-runs/history.csv:6: error: column followers: expected a whole "
        "number (got 'many')",
    ]
    program, _ = load("history-bad-rows")
    assert [(r.date, r.followers, r.line) for r in program.creators["maya-runs"].history] == [
        (date(2026, 1, 31), 7900, 2)]


def test_a_history_file_with_another_header_is_an_error(
        copy_program: Callable[[str], Path]) -> None:
    root = copy_program("minimal")
    (root / "creators/ana-bakes/history.csv").write_text("Date,Followers\n2026-01-31,3900\n")
    _, problems = load_program(root)
    assert lines(problems) == [
        "creators/ana-bakes/history.csv:1: error: unrecognised header 'Date,Followers'"]
    assert problems[0].hint == "The header of history.csv is exactly `date,platform,followers`."


def test_a_broken_campaign_yml_does_not_hide_its_metric_files_problems() -> None:
    # Nothing that needs the roster is checked while campaign.yml is invalid; everything else
    # is, so one run shows every problem.
    assert problem_lines("broken-campaign-metrics") == [
        "campaigns/spring-glow/campaign.yml:6:34: error: budget.currency: not an ISO 4217 "
        "currency code; write one such as USD, EUR or GBP (got 'ABC')",
        "campaigns/spring-glow/campaign.yml:9:10: error: creators[0].fee: expected a plain "
        "number (got 'two hundred')",
        "campaigns/spring-glow/metrics/orders.csv:3: error: column revenue: '$18.50' is not an "
        "amount",
        "campaigns/spring-glow/metrics/orders.csv:4: error: column currency: 'ABC' is not an "
        "ISO 4217 currency code",
        "campaigns/spring-glow/metrics/posts-2026-03-21.csv:3: error: column reach: '4.1k' is "
        "not a whole number of zero or more",
    ]
