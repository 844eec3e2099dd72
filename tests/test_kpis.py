"""KPIs exactly as SPEC §5 defines them, checked against figures worked out by hand.

Fixture tests/programs/kpis-exports, campaign spring-kit (USD; rate EUR/USD 1.10 in mkdocs.yml).
A metric a platform does not report is not 0: Instagram exports report no clicks, YouTube no
reach, saves or clicks. Each ratio covers exactly the posts that report both of its parts.

lena-lifts  (instagram 5,000 followers, tiktok 2,000; contracted: fee 400 + gift 50.50)
  reel LenaReel1   Instagram export 03-20 beats the canonical 03-12 snapshot of the same post
                   written another way: imp 2000, reach 1500, 120+15+10+8 = 153, clicks n/r
  p/LenaCode       export, code in the description: 600, 500, 40+4+2+6 = 52, clicks n/r
  p/LenaTag        export, #acmekit: 400, 300, 20+2+1+1 = 24, clicks n/r
  tiktok 111       canonical 03-25 beats 03-12: 4000, 3200, 260+12+20+8 = 300, 55 clicks
  → 4 posts: impressions 7000, reach 5500, engagements 529, followers 3×5000 + 2000 = 17000;
    clicks 55 over 1 post (CTR 55 / 4000: that post's impressions only)
  orders: #1001 100.00 (Shopify row wins over the canonical duplicate 999.00, code in lower
  case); #1006 20.00 EUR × 1.10 = 22.00; #1003 voided → 2 conversions, 122.00
omar-cooks  (youtube 2,000, instagram 3,000; delivered: fee 300)
  p/OmarPost1      two snapshots on 03-14: the later file wins: 1600, 1300, 95+6+1+3 = 105, 14
  yt -abc123       12000 impressions, reach n/r, 100+7+3 = 110
  yt xyz789        4000, reach n/r, 30+2+1 = 33 (#AcmeKit in its title)
  → 3 posts: impressions 17600, engagements 248, followers 3000 + 2×2000 = 7000;
    reach 1300 and clicks 14 over 1 post (ER by reach 105 / 1300, CTR 14 / 1600)
  orders: #1002 80.00 − 30.00 refunded = 50.00; #1005 cancelled, #1007 refunded → 1, 50.00
pia-reads   (invited: no spend, no posts: every post figure not reported)
  orders: W-1 by utm_content 45.50; W-2 code PIA20 beats utm omar-cooks 12.25 → 2, 57.75
Left out: #1004 (no code), W-3 (utm of nobody on the roster).
"""

from __future__ import annotations

import functools
import html as html_lib
import json
import posixpath
import re
import shutil
from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.audience import Audience, filter_program
from builder.kpi import (
    KPI_NAMES,
    SUM_NAMES,
    check_targets,
    compute_campaign_kpis,
    compute_portfolio,
    engagement_history,
    figures_json,
    kpi_json,
)
from builder.load.program import load_program
from builder.model.program import ORDERS_SCHEMA, POSTS_SCHEMA, CampaignMetrics, Program
from builder.render.context import SiteFiles
from builder.render.pages.kpis import render_kpi_files
from tests.conftest import site_context

FIXTURE = Path(__file__).parent / "programs" / "kpis-exports"

Parts = tuple[int | str, int | str] | None
"""The numerator and denominator of a ratio, over the posts that report both; None if none."""


def exact(numerator: int | str, denominator: int | str) -> float | None:
    """numerator / denominator at full precision, as the JSON publishes it; None for n/a."""
    if Fraction(denominator) == 0:
        return None
    return float(Fraction(numerator) / Fraction(denominator))


def figures(spend: str, impressions: int | None, reach: int | None, engagements: int | None,
            clicks: int | None, conversions: int, revenue: str, *, er: Parts = None,
            erf: Parts = None, ctr: Parts = None, cvr: Parts = None, cpe: Parts = None,
            cpm: Parts = None) -> dict[str, object]:
    """The JSON entry worked out by hand, independently of the code under test: the sums, and
    for each ratio of post metrics the two parts over the posts that report both."""

    def ratio(parts: Parts, scale: int = 1) -> float | None:
        return None if parts is None else exact(Fraction(parts[0]) * scale, parts[1])

    spent, sold = Fraction(spend), Fraction(revenue)
    return {
        "spend": float(spend), "impressions": impressions, "reach": reach,
        "engagements": engagements, "clicks": clicks, "conversions": conversions,
        "revenue": float(revenue),
        "engagement_rate": ratio(er), "engagement_rate_followers": ratio(erf),
        "ctr": ratio(ctr), "cvr": ratio(cvr), "cpe": ratio(cpe), "cpm": ratio(cpm, 1000),
        "cpa": exact(spend, conversions), "roas": exact(revenue, spend),
        "roi": None if spent == 0 else float((sold - spent) / spent),
    }


LENA = figures("450.50", 7000, 5500, 529, 55, 2, "122.00", er=(529, 5500), erf=(529, 17000),
               ctr=(55, 4000), cvr=(2, 55), cpe=("450.50", 529), cpm=("450.50", 7000))
OMAR = figures("300", 17600, 1300, 248, 14, 1, "50.00", er=(105, 1300), erf=(248, 7000),
               ctr=(14, 1600), cvr=(1, 14), cpe=(300, 248), cpm=(300, 17600))
PIA = figures("0", None, None, None, None, 2, "57.75")
TOTALS = figures("750.50", 24600, 6800, 777, 69, 5, "229.75", er=(529 + 105, 5500 + 1300),
                 erf=(777, 24000), ctr=(55 + 14, 4000 + 1600), cvr=(2 + 1, 55 + 14),
                 cpe=("750.50", 777), cpm=("750.50", 24600))


def coverage(posts: int, creators: int, *, impressions: int, reach: int, engagements: int,
             clicks: int, er: int, erf: int, ctr: int, cvr: int) -> dict[str, object]:
    """How many posts (or creators) each figure covers, worked out by hand."""
    return {
        "impressions": {"posts": impressions, "of": posts},
        "reach": {"posts": reach, "of": posts},
        "engagements": {"posts": engagements, "of": posts},
        "clicks": {"posts": clicks, "of": posts},
        "engagement_rate": {"posts": er, "of": posts},
        "engagement_rate_followers": {"posts": erf, "of": posts},
        "ctr": {"posts": ctr, "of": posts}, "cvr": {"creators": cvr, "of": creators},
        "cpe": {"posts": engagements, "of": posts}, "cpm": {"posts": impressions, "of": posts},
        "cpa": {"creators": creators, "of": creators},
        "roas": {"creators": creators, "of": creators},
        "roi": {"creators": creators, "of": creators},
    }


LENA_COVERAGE = coverage(4, 1, impressions=4, reach=4, engagements=4, clicks=1, er=4, erf=4,
                         ctr=1, cvr=1)
OMAR_COVERAGE = coverage(3, 1, impressions=3, reach=1, engagements=3, clicks=1, er=1, erf=3,
                         ctr=1, cvr=1)
PIA_COVERAGE = coverage(0, 1, impressions=0, reach=0, engagements=0, clicks=0, er=0, erf=0,
                        ctr=0, cvr=0)
TOTALS_COVERAGE = coverage(7, 3, impressions=7, reach=5, engagements=7, clicks=2, er=5, erf=7,
                           ctr=2, cvr=2)


@functools.cache
def fixture_program() -> Program:
    loaded, problems = load_program(FIXTURE)
    assert not [p for p in problems if p.severity == "error"]
    return loaded


@pytest.fixture
def program() -> Program:
    return fixture_program()


def test_campaign_json_has_every_figure_worked_out_by_hand(program: Program) -> None:
    assert kpi_json(compute_campaign_kpis(program, "spring-kit")) == {
        "campaign": "spring-kit", "currency": "USD", "as_of": "2026-03-25",
        "totals": TOTALS, "coverage": TOTALS_COVERAGE,
        "creators": {"lena-lifts": LENA, "omar-cooks": OMAR, "pia-reads": PIA},
        "creators_coverage": {"lena-lifts": LENA_COVERAGE, "omar-cooks": OMAR_COVERAGE,
                              "pia-reads": PIA_COVERAGE},
    }


def test_hand_figures_spelled_out(program: Program) -> None:
    # A few of the same figures as literals, so a slip in `figures` cannot hide one in the code.
    totals = kpi_json(compute_campaign_kpis(program, "spring-kit"))["totals"]
    assert totals["engagement_rate"] == 634 / 6800       # YouTube's videos report no reach
    assert totals["engagement_rate_followers"] == 777 / 24000
    assert totals["ctr"] == 69 / 5600                    # the two posts that report clicks
    assert totals["cpm"] == 30.508130081300813             # 750.50 / 24600 × 1000
    assert totals["cpa"] == 150.1                        # 750.50 / 5
    assert totals["roi"] == (229.75 - 750.50) / 750.50   # full precision: no rounding
    assert PIA["cpa"] == 0.0 and PIA["roas"] is None      # no spend: CPA 0, ROAS n/a
    assert PIA["impressions"] is None and PIA["engagement_rate"] is None  # no post: not 0


def test_creator_build_holds_only_its_own_entry_and_no_totals(program: Program) -> None:
    doc = kpi_json(compute_campaign_kpis(program, "spring-kit"), creators_only="omar-cooks")
    assert doc == {"campaign": "spring-kit", "currency": "USD", "as_of": "2026-03-25",
                   "creators": {"omar-cooks": OMAR},
                   "creators_coverage": {"omar-cooks": OMAR_COVERAGE}}


def test_campaign_without_metrics_has_null_rates_and_no_as_of(program: Program) -> None:
    nothing = coverage(0, 1, impressions=0, reach=0, engagements=0, clicks=0, er=0, erf=0,
                       ctr=0, cvr=0)
    assert kpi_json(compute_campaign_kpis(program, "herbst-kit")) == {
        "campaign": "herbst-kit", "currency": "EUR", "as_of": None,
        "totals": figures("100", None, None, None, None, 0, "0"), "coverage": nothing,
        "creators": {"omar-cooks": figures("100", None, None, None, None, 0, "0")},
        "creators_coverage": {"omar-cooks": nothing},
    }


def test_portfolio_sums_campaigns_per_brand_and_creator_per_currency(program: Program) -> None:
    # summer-kit: lena's p/LenaSummer 1000, 900, 80+5+3+2 = 90, 10 clicks (5,000 followers);
    # order S-1 30.00; fee 200, paid
    portfolio = compute_portfolio(program)
    lena = figures("650.50", 8000, 6400, 619, 65, 3, "152.00", er=(619, 6400),
                   erf=(619, 22000), ctr=(65, 5000), cvr=(3, 65), cpe=("650.50", 619),
                   cpm=("650.50", 8000))
    acme = figures("950.50", 25600, 7700, 867, 79, 6, "259.75", er=(634 + 90, 6800 + 900),
                   erf=(867, 29000), ctr=(69 + 10, 5600 + 1000), cvr=(4, 79),
                   cpe=("950.50", 867), cpm=("950.50", 25600))
    herbst = figures("100", None, None, None, None, 0, "0")
    assert portfolio.as_of == date(2026, 6, 21)
    assert [(e.key, e.currency, e.campaigns, figures_json(e.figures, e.currency))
            for e in portfolio.by_brand] == [
        ("acme", "USD", ("spring-kit", "summer-kit"), acme),
        ("bergwerk", "EUR", ("herbst-kit",), herbst),
    ]
    assert [(e.key, e.currency, e.campaigns, figures_json(e.figures, e.currency))
            for e in portfolio.by_creator] == [
        ("lena-lifts", "USD", ("spring-kit", "summer-kit"), lena),
        ("omar-cooks", "EUR", ("herbst-kit",), herbst),
        ("omar-cooks", "USD", ("spring-kit",), OMAR),
        ("pia-reads", "USD", ("spring-kit",), PIA),
    ]
    summed = portfolio.by_creator[0].figures
    assert summed.engagement_rate == Decimal(619) / Decimal(6400)   # ratio of sums, not a mean
    assert summed.roas == Decimal("152.00") / Decimal("650.50")


def test_targets_are_judged_on_the_published_figures(program: Program) -> None:
    kpis = compute_campaign_kpis(program, "spring-kit")
    assert [(r.kpi, r.target, r.value, r.met) for r in
            check_targets(program.campaigns["spring-kit"].spec.targets, kpis.totals)] == [
        ("engagement_rate", Decimal("0.05"), Decimal("0.093235"), True),    # 634 / 6800
        ("engagement_rate_followers", Decimal("0.05"), Decimal("0.032375"), False),
        ("ctr", Decimal("0.01"), Decimal("0.012321"), True),    # 69 / 5600
        ("cpa", Decimal(100), Decimal("150.100000"), False),    # a cost: met at or below
        ("roas", Decimal("1.5"), Decimal("0.306129"), False),
    ]


def test_engagement_history_adds_each_posts_latest_snapshot_by_date(program: Program) -> None:
    history = engagement_history(program.campaigns["spring-kit"].metrics.posts)
    assert history == {
        # 03-12: reel 60 + tiktok 230; 03-20: reel 153, code 52, tag 24; 03-25: tiktok 300
        "lena-lifts": [(date(2026, 3, 12), 290), (date(2026, 3, 20), 459),
                       (date(2026, 3, 25), 529)],
        "omar-cooks": [(date(2026, 3, 14), 105), (date(2026, 3, 22), 248)],
    }


def test_committing_the_same_exports_twice_changes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "program"
    shutil.copytree(FIXTURE, root)
    metrics = root / "campaigns" / "spring-kit" / "metrics"
    for name in ("shopify-2026-03-31.csv", "instagram-2026-03-20.csv", "orders-2026-03-15.csv",
                 "posts-2026-03-25.csv"):
        shutil.copy(metrics / name, metrics / name.replace(".csv", " (copy).csv"))
    shutil.copy(metrics / "omar-cooks" / "Table data 2026-03-22.csv",
                metrics / "omar-cooks" / "Table data 2026-03-22 (1).csv")
    copied, problems = load_program(root)
    assert not [p for p in problems if p.severity == "error"]
    assert kpi_json(compute_campaign_kpis(copied, "spring-kit"))["totals"] == TOTALS
    assert kpi_json(compute_campaign_kpis(copied, "spring-kit"))["creators"]["lena-lifts"] == LENA


# ---- invariants over generated metrics (hypothesis) ----------------------------------------

HANDLES = ("lena-lifts", "omar-cooks", "pia-reads", "ivy-bakes")
"""ivy-bakes is not on the roster: her rows and codes must never count."""
PLATFORMS = ("instagram", "tiktok", "youtube")
CODES = ("LENA10", "lena10", "OMAR5", "PIA20", "NOPE", None)

counts = st.one_of(st.none(), st.integers(min_value=0, max_value=5000))
"""A count, or None: not reported."""
snapshots = st.lists(st.tuples(
    st.dates(min_value=date(2026, 3, 1), max_value=date(2026, 3, 10)),
    st.sampled_from(HANDLES[:3]), st.sampled_from(PLATFORMS),
    st.sampled_from([f"https://www.instagram.com/p/P{i}/" for i in range(6)]
                    + [f"instagram.com/p/P{i}" for i in range(3)]),
    counts, counts, counts, counts, counts, counts, counts, counts), max_size=25)
orders = st.lists(st.tuples(
    st.sampled_from([f"#{i}" for i in range(8)]),
    st.dates(min_value=date(2026, 3, 1), max_value=date(2026, 3, 10)),
    st.sampled_from(CODES), st.sampled_from((*HANDLES, None)),
    st.decimals(min_value=0, max_value=500, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(("USD", "USD", "EUR")), st.booleans()), max_size=25)


def with_metrics(program: Program, post_rows: list[tuple[object, ...]],
                 order_rows: list[tuple[object, ...]], copies: int = 1) -> Program:
    """The program with spring-kit's metrics replaced by the rows, committed `copies` times."""
    posts = [pl.DataFrame([(*row, f"m/posts-{n}.csv", i + 2) for i, row in enumerate(post_rows)],
                          schema=POSTS_SCHEMA, orient="row") for n in range(copies)]
    sales = [pl.DataFrame([(o[0], o[1], o[2], o[3], o[4], o[5], o[6], f"m/orders-{n}.csv", i + 2)
                           for i, o in enumerate(order_rows)], schema=ORDERS_SCHEMA, orient="row")
             for n in range(copies)]
    campaign = replace(program.campaigns["spring-kit"],
                       metrics=CampaignMetrics(posts=pl.concat(posts), orders=pl.concat(sales)))
    return replace(program, campaigns={**program.campaigns, "spring-kit": campaign})


def post_tuple(row: tuple[object, ...]) -> tuple[object, ...]:
    day, handle, platform, url, *numbers = row
    return (day, handle, platform, None, url, *numbers)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots, orders)
def test_committing_the_same_metrics_again_changes_no_kpi(
        post_rows: list[tuple[object, ...]], order_rows: list[tuple[object, ...]]) -> None:
    base = fixture_program()
    rows = [post_tuple(r) for r in post_rows]
    once = kpi_json(compute_campaign_kpis(with_metrics(base, rows, order_rows), "spring-kit"))
    twice = kpi_json(compute_campaign_kpis(with_metrics(base, rows, order_rows, copies=2),
                                           "spring-kit"))
    assert once == twice


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots, orders)
def test_totals_are_the_sum_of_the_creators_parts(
        post_rows: list[tuple[object, ...]], order_rows: list[tuple[object, ...]]) -> None:
    base = fixture_program()
    program = with_metrics(base, [post_tuple(r) for r in post_rows], order_rows)
    kpis = compute_campaign_kpis(program, "spring-kit")
    assert list(kpis.creators) == ["lena-lifts", "omar-cooks", "pia-reads"]
    totals, parts = kpis.totals, list(kpis.creators.values())
    for name in ("spend", "conversions", "revenue", "posts", "creators"):
        assert getattr(totals, name) == sum(getattr(part, name) for part in parts), name
    for name, reported in totals.sums.items():
        assert (reported.total, reported.posts) == (
            sum(part.sums[name].total for part in parts),
            sum(part.sums[name].posts for part in parts)), name
    for name, pair in totals.pairs.items():
        assert (pair.numerator, pair.denominator, pair.covered) == (
            sum(part.pairs[name].numerator for part in parts),
            sum(part.pairs[name].denominator for part in parts),
            sum(part.pairs[name].covered for part in parts)), name
    # every total KPI is the ratio of the total sums (never a mean of the creators' ratios),
    # over the posts that report both parts; a sum no post reports is None, never 0
    by_reach = totals.pairs["engagement_rate"]
    assert totals.engagement_rate == (None if by_reach.denominator == 0
                                      else by_reach.numerator / by_reach.denominator)
    assert (totals.reach is None) == (totals.sums["reach"].posts == 0)
    assert totals.cpa == (None if totals.conversions == 0
                          else totals.spend / Decimal(totals.conversions))
    # the posts' creators and orders' codes decide nothing for someone not on the roster
    assert "ivy-bakes" not in kpis.creators


# ---- the KPI page and JSON files (SPEC §9) -------------------------------------------------

def _kpi_files(program: Program, kind: str, ident: str | None) -> SiteFiles:
    """render_kpi_files of every campaign, as the build calls it."""
    ctx = site_context(program, f"{kind}:{ident}" if ident else kind)
    return {path: content for slug in sorted(ctx.program.campaigns)
            for path, content in render_kpi_files(ctx, slug).items()}


def _pages(program: Program, kind: str, ident: str | None) -> dict[str, str]:
    """render_kpi_files, every file being text (JSON and Markdown)."""
    files = _kpi_files(program, kind, ident)
    assert all(isinstance(content, str) for content in files.values())
    return {path: str(content) for path, content in files.items()}


def _rows(html: str, caption: str) -> list[list[tuple[str | None, str]]]:
    """(data-sort, text) of every body cell of the table with `caption` (or the first one
    after a heading that starts with `caption`)."""
    start = html.index(caption)
    body = html[html.index("<tbody>", start):html.index("</tbody>", start)]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body):
        cells = re.findall(r'<td(?:[^>]*?data-sort="([^"]*)")?[^>]*>(.*?)</td>', row)
        rows.append([(key if key or 'data-sort=""' in row else None,
                      html_lib.unescape(re.sub(r"<[^>]+>", "", text))) for key, text in cells])
    return rows


def _number(key: str | None) -> float | int | None:
    if not key:
        return None
    return int(key) if re.fullmatch(r"-?[0-9]+", key) else float(key)


def test_every_figure_of_the_page_equals_the_json(program: Program) -> None:
    files = _pages(program, "brand", "acme")
    doc = json.loads(files["kpis/spring-kit.json"])
    page = files["campaigns/spring-kit/kpis.md"]
    assert doc["creators"] == {"lena-lifts": LENA, "omar-cooks": OMAR, "pia-reads": PIA}
    order = [*SUM_NAMES, *KPI_NAMES]
    table = _rows(page, "Amounts in USD")
    assert [row[0][1] for row in table] == ["Lena Vogel lena-lifts", "Omar Haddad omar-cooks",
                                           "Pia Novak pia-reads"]
    for row, handle in zip(table, ["lena-lifts", "omar-cooks", "pia-reads"], strict=True):
        assert {name: _number(key) for name, (key, _) in zip(order, row[1:], strict=True)} == \
            doc["creators"][handle]
    totals = _rows(page, "## Totals")
    assert {name: _number(row[1][0]) for name, row in zip(order, totals, strict=True)} == \
        doc["totals"]
    # formatted for people, from the same values
    assert [text for _, text in table[0][1:]] == [
        "$450.50", "7,000", "5,500", "529", "55", "2", "$122.00", "9.62%", "3.11%", "1.38%",
        "3.64%", "$0.85", "$64.36", "$225.25", "0.27×", "-72.92%"]
    # no post: every post figure is not reported (n/a), not 0
    assert [text for _, text in table[2][1:]] == ["$0.00"] + ["n/a"] * 4 + ["2", "$57.75"] + [
        "n/a"] * 6 + ["$0.00", "n/a", "n/a"]


def test_page_names_denominators_and_judges_targets(program: Program) -> None:
    page = _pages(program, "team", None)["campaigns/spring-kit/kpis.md"]
    assert page.startswith('---\ntitle: "KPIs"\n')
    targets = _rows(page, "## Against the targets")
    assert [[text for _, text in row] for row in targets] == [
        ["Engagement rate (by reach)", "at least 5.00%", "9.32%", "Met"],
        ["Engagement rate (by followers)", "at least 5.00%", "3.24%", "Missed"],
        ["Click-through rate", "at least 1.00%", "1.23%", "Met"],
        ["Cost per acquisition", "at most $100.00", "$150.10", "Missed"],
        ["Return on ad spend", "at least 1.50×", "0.31×", "Missed"],
    ]
    assert "Figures up to Mar 25, 2026" in page
    # the JSON download, relative to the page's URL campaigns/spring-kit/kpis/
    link = re.search(r'href="([^"]+)">spring-kit\.json<', page)
    assert link and posixpath.normpath(posixpath.join("campaigns/spring-kit/kpis/",
                                                      link.group(1))) == "kpis/spring-kit.json"
    assert page.count("<svg") == 4 and '<table class="nk-table nk-sortable">' in page
    sources = _rows(page, "Metric file")
    assert [[text for _, text in row] for row in sources] == [
        ["instagram-2026-03-20.csv", "3", "3", "0", "0"],
        ["omar-cooks/Table data 2026-03-22.csv", "2", "2", "0", "0"],
        ["orders-2026-03-15.csv", "0", "0", "4", "2"],
        ["posts-2026-03-12.csv", "3", "0", "0", "0"],
        ["posts-2026-03-25.csv", "2", "2", "0", "0"],
        ["shopify-2026-03-31.csv", "0", "0", "7", "3"],
    ]


def test_creator_gets_own_figures_only_and_public_gets_nothing(program: Program) -> None:
    visible = filter_program(program, Audience("creator", "lena-lifts"))
    files = _pages(visible, "creator", "lena-lifts")
    assert sorted(files) == ["campaigns/spring-kit/kpis.md", "campaigns/summer-kit/kpis.md",
                             "kpis/spring-kit.json", "kpis/summer-kit.json"]
    doc = json.loads(files["kpis/spring-kit.json"])
    assert doc == {"campaign": "spring-kit", "currency": "USD", "as_of": "2026-03-25",
                   "creators": {"lena-lifts": LENA},
                   "creators_coverage": {"lena-lifts": LENA_COVERAGE}}
    page = files["campaigns/spring-kit/kpis.md"]
    assert "## Totals" not in page and "750.50" not in page
    for other in ("omar-cooks", "pia-reads", "Omar", "Pia", "OMAR5", "PIA20", "Table data"):
        assert other not in page, other
    assert _kpi_files(filter_program(program, Audience("public")), "public", None) == {}


def test_creator_build_figures_equal_the_team_build(program: Program) -> None:
    doc = json.loads(_kpi_files(program, "creator", "omar-cooks")["kpis/spring-kit.json"])
    assert doc["creators"] == {"omar-cooks": OMAR}


def test_every_value_on_the_page_is_escaped(program: Program) -> None:
    creator = program.creators["lena-lifts"]
    hostile = creator.model_copy(update={"profile": creator.profile.model_copy(
        update={"name": '<img src=x onerror="alert(1)">'})})
    spring = program.campaigns["spring-kit"]
    titled = replace(spring, spec=spring.spec.model_copy(update={"title": "<script>x</script>"}))
    changed = replace(program, creators={**program.creators, "lena-lifts": hostile},
                      campaigns={**program.campaigns, "spring-kit": titled})
    page = _pages(changed, "team", None)["campaigns/spring-kit/kpis.md"]
    assert "<img" not in page and "<script" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_page_says_in_words_what_each_partial_figure_covers(program: Program) -> None:
    page = _pages(program, "team", None)["campaigns/spring-kit/kpis.md"]
    assert (
        "Not every post reports every metric: reach over 5 of 7 posts; clicks over 2 of 7 "
        "posts; engagement rate by reach over 5 of 7 posts; click-through rate over 2 of 7 "
        "posts; conversion rate over 2 of 3 creators. YouTube reports no reach or clicks."
    ) in page
    # a creator reads what their own figures cover
    visible = filter_program(program, Audience("creator", "omar-cooks"))
    own = _pages(visible, "creator", "omar-cooks")["campaigns/spring-kit/kpis.md"]
    assert ("reach over 1 of 3 posts; clicks over 1 of 3 posts; engagement rate by reach over "
            "1 of 3 posts; click-through rate over 1 of 3 posts.") in own
