"""iCalendar feeds (RFC 5545): one all-day event per deliverable, reproducible bytes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event

from builder.disclosure import disclosure_summary
from builder.model.campaign import EngagementStatus
from builder.model.program import Program
from builder.tracking import tracking_url

_SKIPPED = frozenset({EngagementStatus.DECLINED})


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//nanokit//deliverables//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def render_calendar(program: Program, handles: set[str] | None, name: str,
                    site_url: str = "") -> bytes:
    """Events for the deliverables of `handles` (None: everyone), sorted by date and UID."""
    events: list[tuple[str, Event]] = []
    for slug, campaign in sorted(program.campaigns.items()):
        spec = campaign.spec
        brief = f"{site_url.rstrip('/')}/campaigns/{slug}/" if site_url else f"campaigns/{slug}/"
        for engagement in spec.creators:
            if engagement.status in _SKIPPED or (handles is not None
                                                 and engagement.handle not in handles):
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
                who = f" ({engagement.handle})" if handles is None or len(handles) > 1 else ""
                event.add("summary", f"{spec.title}: {count}{deliverable.platform.value.title()}"
                                     f" {deliverable.type.value}{who}")
                lines = [f"Brief: {brief}"]
                if engagement.promo_code:
                    lines.append(f"Promo code: {engagement.promo_code}")
                link = tracking_url(spec, slug, engagement.handle, deliverable.platform.value)
                if link:
                    lines.append(f"Tracking link: {link}")
                lines += ["Disclosure:", *(f"- {rule}" for rule in
                                           disclosure_summary(spec.disclosure))]
                event.add("description", "\n".join(lines))
                if site_url:
                    event.add("url", brief)
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", f"Due in 2 days: {spec.title}")
                alarm.add("trigger", timedelta(days=-2))
                event.add_component(alarm)
                events.append((f"{deliverable.due.isoformat()} {uid}", event))
    calendar = _calendar(name)
    for _, event in sorted(events, key=lambda item: item[0]):
        calendar.add_component(event)
    return calendar.to_ical()
