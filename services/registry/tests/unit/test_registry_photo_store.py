"""The photo store without HTTP: digests only, the size bound while writing, summaries."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from eventsourcing.domain import Aggregate
from PIL import Image

from registry.api.summaries import SUMMARIES, summary_of
from registry.domain import Project
from registry.photos import (
    MAX_PHOTO_BYTES,
    PhotoStore,
    PhotoTooLargeError,
    UnsupportedPhotoError,
    digest_of_ref,
    sniff,
)


def test_only_digests_name_files(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path / "photos")
    for bad in ("../keys/dev-jwt-ed25519.pem", "A" * 64, "a" * 65, "", "/etc/passwd"):
        with pytest.raises(ValueError, match="SHA-256"):
            store.path(bad)
        assert store.find(bad) is None
    assert digest_of_ref("photo:" + "0" * 64) == "0" * 64
    assert digest_of_ref("photo:../" + "0" * 61) is None
    assert digest_of_ref("oss://" + "0" * 64) is None


def test_magic_bytes() -> None:
    assert sniff(b"\xff\xd8\xff\xe0\0\x10JFIF\0\1") == "image/jpeg"
    assert sniff(b"\x89PNG\r\n\x1a\n\0\0\0\r") == "image/png"
    assert sniff(b"RIFF\x10\0\0\0WEBP") == "image/webp"
    assert sniff(b"RIFF\x10\0\0\0WAVE") is None
    assert sniff(b"GIF89a\0\0\0\0\0\0") is None


def test_writing_stops_at_the_bound_and_leaves_nothing(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path / "photos")
    upload = store.begin()
    chunk = b"\xff\xd8\xff" + b"\0" * (1024 * 1024 - 3)

    def write_eleven_megabytes() -> None:
        for _ in range(11):
            upload.write(chunk)

    with pytest.raises(PhotoTooLargeError):
        write_eleven_megabytes()
    temp = next((tmp_path / "photos").iterdir())
    assert temp.stat().st_size <= MAX_PHOTO_BYTES
    upload.discard()
    assert not any((tmp_path / "photos").iterdir())
    refused = store.begin()
    with pytest.raises(UnsupportedPhotoError):
        refused.write(b"<html><script>")
    refused.discard()


def test_same_bytes_one_file_and_thumbnail_first(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path / "photos")
    buffer = io.BytesIO()
    Image.new("RGB", (300, 1000), "white").save(buffer, format="PNG")
    stored = []
    for _ in range(2):
        upload = store.begin()
        upload.write(buffer.getvalue())
        stored.append(upload.finish())
        upload.discard()
    assert stored[0] == stored[1]
    assert sorted(p.name for p in store.root.iterdir()) == [
        stored[0].digest,
        f"{stored[0].digest}.thumb.jpg",
    ]
    with Image.open(store.thumbnail_path(stored[0].digest)) as small:
        assert small.size == (96, 320)


def test_every_project_event_has_a_chinese_summary() -> None:
    events = [
        name
        for name, value in vars(Project).items()
        if isinstance(value, type)
        and issubclass(value, Aggregate.Event)
        and name not in ("Event", "Created")  # the library's own bases
    ]
    assert len(events) >= 10
    assert set(events) <= set(SUMMARIES)
    assert summary_of("Unheard", {"originator_topic": "registry.domain:Project"}) == "其他记录"
    assert summary_of("StageChanged", {"stage": "resumed", "on": "2026-04-01"}) == (
        "阶段变更为 已复工(2026-04-01)"
    )
