"""Calendar feed links over HTTP (SQLite and PostgreSQL): a person's link opens with no
header, shows that person's filter, stops when revoked or when the account is disabled,
and the secret is never stored nor logged."""

from __future__ import annotations

import time
from typing import Any

from servicekit.core.revocations import DISABLED
from services.scheduling.tests.integration.conftest import Api


def _issue(api: Api, body: dict[str, Any], user: str = "li-yaodu") -> Any:
    headers = {"Authorization": f"Bearer {_token(api, user)}"}
    return api.client.post("/v1/calendar-feeds", json=body, headers=headers)


def _token(api: Api, user: str) -> str:
    from servicekit.dev.testing import token_for

    return token_for(api.key, "county", "yaodu", user=user)


def _mine(api: Api, user: str = "li-yaodu") -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {_token(api, user)}"}
    answer: list[dict[str, Any]] = api.client.get("/v1/calendar-feeds", headers=headers).json()
    return answer


def test_a_link_opens_without_a_header_and_stops_when_revoked(api: Api) -> None:
    api.client.post("/v1/calendars/2025", headers=api.auth())
    api.catch_up()
    issued = _issue(api, {"county": "yaodu"})
    assert issued.status_code == 201, issued.text
    link = issued.json()["url"]
    secret = link.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(secret) >= 40
    ics = api.client.get(link)  # no Authorization: as a calendar program fetches it
    assert ics.status_code == 200, ics.text
    assert ics.headers["content-type"].startswith("text/calendar")
    assert ics.text.count("BEGIN:VEVENT") == 12  # the county's monthly dispatch meetings
    assert "private" in ics.headers["cache-control"]

    # Listed without the secret; the store holds only its digest.
    [listed] = _mine(api)
    assert (listed["id"], listed["active"], listed["county"]) == (
        issued.json()["id"], True, "yaodu"
    )  # fmt: skip
    assert secret not in str(listed)
    recorder = api.client.app.state.runtime.app.recorder  # type: ignore[attr-defined]
    stored = b"".join(bytes(n.state) for n in recorder.select_notifications(0, 10_000))
    assert secret.encode() not in stored

    # Someone else cannot revoke it (it is not theirs to see); its owner can.
    other = {"Authorization": f"Bearer {_token(api, 'wang-yaodu')}"}
    path = f"/v1/calendar-feeds/{listed['id']}"
    assert api.client.delete(path, headers=other).status_code == 404
    mine = {"Authorization": f"Bearer {_token(api, 'li-yaodu')}"}
    assert api.client.delete(path, headers=mine).status_code == 204
    gone = api.client.get(link)
    assert gone.status_code == 404
    assert gone.headers["content-type"].startswith("application/problem+json")
    assert api.client.delete(path, headers=mine).status_code == 409
    assert _mine(api)[0]["active"] is False


def test_a_guess_a_disabled_owner_and_too_many_links_are_refused(api: Api) -> None:
    assert api.client.get("/feeds/" + "A" * 43 + ".ics").status_code == 404
    assert api.client.get("/feeds/short.ics").status_code == 422
    links = [_issue(api, {}).json()["url"] for _ in range(5)]
    sixth = _issue(api, {})
    assert sixth.status_code == 422
    assert "最多 5 个" in sixth.json()["detail"]
    assert api.client.get(links[0]).status_code == 200
    api.client.app.state.revocations.apply("li-yaodu", DISABLED, time.time())  # type: ignore[attr-defined]
    assert api.client.get(links[0]).status_code == 404
    # A bad filter is refused before anything is stored.
    assert _issue(api, {"series": "weekly"}, user="zhao").status_code == 422
    assert _mine(api, "zhao") == []
