"""iCalendar (RFC 5545) export of a meeting list, for subscription from calendar programs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from scheduling.projections import MeetingRow

PRODID = "-//Linfen kpd//scheduling//ZH"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets are folded (continuation lines start with a space)."""
    out: list[str] = []
    current = ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return out


def render_calendar(meetings: Iterable[MeetingRow], stamp: datetime, name: str) -> str:
    """A VCALENDAR with one all-day VEVENT per meeting; cancelled ones say so."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
        "X-WR-TIMEZONE:Asia/Shanghai",
    ]
    stamp_text = stamp.strftime("%Y%m%dT%H%M%SZ")
    for m in meetings:
        day = m.held_on or m.date
        lines += [
            "BEGIN:VEVENT",
            f"UID:{m.meeting_id}@kpd.linfen",
            f"DTSTAMP:{stamp_text}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_escape(m.title)}",
            f"DESCRIPTION:{_escape(f'主持:{m.chair};系列:{m.series};状态:{m.status}')}",
            f"CATEGORIES:{m.series}",
            f"STATUS:{'CANCELLED' if m.status == 'cancelled' else 'CONFIRMED'}",
            f"SEQUENCE:{m.version - 1}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(folded + "\r\n" for line in lines for folded in _fold(line))
