"""Progress-report photos, stored content-addressed under ``<var_dir>/photos``.

A photo is named by the SHA-256 of its bytes: the same picture uploaded twice is
one file, and a report's ``photo:<sha256>`` reference can never come to mean other
bytes. An upload is written to a temporary file in the same directory while it is
hashed and counted, flushed to disk, and renamed into place (``os.replace``:
atomic). Its thumbnail (``<sha256>.thumb.jpg``) is put in place first, so a photo
that exists always has one. The kind of image is told by its first bytes, never
by what the client says it is.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from registry.thumbnails import UndecodableImageError, write_thumbnail

MAX_PHOTO_BYTES = 10 * 1024 * 1024
REF_PREFIX = "photo:"
HEAD_BYTES = 12
_DIGEST = re.compile(r"[0-9a-f]{64}")

__all__ = ["MAX_PHOTO_BYTES", "PhotoStore", "PhotoUpload", "StoredPhoto", "UndecodableImageError"]


class PhotoTooLargeError(Exception):
    """More than MAX_PHOTO_BYTES were sent."""


class UnsupportedPhotoError(Exception):
    """The bytes are not a JPEG, PNG or WebP image."""


def sniff(head: bytes) -> str | None:
    """The media type told by the first bytes, or None when not JPEG, PNG or WebP."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(head) >= HEAD_BYTES and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def digest_of_ref(ref: str) -> str | None:
    """The SHA-256 named by ``photo:<sha256>``; None when ``ref`` is not well formed."""
    digest = ref.removeprefix(REF_PREFIX)
    return digest if ref.startswith(REF_PREFIX) and _DIGEST.fullmatch(digest) else None


def is_digest(text: str) -> bool:
    return _DIGEST.fullmatch(text) is not None


@dataclass(frozen=True)
class StoredPhoto:
    digest: str
    content_type: str
    size: int
    path: Path

    @property
    def ref(self) -> str:
        return REF_PREFIX + self.digest


class PhotoStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, digest: str) -> Path:
        if not is_digest(digest):
            raise ValueError("not a SHA-256 hex digest")
        return self.root / digest

    def thumbnail_path(self, digest: str) -> Path:
        return self.path(digest).with_name(f"{digest}.thumb.jpg")

    def exists(self, digest: str) -> bool:
        return self.path(digest).is_file()

    def find(self, digest: str) -> StoredPhoto | None:
        """The stored photo, or None (also for anything that is not a digest)."""
        if not is_digest(digest):
            return None
        path = self.path(digest)
        try:
            with path.open("rb") as file:
                content_type = sniff(file.read(HEAD_BYTES))
            size = path.stat().st_size
        except FileNotFoundError:
            return None
        if content_type is None:
            return None
        return StoredPhoto(digest, content_type, size, path)

    def begin(self) -> PhotoUpload:
        self.root.mkdir(parents=True, exist_ok=True)
        return PhotoUpload(self)


class PhotoUpload:
    """One upload being received; ``finish`` puts it in place, ``discard`` drops it."""

    def __init__(self, store: PhotoStore) -> None:
        self.store = store
        fd, name = tempfile.mkstemp(dir=store.root, prefix=".upload-", suffix=".part")
        self._file = os.fdopen(fd, "wb")
        self._temp = Path(name)
        self._hash = hashlib.sha256()
        self._head = b""
        self.size = 0

    def write(self, data: bytes) -> None:
        """Append ``data``; refuses the upload as soon as it is too big or not an image."""
        self.size += len(data)
        if self.size > MAX_PHOTO_BYTES:
            raise PhotoTooLargeError
        if len(self._head) < HEAD_BYTES:
            self._head += data[: HEAD_BYTES - len(self._head)]
            if len(self._head) == HEAD_BYTES and sniff(self._head) is None:
                raise UnsupportedPhotoError
        self._hash.update(data)
        self._file.write(data)

    def write_all(self, chunks: list[bytes]) -> None:
        for chunk in chunks:
            self.write(chunk)

    def finish(self) -> StoredPhoto:
        """Check, flush, make the thumbnail, and rename into place (blocking: run in a thread)."""
        content_type = sniff(self._head)
        if content_type is None:
            raise UnsupportedPhotoError
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        digest = self._hash.hexdigest()
        final, thumbnail = self.store.path(digest), self.store.thumbnail_path(digest)
        if not (final.is_file() and thumbnail.is_file()):
            write_thumbnail(self._temp, thumbnail)
            os.replace(self._temp, final)
        return StoredPhoto(digest, content_type, self.size, final)

    def discard(self) -> None:
        """Close and remove the temporary file (a no-op once it was put in place)."""
        self._file.close()
        self._temp.unlink(missing_ok=True)
