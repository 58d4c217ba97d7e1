"""The photo store of the running app, and the check of a report's photo references."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import Depends, Request

from registry.photos import REF_PREFIX, PhotoStore, digest_of_ref
from servicekit.web.problems import UnprocessableError


def photo_store(request: Request) -> PhotoStore:
    """Set by ``create_app`` from the settings (``<var_dir>/photos``)."""
    store = request.app.state.photos
    assert isinstance(store, PhotoStore)
    return store


PhotosDep = Annotated[PhotoStore, Depends(photo_store)]


def _problems(store: PhotoStore, refs: Sequence[str]) -> list[dict[str, str]]:
    errors = []
    for index, ref in enumerate(refs):
        if not ref.startswith(REF_PREFIX):
            continue  # other storage addresses (oss://, s3:// …) are kept as given
        digest = digest_of_ref(ref)
        if digest is None:
            message = "照片引用应为 photo:<64 位十六进制> / a photo ref is photo:<64 hex digits>"
        elif not store.exists(digest):
            message = "照片不存在,请先上传 / no such photo; upload it first (POST /v1/photos)"
        else:
            continue
        errors.append({"field": f"body.photos.{index}", "message": message})
    return errors


def check_photo_refs(store: PhotoStore, refs: Sequence[str]) -> None:
    """422 naming each ``photo:`` reference that is malformed or not in the store."""
    errors = _problems(store, refs)
    if errors:
        raise UnprocessableError(
            "照片引用无效,见 errors / unknown or malformed photo references; see errors",
            slug="unknown-photo",
            errors=errors,
        )
