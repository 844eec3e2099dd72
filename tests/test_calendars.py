"""Calendar feeds are the bytes icalendar itself writes for the same events (SPEC §13).

nanokit serialises its few properties itself, for speed; icalendar is the reference here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.facts import CalendarEvent
from builder.render.calendars import vevent

# icalendar reads a literal backslash-N in text as a line break; nanokit keeps it as written.
# Control characters other than line feed and tab are dropped by nanokit (see the test below).
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"),
                              include_characters="\n\t"), max_size=300).filter(
    lambda text: "\\N" not in text)


def icalendar_vevent(fact: CalendarEvent) -> bytes:
    """The event as icalendar 6 writes it, property by property."""
    event = icalendar.Event()
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
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", fact.reminder)
    alarm.add("trigger", timedelta(days=-2))
    event.add_component(alarm)
    return bytes(event.to_ical())


@settings(max_examples=300, deadline=None)
@given(summary=_TEXT, description=_TEXT, reminder=_TEXT,
       uid=st.from_regex(r"[a-z0-9-]{1,40}\.[a-z0-9_]{1,30}\.[a-z0-9-]{1,20}@nanokit",
                         fullmatch=True),
       url=st.one_of(st.none(), st.from_regex(r"https://[a-z.]{1,30}/[A-Za-z0-9?=&%/._-]{0,120}",
                                              fullmatch=True)),
       due=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 30)),
       cancelled=st.booleans())
def test_an_event_is_written_as_icalendar_writes_it(
        summary: str, description: str, reminder: str, uid: str, url: str | None, due: date,
        cancelled: bool) -> None:
    fact = CalendarEvent(uid=uid, handle="ana-bakes", due=due,
                         stamp=datetime(due.year, due.month, 1, tzinfo=UTC), summary=summary,
                         description=description, url=url, reminder=reminder,
                         cancelled=cancelled)
    assert vevent(fact) == icalendar_vevent(fact)


def test_long_lines_fold_at_75_octets_without_splitting_a_character() -> None:
    fact = CalendarEvent(uid="c.h.d@nanokit", handle="h", due=date(2026, 3, 10),
                         stamp=datetime(2026, 3, 1, tzinfo=UTC), summary="é" * 80,
                         description="a, b; c\nd", url=None, reminder="r", cancelled=False)
    lines = vevent(fact).split(b"\r\n")
    summary = [line for line in lines if line.startswith((b"SUMMARY", b" \xc3"))]
    assert [len(line) for line in summary] == [74, 75, 21]
    assert all(line.decode("utf-8") for line in summary)
    assert b"DESCRIPTION:a\\, b\\; c\\nd" in lines


def test_control_characters_in_contributor_text_cannot_start_a_line_of_their_own() -> None:
    fact = CalendarEvent(uid="c.h.d@nanokit", handle="h", due=date(2026, 3, 10),
                         stamp=datetime(2026, 3, 1, tzinfo=UTC),
                         summary="Ana\rATTENDEE:mailto:x@evil.example\x1b[2J",
                         description="one\r\ntwo\x00", url=None, reminder="r", cancelled=False)
    lines = vevent(fact).split(b"\r\n")
    assert b"SUMMARY:Ana\\nATTENDEE:mailto:x@evil.example[2J" in lines
    assert b"DESCRIPTION:one\\ntwo" in lines
    assert not any(b"\r" in line or b"\x1b" in line or b"\x00" in line for line in lines)
