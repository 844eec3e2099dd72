"""iCalendar feeds (RFC 5545): one all-day event per deliverable, reproducible bytes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from functools import partial

from icalendar import Alarm, Calendar, Event

from builder.disclosure import disclosure_summary
from builder.memo import Memo
from builder.model.campaign import EngagementStatus
from builder.model.program import Campaign, Program
from builder.render.format import platform_label
from builder.tracking import tracking_url

_SKIPPED = frozenset({EngagementStatus.DECLINED})


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//nanokit//deliverables//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def render_calendars(program: Program, handles: list[str], with_all: bool,
                     site_url: str = "", memo: Memo | None = None) -> dict[str, bytes]:
    """`calendar/<handle>.ics` for each handle, and `calendar/all.ics` when asked.

    Each event is serialised once and shared by the feeds that hold it; with a `memo`, the
    events of an unchanged campaign are not serialised again.
    """
    memo = memo or Memo()
    events = sorted(event for slug, campaign in program.campaigns.items()
                    for event in memo.get("calendar-events", (campaign, site_url),
                                          partial(_events, slug, campaign, site_url)))
    feeds = {}
    for handle in handles:
        creator = program.creators.get(handle)
        name = f"{creator.profile.name if creator else handle}: deliverables"
        feeds[f"calendar/{handle}.ics"] = _feed(name, [e for _, h, e in events if h == handle])
    if with_all:
        feeds["calendar/all.ics"] = _feed(f"{program.config.site_name}: all deliverables",
                                          [e for _, _, e in events])
    return feeds


def _feed(name: str, events: list[bytes]) -> bytes:
    empty = _calendar(name).to_ical()
    end = b"END:VCALENDAR\r\n"
    return empty[: -len(end)] + b"".join(events) + end


def _events(slug: str, campaign: Campaign, site_url: str) -> list[tuple[str, str, bytes]]:
    """(sort key: due date and UID, handle, VEVENT bytes) for every deliverable of `campaign`."""
    events: list[tuple[str, str, bytes]] = []
    spec = campaign.spec
    brief = f"{site_url.rstrip('/')}/campaigns/{slug}/" if site_url else f"campaigns/{slug}/"
    rules = disclosure_summary(spec.disclosure)
    for engagement in spec.creators:
        if engagement.status in _SKIPPED:
            continue
        # DTSTAMP must not come from the clock: the latest content date of the engagement.
        stamp_day = max([spec.period.start, *([engagement.signed_on]
                                               if engagement.signed_on else [])])
        stamp = datetime.combine(stamp_day, time(0), tzinfo=UTC)
        for deliverable in engagement.deliverables:
            uid = f"{slug}.{engagement.handle}.{deliverable.id}@nanokit"
            event = Event()
            event.add("uid", uid)
            event.add("dtstamp", stamp)
            event.add("dtstart", deliverable.due)
            event.add("dtend", deliverable.due + timedelta(days=1))
            count = f"{deliverable.count}× " if deliverable.count > 1 else ""
            platform = platform_label(deliverable.platform.value)
            event.add("summary",
                      f"{spec.title}: {count}{platform} {deliverable.type.value}")
            lines = [f"Brief: {brief}"]
            if engagement.promo_code:
                lines.append(f"Promo code: {engagement.promo_code}")
            link = tracking_url(spec, slug, engagement.handle, deliverable.platform.value)
            if link:
                lines.append(f"Tracking link: {link}")
            lines += ["Disclosure:", *(f"- {rule}" for rule in rules)]
            event.add("description", "\n".join(lines))
            if site_url:
                event.add("url", brief)
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Due in 2 days: {spec.title}")
            alarm.add("trigger", timedelta(days=-2))
            event.add_component(alarm)
            events.append((f"{deliverable.due.isoformat()} {uid}", engagement.handle,
                           event.to_ical()))
    return events
