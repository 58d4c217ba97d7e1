"""The multipart receiver reads the body chunk by chunk and stops as soon as it is too big."""

from __future__ import annotations

import asyncio
import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from starlette.requests import Request

from registry.api.upload import receive_file
from registry.photos import PhotoStore
from servicekit.web.problems import ProblemError

CHUNK = 64 * 1024


def request_of(parts: list[bytes], consumed: list[int], length: bool = False) -> Request:
    headers = [(b"content-type", b"multipart/form-data; boundary=xyz")]
    if length:
        headers.append((b"content-length", str(sum(map(len, parts))).encode()))
    messages = iter(parts)

    async def receive() -> dict[str, Any]:
        part = next(messages, None)
        if part is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        consumed.append(len(part))
        return {"type": "http.request", "body": part, "more_body": True}

    scope = {"type": "http", "method": "POST", "path": "/v1/photos", "headers": headers}
    return Request(scope, receive)


def body(payload: bytes) -> list[bytes]:
    head = b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\n'
    data = [payload[i : i + CHUNK] for i in range(0, len(payload), CHUNK)]
    return [head, *data, b"\r\n--xyz--\r\n"]


def test_a_huge_stream_is_cut_off_early(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path / "photos")
    parts = body(b"\xff\xd8\xff" + b"\0" * (100 * 1024 * 1024))  # 100 MB announced nowhere
    consumed: list[int] = []
    upload = store.begin()
    with pytest.raises(ProblemError) as refused:
        asyncio.run(receive_file(request_of(parts, consumed), upload))
    upload.discard()
    assert refused.value.status == 413
    assert sum(consumed) < 11 * 1024 * 1024  # read a little past 10 MB, not 100 MB
    assert not any(store.root.iterdir())


def test_a_declared_length_over_the_bound_is_refused_before_reading(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path / "photos")
    consumed: list[int] = []
    parts = body(b"\xff\xd8\xff" + b"\0" * (11 * 1024 * 1024))
    upload = store.begin()
    with pytest.raises(ProblemError) as refused:
        asyncio.run(receive_file(request_of(parts, consumed, length=True), upload))
    upload.discard()
    assert (refused.value.status, consumed) == (413, [])


def test_a_photo_arrives_whole_across_chunks(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.effect_noise((700, 500), 60).convert("RGB").save(buffer, format="JPEG", quality=95)
    photo = buffer.getvalue()
    assert len(photo) > 3 * CHUNK
    store = PhotoStore(tmp_path / "photos")
    upload = store.begin()
    asyncio.run(receive_file(request_of(body(photo), []), upload))
    stored = upload.finish()
    upload.discard()
    assert stored.digest == hashlib.sha256(photo).hexdigest()
    assert stored.path.read_bytes() == photo
    assert store.thumbnail_path(stored.digest).is_file()
