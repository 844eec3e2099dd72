"""iCalendar feeds (RFC 5545): one all-day event per deliverable under contract, reproducible
bytes. The events themselves are facts (builder.facts.CalendarEvent)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from icalendar import Alarm, Calendar, Event

from builder.facts import CalendarEvent, Facts
from builder.memo import Memo
from builder.model.program import Program


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//nanokit//deliverables//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def render_calendars(program: Program, facts: Facts, handles: list[str], with_all: bool,
                     memo: Memo | None = None) -> dict[str, bytes]:
    """`calendar/<handle>.ics` for each handle, and `calendar/all.ics` when asked.

    Each event is serialised once and shared by the feeds that hold it; with a `memo`, an
    unchanged event is not serialised again.
    """
    memo = memo or Memo()
    events = sorted((f"{event.due.isoformat()} {event.uid}", event.handle,
                     memo.get("calendar-event", (event,), partial(_vevent, event)))
                    for campaign in facts.campaigns.values()
                    for engagement in campaign.engagements.values()
                    for event in engagement.events)
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


def _vevent(fact: CalendarEvent) -> bytes:
    event = Event()
    event.add("uid", fact.uid)
    event.add("dtstamp", fact.stamp)
    event.add("dtstart", fact.due)
    event.add("dtend", fact.due + timedelta(days=1))
    event.add("summary", fact.summary)
    event.add("description", fact.description)
    if fact.url:
        event.add("url", fact.url)
    if fact.cancelled:
        event.add("status", "CANCELLED")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", fact.reminder)
    alarm.add("trigger", timedelta(days=-2))
    event.add_component(alarm)
    return bytes(event.to_ical())
