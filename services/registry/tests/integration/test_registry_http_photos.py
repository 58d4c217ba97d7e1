"""Report photos over HTTP: upload by magic bytes, the 10 MB bound, fetch, thumbnail, refs."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from registry.photos import MAX_PHOTO_BYTES

IMMUTABLE = "private, max-age=31536000, immutable"


def image_bytes(fmt: str, size: tuple[int, int] = (800, 600), mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 80, 40, 128) if mode == "RGBA" else (200, 80, 40)).save(
        buffer, format=fmt
    )
    return buffer.getvalue()


def upload(api: Any, data: bytes, declared: str = "image/jpeg", **auth: Any) -> Any:
    headers = api.auth(**auth) if auth else api.auth("county", "yaodu")
    files = {"file": ("site.jpg", data, declared)}
    return api.client.post("/v1/photos", files=files, headers=headers)


def photo_dir(api: Any) -> Path:
    root: Path = api.client.app.state.photos.root
    assert root == api.client.app.state.settings.var_dir / "photos"
    return root


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert " / " in body["detail"]
    return body


@pytest.mark.parametrize(
    ("fmt", "mode", "content_type"),
    [("JPEG", "RGB", "image/jpeg"), ("PNG", "RGBA", "image/png"), ("WEBP", "RGB", "image/webp")],
)
def test_upload_fetch_and_thumbnail(api: Any, fmt: str, mode: str, content_type: str) -> None:
    data = image_bytes(fmt, mode=mode)
    digest = hashlib.sha256(data).hexdigest()
    # The client's content type is not believed: the bytes say what they are.
    created = upload(api, data, declared="application/octet-stream")
    assert created.status_code == 201, created.text
    assert created.json() == {
        "ref": f"photo:{digest}",
        "url": f"/v1/photos/{digest}",
        "content_type": content_type,
        "size": len(data),
    }
    assert (photo_dir(api) / digest).read_bytes() == data
    got = api.client.get(f"/v1/photos/{digest}", headers=api.auth("project_unit", "anyone"))
    assert got.status_code == 200
    assert got.content == data
    assert got.headers["content-type"] == content_type
    assert got.headers["cache-control"] == IMMUTABLE
    thumb = api.client.get(f"/v1/photos/{digest}/thumbnail", headers=api.auth("auditor"))
    assert thumb.status_code == 200
    assert thumb.headers["content-type"] == "image/jpeg"
    assert thumb.headers["cache-control"] == IMMUTABLE
    with Image.open(io.BytesIO(thumb.content)) as small:
        assert (small.format, small.size) == ("JPEG", (320, 240))
    again = upload(api, data)
    assert again.status_code == 201
    assert again.json()["ref"] == f"photo:{digest}"
    assert sorted(p.name for p in photo_dir(api).iterdir()) == [digest, f"{digest}.thumb.jpg"]


def test_wrong_magic_bytes_are_refused_whatever_the_client_says(api: Any) -> None:
    assert_problem(upload(api, b"GIF89a" + b"\0" * 100, declared="image/jpeg"), 415)
    assert_problem(upload(api, b"%PDF-1.7 pretending", declared="image/png"), 415)
    assert_problem(upload(api, b""), 415)
    undecodable = assert_problem(upload(api, b"\xff\xd8\xff\xe0" + b"junk" * 100), 422)
    assert undecodable["errors"][0]["field"] == "body.file"
    no_file = api.client.post(
        "/v1/photos", data={"other": "x"}, files={"x": ("a", b"b")}, headers=api.auth()
    )
    assert_problem(no_file, 422)
    assert_problem(api.client.post("/v1/photos", json={}, headers=api.auth()), 415)
    assert not any(photo_dir(api).iterdir())


def test_more_than_10_mb_is_413_also_when_streamed_without_a_length(api: Any) -> None:
    head = b"\xff\xd8\xff\xe0"
    at_limit = upload(api, head + b"\0" * (MAX_PHOTO_BYTES - len(head)))
    assert at_limit.status_code == 422, at_limit.text  # size accepted; it just isn't an image
    assert_problem(upload(api, head + b"\0" * (MAX_PHOTO_BYTES - len(head) + 1)), 413)

    def chunked() -> Iterator[bytes]:
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n'
        yield head
        for _ in range(12 * 16):  # 12 MB in 64 KiB chunks, never whole in memory
            yield b"\0" * 65536
        yield b"\r\n--b--\r\n"

    streamed = api.client.post(
        "/v1/photos",
        content=chunked(),
        headers={**api.auth("office"), "Content-Type": "multipart/form-data; boundary=b"},
    )
    assert "content-length" not in streamed.request.headers
    assert_problem(streamed, 413)
    assert not any(photo_dir(api).iterdir())


def test_paths_are_digests_only_and_missing_photos_are_404(api: Any) -> None:
    auth = api.auth("county", "yaodu")
    for bad in ("..%2F..%2Fkeys%2Fdev-jwt-ed25519.pem", "%2e%2e%2fkeys", "A" * 64, "a" * 63):
        for suffix in ("", "/thumbnail"):
            response = api.client.get(f"/v1/photos/{bad}{suffix}", headers=auth)
            assert response.status_code in (404, 422), (bad, response.status_code)
            assert b"PRIVATE KEY" not in response.content
    assert api.client.get(f"/v1/photos/{'A' * 64}", headers=auth).status_code == 422
    assert_problem(api.client.get(f"/v1/photos/{'0' * 64}", headers=auth), 404)
    assert_problem(api.client.get(f"/v1/photos/{'0' * 64}/thumbnail", headers=auth), 404)


def test_who_may_upload_and_fetch(api: Any) -> None:
    data = image_bytes("PNG")
    assert upload(api, data, role="office").status_code == 201
    assert upload(api, data, role="project_unit", unit="unit-yaodu-001").status_code == 201
    for role in ("auditor", "leader", "operator", "department", "commander"):
        assert_problem(upload(api, data, role=role, unit="u"), 403)
    digest = hashlib.sha256(data).hexdigest()
    assert api.client.post("/v1/photos", files={"file": ("a", data)}).status_code == 401
    assert api.client.get(f"/v1/photos/{digest}").status_code == 401
    assert api.client.get(f"/v1/photos/{digest}/thumbnail").status_code == 401
