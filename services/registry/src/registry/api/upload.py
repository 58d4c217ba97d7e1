"""Receive one file field of a multipart/form-data request, streamed chunk by chunk.

The body is parsed as it arrives (``python-multipart``'s push parser): the file's
bytes go to the photo upload batch by batch (written in a worker thread), and the
request is refused with 413 as soon as too much has come, so a huge upload never
sits in memory nor fills the disk. Nothing is read before the route's role check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import Request
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool

from registry.photos import MAX_PHOTO_BYTES, PhotoTooLargeError, PhotoUpload
from servicekit.web.problems import ProblemError, UnprocessableError

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

# Room for the multipart framing and small extra fields around the file.
MAX_OVERHEAD_BYTES = 64 * 1024
TOO_LARGE = "照片不得超过 10 MB / a photo may be at most 10 MB"


def too_large() -> ProblemError:
    return ProblemError(TOO_LARGE, status=413, slug="content-too-large", title="请求体过大")


def _bad_form(detail: str) -> ProblemError:
    return ProblemError(detail, status=400, slug="malformed-multipart", title="请求格式错误")


def _boundary_of(request: Request) -> bytes:
    media_type, options = parse_options_header(request.headers.get("content-type", ""))
    if media_type != b"multipart/form-data":
        raise ProblemError(
            "请以 multipart/form-data 上传,字段名 file / send multipart/form-data, field file",
            status=415,
            slug="unsupported-media-type",
            title="不支持的媒体类型 / Unsupported media type",
        )
    boundary = options.get(b"boundary", b"")
    if not boundary:
        raise _bad_form("multipart 缺少 boundary / multipart body without a boundary")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_PHOTO_BYTES + MAX_OVERHEAD_BYTES:
        raise too_large()
    return boundary


class _FilePart:
    """Parser callbacks that keep the data of the one part named ``field``."""

    def __init__(self, field: bytes) -> None:
        self.field = field
        self.header_name = b""
        self.headers: dict[bytes, bytes] = {}
        self.in_file = False
        self.files = 0
        self.pending: list[bytes] = []

    def on_part_begin(self) -> None:
        self.headers, self.in_file = {}, False

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        name = self.header_name.lower()
        self.headers[name] = self.headers.get(name, b"") + data[start:end]

    def on_header_end(self) -> None:
        self.header_name = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        self.in_file = options.get(b"name") == self.field
        self.files += self.in_file

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.in_file and self.files == 1:
            self.pending.append(data[start:end])

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self.on_part_begin,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_part_data": self.on_part_data,
        }


async def receive_file(request: Request, upload: PhotoUpload, field: str = "file") -> None:
    """Stream the part named ``field`` into ``upload``; problems for anything else."""
    boundary = _boundary_of(request)
    part = _FilePart(field.encode())
    parser = MultipartParser(boundary, part.callbacks())
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > MAX_PHOTO_BYTES + MAX_OVERHEAD_BYTES:
                raise too_large()
            parser.write(chunk)
            if part.pending:
                batch, part.pending = part.pending, []
                await run_in_threadpool(upload.write_all, batch)
        parser.finalize()
    except MultipartParseError as exc:
        raise _bad_form("multipart 格式错误 / malformed multipart body") from exc
    except PhotoTooLargeError as exc:
        raise too_large() from exc
    if part.files != 1:
        detail = f"须且只能上传一个文件,字段名 {field} / exactly one file in field {field}"
        raise UnprocessableError(detail, errors=[{"field": f"body.{field}", "message": detail}])
