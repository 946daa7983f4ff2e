"""Private files: personal and internal files that no web server exposes.

Certificate archives, signed attendance sheets, report exports, uploaded import files and Wagtail
documents are kept under ``PRIVATE_MEDIA_ROOT`` (``STORAGES["private"]``), a directory beside
``MEDIA_ROOT`` that no URL maps to. Their names are random tokens (never the uploader's file name
or a sequential id); the name a person sees is kept beside the file as metadata and given to the
browser in ``Content-Disposition``.

They leave the server only through a view that has checked the policy first and then calls
``private_file_response``: Django streams the file itself, or, when ``PRIVATE_MEDIA_ACCEL_REDIRECT``
is set (nginx in production), answers with an empty body and an ``X-Accel-Redirect`` header so
that nginx sends the file from an ``internal`` location (see the README).
"""

from __future__ import annotations

import os
import secrets
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404, HttpResponse
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header

# Wagtail keeps its documents under this prefix of the default storage (``upload_to="documents"``).
DOCUMENTS_PREFIX = "documents/"


class PrivateStorage(FileSystemStorage):
    """The file system under ``PRIVATE_MEDIA_ROOT``: it has no URL at all. The root is read
    from the settings on every use (as tests and deployments change it), unless given."""

    def __init__(self, location=None, **kwargs):
        self.fixed_location = location
        kwargs["base_url"] = None
        super().__init__(location=location, **kwargs)

    @property
    def base_location(self):
        return self.fixed_location or settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("A private file has no public URL; serve it through its view.")


def _is_document(name) -> bool:
    return str(name).replace("\\", "/").startswith(DOCUMENTS_PREFIX)


class MediaStorage(FileSystemStorage):
    """The default storage: public media under ``MEDIA_ROOT``, except Wagtail's documents.

    Wagtail stores documents with the default storage, so without this they would sit in public
    media, and a document of a restricted collection could be fetched from ``MEDIA_URL`` while
    Wagtail's serve view refuses it. Names under ``documents/`` are handed to the private storage
    instead (same name, under ``PRIVATE_MEDIA_ROOT``) and have no URL; Wagtail serves them through
    its own view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``), which checks collection view
    restrictions first. Images and everything else stay public.
    """

    def _private(self):
        return storages["private"]

    def _open(self, name, mode="rb"):
        if _is_document(name):
            return self._private()._open(name, mode)
        return super()._open(name, mode)

    def _save(self, name, content):
        if _is_document(name):
            return self._private()._save(name, content)
        return super()._save(name, content)

    def delete(self, name):
        if _is_document(name):
            return self._private().delete(name)
        return super().delete(name)

    def exists(self, name):
        if _is_document(name):
            return self._private().exists(name)
        return super().exists(name)

    def listdir(self, path):
        if _is_document(path):
            return self._private().listdir(path)
        return super().listdir(path)

    def path(self, name):
        if _is_document(name):
            return self._private().path(name)
        return super().path(name)

    def size(self, name):
        if _is_document(name):
            return self._private().size(name)
        return super().size(name)

    def url(self, name):
        if _is_document(name):
            # What Wagtail's serve view expects of a storage without public URLs.
            raise NotImplementedError("Documents are served by Wagtail's view, not from media.")
        return super().url(name)

    def get_accessed_time(self, name):
        if _is_document(name):
            return self._private().get_accessed_time(name)
        return super().get_accessed_time(name)

    def get_created_time(self, name):
        if _is_document(name):
            return self._private().get_created_time(name)
        return super().get_created_time(name)

    def get_modified_time(self, name):
        if _is_document(name):
            return self._private().get_modified_time(name)
        return super().get_modified_time(name)


def private_storage():
    """The private storage (a callable, so that ``FileField(storage=...)`` resolves it late)."""
    return storages["private"]


def random_name(prefix: str, original: str = "") -> str:
    """``<prefix>/<token>.<ext>``: 32 random bytes, URL-safe; only the extension of ``original``
    (lower-cased, letters and digits) survives."""
    extension = PurePosixPath(original or "").suffix.lower()
    if not extension[1:].isalnum() or len(extension) > 10:
        extension = ""
    return f"{prefix.strip('/')}/{secrets.token_urlsafe(32)}{extension}"


@deconstructible
class RandomName:
    """``upload_to`` for private files: the stored name is a random token in ``prefix``."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        return random_name(self.prefix, filename)

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.prefix == self.prefix


def accel_redirect_response(
    path: str, *, filename: str | None, content_type: str, as_attachment: bool = True
) -> HttpResponse | None:
    """An empty response that tells nginx to send ``path`` (a file under
    ``PRIVATE_MEDIA_ROOT``) from its internal location; None when not configured so."""
    prefix = getattr(settings, "PRIVATE_MEDIA_ACCEL_REDIRECT", "")
    if not prefix:
        return None
    root = os.path.abspath(settings.PRIVATE_MEDIA_ROOT)
    absolute = os.path.abspath(path)
    if os.path.commonpath([root, absolute]) != root:
        return None  # not a private file: nginx has no location for it
    relative = os.path.relpath(absolute, root).replace(os.sep, "/")
    response = HttpResponse(content_type=content_type)
    response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(relative)
    if filename is not None:
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response


def private_file_response(
    file, *, filename: str, content_type: str, as_attachment: bool = True
) -> HttpResponse:
    """Send a private file (a ``FieldFile`` in the private storage). Call it only after the
    policy check. 404 when the record has no file or the file is gone."""
    if not file:
        raise Http404
    storage = file.storage
    if not storage.exists(file.name):
        raise Http404
    try:
        local_path = storage.path(file.name)
    except NotImplementedError:
        local_path = None
    if local_path is not None:
        response = accel_redirect_response(
            local_path, filename=filename, content_type=content_type, as_attachment=as_attachment
        )
        if response is not None:
            response["X-Content-Type-Options"] = "nosniff"
            response["Cache-Control"] = "private, no-store"
            return response
    response = FileResponse(
        storage.open(file.name, "rb"),
        as_attachment=as_attachment,
        filename=filename,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def sendfile(request, filename, **kwargs):
    """Wagtail's ``SENDFILE_BACKEND`` (documents): ``X-Accel-Redirect`` when configured, else the
    file streamed by Django. Wagtail has checked the collection's restrictions and sets the
    headers (Content-Disposition, type, length) after this returns."""
    response = accel_redirect_response(
        filename, filename=None, content_type=kwargs.get("mimetype") or "application/octet-stream"
    )
    if response is not None:
        return response
    from wagtail.utils.sendfile_streaming_backend import sendfile as streaming

    return streaming(request, filename, **kwargs)
