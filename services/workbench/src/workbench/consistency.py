"""Read-your-writes for one person: the page after a form shows what the form did.

Every command a service accepts answers ``KPD-Position`` (its log position after
the command). The workbench keeps this person's latest position per service in a
short-lived cookie and sends it as ``KPD-Min-Position`` on every read of that
service, which then answers only once its read models have caught up (or 503
after a bounded wait). So a redirect after a form never shows a stale list, and
nothing polls. The cookie only ever makes this person's own reads wait: a forged
value slows or fails their own pages and nobody else's.
"""

from __future__ import annotations

import re
from http.cookies import SimpleCookie

from workbench.settings import UPSTREAMS

SEEN_COOKIE = "kpd_seen"
# Long enough for any redirect and the pages right after it; afterwards every
# read model is far past these positions anyway.
SEEN_MAX_AGE_S = 300
_ENTRY = re.compile(r"^([a-z]+)-(\d{1,18})$")


def parse_seen(value: str | None) -> dict[str, int]:
    """``registry-12.issues-40`` → ``{"registry": 12, "issues": 40}``; junk is dropped."""
    seen: dict[str, int] = {}
    for part in (value or "").split(".")[: len(UPSTREAMS)]:
        found = _ENTRY.match(part)
        if found and found.group(1) in UPSTREAMS:
            seen[found.group(1)] = int(found.group(2))
    return seen


def format_seen(seen: dict[str, int]) -> str:
    return ".".join(f"{service}-{position}" for service, position in sorted(seen.items()))


def note_position(written: dict[str, int], service: str, header: str | None) -> None:
    """Keep the highest ``KPD-Position`` a command of this request was answered."""
    if header and header.isdigit():
        written[service] = max(written.get(service, 0), int(header))


def seen_cookie(seen: dict[str, int], secure: bool) -> str:
    cookie: SimpleCookie = SimpleCookie()
    cookie[SEEN_COOKIE] = format_seen(seen)
    morsel = cookie[SEEN_COOKIE]
    morsel["path"] = "/"
    morsel["httponly"] = True
    morsel["samesite"] = "Lax"
    morsel["max-age"] = SEEN_MAX_AGE_S
    if secure:
        morsel["secure"] = True
    return morsel.OutputString()
