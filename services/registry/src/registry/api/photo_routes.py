"""Photo routes: upload a progress-report photo, fetch it and its thumbnail.

Photos are content-addressed (``photo:<sha256>``): the same bytes are one photo,
and a fetched photo never changes, so clients may cache it for good.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, status
from fastapi.responses import FileResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from registry.api.photo_refs import PhotosDep
from registry.api.upload import receive_file
from registry.photos import StoredPhoto, UndecodableImageError, UnsupportedPhotoError
from servicekit.web.auth import Principal, PrincipalDep, Role, require_roles
from servicekit.web.problems import NotFoundError, ProblemError, UnprocessableError

router = APIRouter(prefix="/v1/photos", tags=["photos"])

# The roles that may file a monthly report (routes.REPORTERS) may upload its photos.
UploadersDep = Annotated[
    Principal, Depends(require_roles(Role.OFFICE, Role.COUNTY, Role.PROJECT_UNIT))
]
Digest = Annotated[
    str, Path(pattern=r"^[0-9a-f]{64}$", description="照片的 SHA-256(64 位小写十六进制)")
]
IMMUTABLE = {"Cache-Control": "private, max-age=31536000, immutable"}
UNSUPPORTED = "仅接受 JPEG、PNG、WebP 图片 / only JPEG, PNG or WebP images are accepted"
UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        }
    },
}


class PhotoOut(BaseModel):
    ref: str
    url: str
    content_type: str
    size: int


def _out(photo: StoredPhoto) -> PhotoOut:
    url = f"/v1/photos/{photo.digest}"
    return PhotoOut(ref=photo.ref, url=url, content_type=photo.content_type, size=photo.size)


@router.post(
    "",
    response_model=PhotoOut,
    status_code=status.HTTP_201_CREATED,
    summary="上传进度照片 / upload a progress photo",
    openapi_extra={"requestBody": UPLOAD_BODY},
    # Beyond what servicekit derives from the route: a type that is not a photo.
    responses={415: {"description": "不支持的媒体类型 / Unsupported media type"}},
)
async def upload_photo(request: Request, photos: PhotosDep, _: UploadersDep) -> PhotoOut:
    """One JPEG, PNG or WebP of at most 10 MB in field ``file``; answers its ``ref``
    for ``photos`` of a monthly report. The same bytes again give the same ref."""
    upload = photos.begin()
    try:
        await receive_file(request, upload)
        stored = await run_in_threadpool(upload.finish)
    except UnsupportedPhotoError as exc:
        raise ProblemError(
            UNSUPPORTED, status=415, slug="unsupported-photo", title="不支持的媒体类型"
        ) from exc
    except UndecodableImageError as exc:
        detail = str(exc)
        error = {"field": "body.file", "message": detail}
        raise UnprocessableError(detail, slug="undecodable-photo", errors=[error]) from exc
    finally:
        await run_in_threadpool(upload.discard)
    return _out(stored)


@router.get(
    "/{sha256}",
    response_class=FileResponse,
    summary="照片原图 / the photo",
    responses={200: {"content": {"image/jpeg": {}, "image/png": {}, "image/webp": {}}}},
)
def get_photo(sha256: Digest, photos: PhotosDep, _: PrincipalDep) -> FileResponse:
    """The photo's bytes as uploaded."""
    photo = photos.find(sha256)
    if photo is None:
        raise NotFoundError(f"照片不存在 / no photo {sha256}")
    return FileResponse(photo.path, media_type=photo.content_type, headers=_headers())


@router.get(
    "/{sha256}/thumbnail",
    response_class=FileResponse,
    summary="照片缩略图 / the photo's thumbnail",
    responses={200: {"content": {"image/jpeg": {}}}},
)
def get_thumbnail(sha256: Digest, photos: PhotosDep, _: PrincipalDep) -> FileResponse:
    """A JPEG of at most 320 px on its longer side, upright."""
    path = photos.thumbnail_path(sha256)
    if not (photos.exists(sha256) and path.is_file()):
        raise NotFoundError(f"照片不存在 / no photo {sha256}")
    return FileResponse(path, media_type="image/jpeg", headers=_headers())


def _headers() -> dict[str, str]:
    return {**IMMUTABLE, "X-Content-Type-Options": "nosniff"}
