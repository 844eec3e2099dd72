"""iCalendar feeds (RFC 5545): one all-day event per deliverable under contract, reproducible
bytes. The events themselves are facts (builder.facts.CalendarEvent).

The feeds are written here rather than with the icalendar package: they use a handful of
properties, and icalendar's serialiser was a twentieth of a large team build (its line folding
walks non-ASCII lines character by character). The output is byte for byte what icalendar 6
writes for the same event, property order included; tests/test_calendars.py holds the two
side by side.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import partial

from builder.facts import CalendarEvent, Facts
from builder.memo import Memo
from builder.model.program import Program

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_FOLD_OCTETS = 75
"""RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break."""


def render_calendars(program: Program, facts: Facts, handles: list[str], with_all: bool,
                     memo: Memo | None = None) -> dict[str, bytes]:
    """`calendar/<handle>.ics` for each handle, and `calendar/all.ics` when asked.

    Each event is serialised once and shared by the feeds that hold it; with a `memo`, an
    unchanged event is not serialised again.
    """
    memo = memo or Memo()
    events = sorted((f"{event.due.isoformat()} {event.uid}", event.handle,
                     memo.get("calendar-event", (event,), partial(vevent, event)))
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
    head = _lines(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//nanokit//deliverables//EN",
                   "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{_text(name)}"])
    return head + b"".join(events) + b"END:VCALENDAR\r\n"


def vevent(fact: CalendarEvent) -> bytes:
    """One event with a reminder two days before, as content lines."""
    # icalendar's order: SUMMARY, DTSTART, DTEND, DTSTAMP, UID first, then the rest by name.
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{_text(fact.summary)}",
        f"DTSTART;VALUE=DATE:{_date(fact.due)}",
        f"DTEND;VALUE=DATE:{_date(fact.due + timedelta(days=1))}",
        f"DTSTAMP:{_utc(fact.stamp)}",
        f"UID:{_text(fact.uid)}",
        f"DESCRIPTION:{_text(fact.description)}",
    ]
    if fact.cancelled:
        lines.append("STATUS:CANCELLED")
    if fact.url:
        lines.append(f"URL:{fact.url}")
    lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{_text(fact.reminder)}",
              "TRIGGER:-P2D", "END:VALARM", "END:VEVENT"]
    return _lines(lines)


def _lines(lines: list[str]) -> bytes:
    return "".join(_fold(line) + "\r\n" for line in lines).encode("utf-8")


def _text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped,
    other control characters dropped (a lone CR from a contributor's name could otherwise
    start a property of its own in calendar apps that end lines at CR)."""
    escaped = (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
               .replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n"))
    return _CONTROL.sub("", escaped)


def _date(value: date) -> str:
    return value.strftime("%Y%m%d")


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """The line split into parts of at most 75 octets, each after the first led by a space."""
    step = _FOLD_OCTETS - 1
    if len(line) <= step and line.isascii():  # most lines of a feed
        return line
    if line.isascii():
        return "\r\n ".join(line[i:i + step] for i in range(0, len(line), step))
    # Each part is the longest run of whole characters that fits: cut the UTF-8 bytes at the
    # step, moved back to the start of the character it falls into.
    data = line.encode("utf-8")
    parts: list[str] = []
    start = 0
    while len(data) - start > step:
        cut = start + step
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: inside a character
            cut -= 1
        parts.append(data[start:cut].decode("utf-8"))
        start = cut
    parts.append(data[start:].decode("utf-8"))
    return "\r\n ".join(parts)
