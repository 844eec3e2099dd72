"""Portal pages (SPEC §9): exact values per audience, escaping, sanitising, CSV export.

Pages are rendered straight from the page producers (no MkDocs), from the audience-filtered
program, as the build does.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal

import markdown
import pytest

from builder.load.program import load_program
from builder.model.program import Program
from builder.render.charts import bar_chart, grouped_bar_chart, line_chart, share_bars
from builder.render.context import SiteFiles
from builder.render.format import (
    compact,
    csv_cell,
    day,
    day_range,
    front_matter,
    md_text,
    money,
    number,
    percent,
    url_attr,
)
from builder.render.markdown import render_markdown
from builder.render.pages.campaigns import campaign_view, render_campaign, render_campaign_list
from builder.render.pages.creators import render_directory, render_media_kit
from builder.render.pages.home import (
    Action,
    brand_home_view,
    creator_home_view,
    render_home,
    team_home_view,
)
from builder.render.pages.mywork import DraftCaption, my_work_view, render_my_work
from builder.render.pages.team import installment_rows, payments_view, render_team
from builder.render.templating import Badge, Code, Joined, Link, Sorted, Span, external_link
from tests.conftest import REPO, load, site_context

ANA_TRACKING = ("https://acmeflour.example/spring?utm_source=instagram&amp;utm_medium=influencer"
                "&amp;utm_campaign=spring-bake&amp;utm_content=ana-bakes")


def render_pages(program: Program, audience_text: str) -> SiteFiles:
    """Every page this module produces for one audience, as the build calls them."""
    ctx = site_context(program, audience_text)
    audience, visible = ctx.audience, ctx.program
    files: SiteFiles = {}
    files.update(render_home(ctx))
    files.update(render_directory(ctx))
    for handle in visible.creators:
        files.update(render_media_kit(ctx, handle))
    if audience.kind != "public":
        files.update(render_campaign_list(ctx))
        for slug in visible.campaigns:
            files.update(render_campaign(ctx, slug))
    if audience.kind == "creator":
        files.update(render_my_work(ctx))
    if audience.kind == "team":
        files.update(render_team(ctx))
    return files


@pytest.fixture(scope="module")
def basic() -> Program:
    program, problems = load("portal-basic")
    assert not problems, problems
    return program


def text(files: SiteFiles, path: str) -> str:
    """The page, without the column names every cell repeats for phones (tested once below)."""
    content = files[path]
    assert isinstance(content, str)
    return re.sub(r' data-label="[^"]*"', "", content)


# Formatting


def test_money_dates_and_numbers_follow_the_locale() -> None:
    assert money(Decimal("1860"), "USD", "en") == "$1,860.00"
    assert money(Decimal("1860"), "EUR", "de") == "1.860,00\xa0€"
    assert money(Decimal("1860"), "JPY", "en") == "¥1,860"
    assert percent(Decimal("0.0274"), "en") == "2.74%"
    assert percent(Decimal("0.0274"), "de") == "2,74\xa0%"
    assert percent(None, "en") == "n/a"
    assert number(8400, "en") == "8,400"
    assert compact(8420, "en") == "8.4K"
    assert day(date(2026, 3, 10), "en") == "Mar 10, 2026"
    assert day(date(2026, 3, 10), "en_GB") == "10 Mar 2026"
    assert day_range(date(2026, 3, 1), date(2026, 4, 15), "en") == "Mar 1\u2009–\u2009Apr 15, 2026"


def test_values_in_markdown_stay_text() -> None:
    assert md_text("*Ana* <b>x</b> [y](z)") == (
        "&#42;Ana&#42; &#60;b&#62;x&#60;/b&#62; &#91;y&#93;&#40;z&#41;")
    html = markdown.markdown(f"# {md_text('Ana *Bakes* <script>')}")
    assert html == "<h1>Ana &#42;Bakes&#42; &#60;script&#62;</h1>"


def test_titles_cannot_break_out_of_the_title_element() -> None:
    assert front_matter('</title><script>x</script> & "q"') == (
        '---\ntitle: "/titlescriptx/script &amp; \\"q\\""\n---\n\n')


def test_only_safe_url_schemes_become_links() -> None:
    assert url_attr("javascript:alert(1)") == "#"
    assert url_attr(" JavaScript:alert(1)") == "#"
    assert url_attr("data:text/html,x") == "#"
    assert url_attr("https://a.example/?x=1&y=2") == "https://a.example/?x=1&amp;y=2"
    assert url_attr("../calendar/a.ics") == "../calendar/a.ics"


def test_spreadsheet_cells_that_would_run_as_formulas_are_escaped() -> None:
    assert [csv_cell(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=x", "ok")] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\t=x", "ok"]
    assert csv_cell(Decimal("-12.50")) == "-12.50"
    assert csv_cell(None) == ""


# Sanitising


def test_creator_markdown_loses_scripts_handlers_frames_and_javascript_links() -> None:
    html = render_markdown('<script>alert(1)</script><img src=x onerror="alert(2)">'
                           '<iframe src="https://e.example"></iframe><p onclick="x()">hi</p>'
                           "\n\n[a](javascript:alert(3)) [b](https://ok.example)")
    for forbidden in ("<script", "alert(1)", "onerror", "<img", "<iframe", "onclick",
                      "javascript:"):
        assert forbidden not in html.lower()
    assert '<a href="https://ok.example" rel="nofollow noopener">b</a>' in html
    assert "<p>hi</p>" in html


def test_headings_move_down_by_each_call_s_offset_for_the_same_text() -> None:
    # One text shows on many sites (a brief on every creator's); each page places its headings.
    assert render_markdown("# About", heading_offset=1) == "<h2>About</h2>"
    assert render_markdown("# About", heading_offset=2) == "<h3>About</h3>"
    assert render_markdown("# About", heading_offset=0) == "<h1>About</h1>"
    assert render_markdown("###### Deep", heading_offset=2) == "<h6>Deep</h6>"


def test_media_kit_page_is_sanitised_and_escaped(basic: Program) -> None:
    page = text(render_pages(basic, "team"), "creators/ana-bakes.md")
    lowered = page.lower()
    for forbidden in ("<script", "<img", "<iframe", "javascript:", "onclick", "alert('img')",
                      'alert("media kit")', "tracker.example", "<b>lima</b>"):
        assert forbidden not in lowered
    assert "<h2>About Ana</h2>" in page
    assert '<a href="https://ana.example/blog" rel="nofollow noopener">my blog</a>' in page
    assert "Sourdough every weekend. &lt;img src=x onerror=alert(1)&gt;" in page
    assert page.startswith('---\ntitle: "Ana bLima/b *Bakes*"\n---\n')


def test_brief_is_sanitised(basic: Program) -> None:
    page = text(render_pages(basic, "team"), "campaigns/spring-bake/index.md")
    assert "<script" not in page and 'alert("brief")' not in page
    assert "<p>Bake something <strong>lovely</strong>.</p>" in page


# Campaign pages


def test_campaign_page_shows_what_a_creator_posts_with(basic: Program) -> None:
    ctx = site_context(basic, "creator:ana-bakes")
    view = campaign_view(ctx, "spring-bake", ctx.kpis("spring-bake"))
    [part] = view.engagements
    assert part.title == "Your part"
    assert dict(part.facts) == {
        "Status": Badge("Contracted", "contracted"), "Promo code": Code("ANA10"),
        "Tracking link": Span(external_link(ANA_TRACKING.replace("&amp;", "&")), "nk-url"),
        "Fee": "$300.00", "Gift": "Flour sampler ($25.50)", "Kill fee": "$150.00",
        "Usage rights end": "Jun 11, 2026",
        "Contract": Joined([Link("../../contracts/spring-bake/ana-bakes.pdf",
                                 "Contract (PDF)")], " · "),
        "Signed on": "Feb 20, 2026"}
    assert [(row["id"], row["due"], row["status"]) for row in part.deliverables.rows] == [
        (Code("ig-post-1"), Sorted("Mar 10, 2026", "2026-03-10"), [Badge("Posted", "done")]),
        (Code("ig-story-1"), Sorted("Mar 20, 2026", "2026-03-20"),
         [Badge("Not started", "none")])]
    assert view.disclosure.packs[0][:2] == ("United States", "FTC Endorsement Guides")
    assert view.disclosure.lists == [("Tag", ["@acmeflour"]), ("Include the hashtags",
                                     ["#AcmeBakes"]), ("Mention", ["stone-ground"]),
                                     ("Never write", ["miracle"])]
    assert view.links == [Link("kpis/", "KPIs"), Link("../../my-work/", "My work")]
    page = text(render_pages(basic, "creator:ana-bakes"), "campaigns/spring-bake/index.md")
    assert f'<a href="{ANA_TRACKING}" rel="nofollow noopener">' in page
    assert "<strong>United States</strong> (FTC Endorsement Guides)" in page


def test_creator_never_sees_budget_or_other_creators(basic: Program) -> None:
    files = render_pages(basic, "creator:ana-bakes")
    everything = "".join(v for v in files.values() if isinstance(v, str))
    for hidden in ("BEN20", "$500.00", "$2,000.00", "Budget", "Ben Okoro", "ben-lifts",
                   "Winter Lift", "scorecard", "ana-private@example.com", "TAX-ANA"):
        assert hidden not in everything, hidden


def test_payment_schedule_has_amounts_dates_and_what_is_paid(basic: Program) -> None:
    ctx = site_context(basic, "creator:ana-bakes")
    view = campaign_view(ctx, "spring-bake", ctx.kpis("spring-bake"))
    schedule = view.engagements[0].schedule
    assert schedule is not None
    assert schedule.installments.rows == [
        {"share": "50%", "amount": Sorted("$150.00", "150.00"), "when": "on signature",
         "due": "Feb 20, 2026", "status": Badge("Paid", "done")},
        {"share": "50%", "amount": Sorted("$150.00", "150.00"),
         "when": "30 days after the first post", "due": "Apr 10, 2026",
         "status": Badge("Open", "wait")}]
    assert schedule.paid_so_far == "Paid so far: $150.00 of $300.00."


def test_kpi_summary_compares_targets(basic: Program) -> None:
    ctx = site_context(basic, "team")
    view = campaign_view(ctx, "spring-bake", ctx.kpis("spring-bake"))
    # ana: 170 engagements / 1,100 reach; spend 325.50 + 500.00 over 2 orders worth 60.50.
    assert view.targets.rows == [
        {"kpi": "Engagement rate by reach", "target": "5.00%", "result": "15.45%",
         "verdict": Badge("Met", "done")},
        {"kpi": "Cost per acquisition", "target": "$12.00", "result": "$412.75",
         "verdict": Badge("Missed", "late")},
        {"kpi": "Return on ad spend", "target": "3.00×", "result": "0.07×",
         "verdict": Badge("Missed", "late")}]
    assert view.figures_as_of == "Figures up to Mar 18, 2026."


def test_brand_sees_fees_of_its_campaigns_only(basic: Program) -> None:
    files = render_pages(basic, "brand:acme-flour")
    page = text(files, "campaigns/spring-bake/index.md")
    assert '<td class="nk-num" data-sort="300">$300.00</td>' in page
    assert '<td class="nk-num" data-sort="500">$500.00</td>' in page
    assert "<dt>Budget</dt><dd>$2,000.00</dd>" in page
    assert "campaigns/winter-lift/index.md" not in files
    everything = "".join(v for v in files.values() if isinstance(v, str))
    for hidden in ("BENWINTER", "Winter Lift", "Ironworks", "ana-private@example.com",
                   "Ana Maria Lima", "Rate-card price", "Contact and payout"):
        assert hidden not in everything, hidden


def test_public_build_has_media_kits_without_rates_or_campaigns(basic: Program) -> None:
    files = render_pages(basic, "public")
    assert sorted(files) == ["creators/ana-bakes.md", "creators/index.md", "index.md"]
    page = text(files, "creators/ana-bakes.md")
    assert "## Rates" not in page and "$120.00" not in page and "## Campaigns" not in page


# Scorecard


def test_scorecard_csv_escapes_formulas_and_shows_rate_card_price(basic: Program) -> None:
    files = render_pages(basic, "team")
    rows = list(csv.reader(io.StringIO(text(files, "campaigns/spring-bake/scorecard.csv"))))
    assert rows[0] == ["creator", "name", "status", "tracking_links", "promo_code",
                       "content_status", "post_urls", "currency", "spend", "clicks",
                       "conversions", "cpa", "rating", "notes", "fee", "rate_card_price",
                       "rate_card_currency", "rate_card_missing"]
    # 120 + 3 × 40.50 = 241.50; + 3 months × 10 % + 45/30 months × 20 % = +60 % -> 386.40.
    assert rows[1] == [
        "ana-bakes", "Ana <b>Lima</b> *Bakes*", "contracted",
        ANA_TRACKING.replace("&amp;", "&"), "ANA10",
        "ig-post-1: Posted; ig-story-1: Not started", "https://instagram.com/p/abc", "USD",
        "325.50", "22", "2", "162.75", "4",
        "'=HYPERLINK(\"https://evil.example\") <b>great</b> loaf", "300.00", "386.40", "USD",
        ""]
    assert rows[2][:3] == ["ben-lifts", "Ben Okoro", "contracted"]
    assert rows[2][14:] == ["500.00", "", "", ""]


def test_brand_scorecard_has_no_rate_card_column(basic: Program) -> None:
    files = render_pages(basic, "brand:acme-flour")
    header = text(files, "campaigns/spring-bake/scorecard.csv").splitlines()[0]
    assert "rate_card" not in header and "fee" not in header.split(",")
    page = text(files, "campaigns/spring-bake/scorecard.md")
    assert "&lt;b&gt;great&lt;/b&gt; loaf" in page and "<b>great</b>" not in page


# Directory, home, My work


def test_directory_cards_carry_filter_values(basic: Program) -> None:
    page = text(render_pages(basic, "team"), "creators/index.md")
    assert ('<article class="nk-card" data-niche="|baking|home cooking|" data-tier="|nano|" '
            'data-country="|US|" data-platform="|instagram|">') in page
    assert '<select data-nk-filter="tier"><option value="">All</option>' in page
    assert '<form class="nk-filters" data-nk-filters hidden>' in page


def test_my_work_lists_every_deliverable_by_due_date(basic: Program) -> None:
    view = my_work_view(site_context(basic, "creator:ana-bakes"))
    assert view.as_of == "Mar 18, 2026"
    assert [(row["due"], row["deliverable"], row["code"]) for row in view.deliverables.rows] == [
        (Sorted("Mar 10, 2026", "2026-03-10"), ["Instagram post", Code("ig-post-1")],
         Code("ANA10")),
        (Sorted("Mar 20, 2026", "2026-03-20"), ["3 × Instagram story", Code("ig-story-1")],
         Code("ANA10"))]
    assert view.subscribe == [
        [Link("../calendar/ana-bakes.ics", "Subscribe to your deadlines", webcal=True),
         "(iCalendar)"],
        Link("../calendar/ana-bakes.ics", "Download the calendar file", download=True)]


def test_my_work_shows_own_draft_captions_escaped(basic: Program) -> None:
    [spring] = my_work_view(site_context(basic, "creator:ana-bakes")).campaigns
    assert spring.drafts == [DraftCaption(
        "ig-post-1", "Posted", "#ad Spring loaf with @acmeflour, stone-ground. Code ANA10 "
        "#AcmeBakes")]
    page = text(render_pages(basic, "creator:ana-bakes"), "my-work.md")
    assert ('<details class="nk-draft"><summary><code>ig-post-1</code> Posted</summary>'
            '<div class="nk-caption">#ad Spring loaf with @acmeflour, stone-ground. Code ANA10 '
            "#AcmeBakes</div></details>") in page


def test_on_a_phone_every_cell_is_shown_under_its_column_name(basic: Program) -> None:
    page = render_pages(basic, "creator:ana-bakes")["my-work.md"]
    assert isinstance(page, str)
    # Wider screens scroll a wide table inside its wrapper, which the keyboard can reach.
    assert '<div class="nk-table-wrap" markdown="0" tabindex="0">' in page
    assert ('<td class="nk-nowrap" data-sort="2026-03-10" data-label="Due">Mar 10, 2026</td>'
            in page)
    assert '<td data-label="Code"><code>ANA10</code></td>' in page


def test_creator_home_shows_next_deadline_and_contract(basic: Program) -> None:
    view = creator_home_view(site_context(basic, "creator:ana-bakes"))
    assert view.heading == "Hi, Ana <b>Lima</b> *Bakes*"
    assert [(row["due"], row["deliverable"]) for row in view.deadlines.rows] == [
        (Sorted("Mar 20, 2026", "2026-03-20"), "3 × Instagram story")]
    assert [row["contract"] for row in view.contracts.rows] == [
        Joined([Link("contracts/spring-bake/ana-bakes.pdf", "Contract (PDF)")], " · ")]
    page = render_pages(basic, "creator:ana-bakes")["index.md"]
    assert isinstance(page, str)
    assert page.startswith('---\ntitle: "Home"\n---\n\n# Hi, Ana &#60;b&#62;Lima')


# Team dashboards


def test_team_dashboards_compute_from_content_dates(basic: Program) -> None:
    files = render_pages(basic, "team")
    payments = text(files, "team/payments.md")
    overdue, due = payments.split("## Due")
    # Ben signed on Feb 25 and nothing is paid: his first half is overdue at Mar 18.
    assert "Feb 25, 2026" in overdue and "$250.00" in overdue and "Ana" not in overdue
    assert "Apr 4, 2026" in due and "Apr 10, 2026" in due
    deadlines = text(files, "team/deadlines.md")
    soon, late = deadlines.split("## Overdue")
    assert "Mar 20, 2026" in soon and "<code>ig-story-1</code>" in soon
    assert "<code>tt-video-1</code>" in late and "Mar 5, 2026" in late


def test_vetting_flags_name_their_evidence(basic: Program) -> None:
    page = text(render_pages(basic, "team"), "team/vetting.md")
    assert ("Instagram followers rose 110% from 2,000 on Jan 31, 2026 to 4,200 on "
            "Feb 28, 2026 (more than 50%).") in page
    assert ("15,000 TikTok followers make micro, but Spring Bake-Off recruits nano "
            "creators.") in page


def test_team_media_kit_shows_masked_payout_only(basic: Program) -> None:
    page = text(render_pages(basic, "team"), "creators/ana-bakes.md")
    assert "<dt>Payout</dt><dd>Bank transfer, •••• 1234</dd>" in page
    assert "US12 3456" not in page and "TAX-ANA" not in page


# The sample program


@pytest.mark.parametrize("audience", ["team", "public", "brand:lumen-skin",
                                      "creator:maya-runs", "creator:hattie-trails"])
def test_sample_program_renders_the_same_pages_twice(audience: str) -> None:
    program, _ = load_program(REPO)
    first = render_pages(program, audience)
    assert first == render_pages(program, audience)
    for path, content in first.items():
        assert isinstance(content, str)
        if path.endswith(".md"):
            assert content.startswith("---\ntitle: "), path


def test_sample_campaign_page_for_a_creator() -> None:
    program, _ = load_program(REPO)
    page = text(render_pages(program, "creator:maya-runs"),
                "campaigns/holiday-gift-guide/index.md")
    assert ("https://trailheadcoffee.example/products/summit-sampler?utm_source=instagram"
            "&amp;utm_medium=influencer&amp;utm_campaign=holiday-gift-guide"
            "&amp;utm_content=maya-runs") in page
    assert "<code>MAYAGIFT</code>" in page and "Oct 26\u2009–\u2009Dec 20, 2026" in page


# Charts


def test_charts_are_accessible_deterministic_svg() -> None:
    svg = share_bars({"US": 0.72, "CA": 0.11}, title="Audience <by> country")
    assert svg.startswith('<svg class="nk-chart" xmlns="http://www.w3.org/2000/svg" role="img" ')
    assert "<title id=" in svg and "Audience &lt;by&gt; country</title>" in svg
    assert "<desc id=" in svg and ">US: 72%; CA: 11%</desc>" in svg
    assert svg == share_bars({"US": 0.72, "CA": 0.11}, title="Audience <by> country")
    assert "<script" not in bar_chart(["<script>"], [1], title="x")
    assert "8,400 clicks" in bar_chart(["a"], [8400], title="t", unit="clicks")
    grouped = grouped_bar_chart(["Q1"], {"Budget": [10.0], "Paid": [5.0]}, title="g")
    assert "Q1: Budget 10, Paid 5" in grouped
    line = line_chart({"Instagram": [(date(2026, 1, 31), 100), (date(2026, 2, 28), 150)]},
                      title="Followers")
    assert "Instagram: Jan 31, 2026 100, Feb 28, 2026 150" in line


# Action first


def test_team_home_opens_with_what_needs_action(basic: Program) -> None:
    view = team_home_view(site_context(basic, "team"))
    # tt-video-1 was due Mar 5; Ben's first half fell due on signature (Feb 25); Ben has not
    # signed Winter Lift. Nothing waits for review and no licence ends within 30 days.
    assert view.actions == [
        Action("1", "deliverable is overdue", [Link("team/deadlines/#overdue", "Deadlines")]),
        Action("1", "payment is overdue", [Link("team/payments/", "Payments")]),
        Action("1", "contract is not signed",
               [Link("campaigns/winter-lift/", "Winter Lift Challenge")])]
    page = text(render_pages(basic, "team"), "index.md")
    assert page.index("## Needs action") < page.index("deliverable is overdue") < page.index(
        "<dl")


def test_payments_show_totals_per_currency(basic: Program) -> None:
    ctx = site_context(basic, "team")
    view = payments_view(ctx, installment_rows(ctx))
    # Overdue: Ben's $250 on signature; still to pay: Ben's $250 + Ana's $150; paid: Ana's $150.
    assert view.totals.rows == [{"currency": "USD", "overdue": Sorted("$250.00", "250.00"),
                                 "open": Sorted("$400.00", "400.00"),
                                 "paid": Sorted("$150.00", "150.00")}]
    assert [(row["due"], row["amount"]) for row in view.overdue.rows] == [
        (Sorted("Feb 25, 2026", "2026-02-25"), Sorted("$250.00", "250.00"))]


def test_creator_home_says_what_they_are_owed_and_when(basic: Program) -> None:
    view = creator_home_view(site_context(basic, "creator:ben-lifts"))
    assert view.owed_total == "$500.00"
    assert [(row["due"], row["status"]) for row in view.owed.rows] == [
        ("Feb 25, 2026", Badge("Overdue", "late")), ("Apr 4, 2026", Badge("Open", "wait"))]
    page = text(render_pages(basic, "creator:ben-lifts"), "index.md")
    assert "In all&#58; &#36;500&#46;00&#46;" in page.split("## What you are owed")[1]


def test_brand_home_shows_where_each_campaign_stands(basic: Program) -> None:
    view = brand_home_view(site_context(basic, "brand:acme-flour"))
    [spring] = view.campaigns
    # Ana posted ig-post-1 and her stories are due Mar 20; Ben's tt-video-1 (due Mar 5) is
    # overdue.
    assert (spring.link, spring.status) == (Link("campaigns/spring-bake/", "Spring Bake-Off"),
                                            Badge("Active", "active"))
    assert (spring.deliverables, spring.overdue) == ("1 of 3 posted", 1)
    assert spring.next_deadline == "Mar 20, 2026: 3 × Instagram story (Ana <b>Lima</b> *Bakes*)"
    assert spring.figures_as_of == "Figures up to Mar 18, 2026"
    # Latest snapshot of Ana's post: 1,500 impressions, 170 engagements / 1,100 reach; orders
    # 42.00 + 18.50 = 60.50 over a spend of 325.50 + 500.00.
    assert spring.kpis == [("Impressions", "1,500"), ("Engagement rate (by reach)", "15.45%"),
                           ("Conversions", "2"), ("Return on ad spend", "0.07×")]
    assert (spring.budget, spring.committed) == ("$2,000.00", "$825.50")
