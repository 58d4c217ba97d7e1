"""The body limit on a real ASGI app: declared lengths refused unread, chunked bodies cut."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
from fastapi import FastAPI, Request

from servicekit.web.body_limit import BodyLimit, BodyLimitMiddleware
from servicekit.web.problems import install_problem_handlers

LIMIT = 4096


def app(*, html: bool = False) -> FastAPI:
    api = FastAPI()
    install_problem_handlers(api)
    api.state.bodies_read = 0

    @api.post("/v1/things")
    async def things(request: Request) -> dict[str, int]:
        body = await request.body()
        api.state.bodies_read += 1
        return {"size": len(body)}

    @api.post("/v1/photos")
    async def photos(request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    api.add_middleware(
        BodyLimitMiddleware, limit=LIMIT, overrides=[BodyLimit(r"/v1/photos", 8 * LIMIT)], html=html
    )
    return api


def call(api: FastAPI, path: str, content: bytes | AsyncIterator[bytes]) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=api)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.post(path, content=content)

    return asyncio.run(go())


async def chunks(n: int, size: int) -> AsyncIterator[bytes]:
    for _ in range(n):
        yield b"x" * size


def test_a_body_within_the_limit_is_read() -> None:
    answer = call(app(), "/v1/things", b"x" * LIMIT)
    assert answer.status_code == 200
    assert answer.json() == {"size": LIMIT}


def test_a_declared_length_over_the_limit_is_refused_before_the_route_runs() -> None:
    api = app()
    answer = call(api, "/v1/things", b"x" * (LIMIT + 1))
    assert answer.status_code == 413
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["limit_bytes"] == LIMIT
    assert "请求体超过 4096 字节" in answer.json()["detail"]
    assert api.state.bodies_read == 0


def test_a_chunked_body_is_cut_off_at_the_limit() -> None:
    api = app()
    answer = call(api, "/v1/things", chunks(10, 1024))  # no Content-Length: chunked
    assert answer.status_code == 413
    assert answer.json()["type"].endswith("body-too-large")
    assert api.state.bodies_read == 0


def test_a_route_with_its_own_limit_takes_more() -> None:
    assert call(app(), "/v1/photos", b"x" * (4 * LIMIT)).status_code == 200
    assert call(app(), "/v1/photos", b"x" * (9 * LIMIT)).status_code == 413


def test_people_get_a_page_in_chinese() -> None:
    answer = call(app(html=True), "/v1/things", b"x" * (LIMIT + 1))
    assert answer.status_code == 413
    assert answer.headers["content-type"].startswith("text/html")
    assert "提交的内容过大" in answer.text
