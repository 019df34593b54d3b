"""What an attachment is: the file types accepted, the check that a file is what it claims to
be, its file name, and what a reader is told of a message's attachments (the files themselves
are streamed by :mod:`concord.messaging.attachments`).

Types are an allow-list of what bureaus exchange (documents, images, text and data exports,
archives, audio, video). ``application/octet-stream`` and anything unlisted are refused: a
file whose type nobody states cannot be checked. The declared type must agree with the file's
first bytes ("magic bytes"), and its name with the type's usual extensions."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.errors import UnsupportedMediaTypeError, ValidationFailedError
from concord.messaging.models import Attachment

ZIP = (b"PK\x03\x04",)


def _starts(*magics: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(magics)


def _text(head: bytes) -> bool:
    """UTF-8 without NUL bytes (the chunk may end inside a multi-byte character)."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
    return True


def _first_char(*chars: bytes) -> Callable[[bytes], bool]:
    def check(head: bytes) -> bool:
        body = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
        return _text(head) and body[:1] in chars

    return check


def _odf(kind: str) -> Callable[[bytes], bool]:
    # OpenDocument: a zip whose first entry is an uncompressed "mimetype" file (ODF 1.2, 3.3)
    expected = b"mimetypeapplication/vnd.oasis.opendocument." + kind.encode()
    return lambda head: head.startswith(ZIP) and head[30 : 30 + len(expected)] == expected


def _mp3(head: bytes) -> bool:
    return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] >= 0xE0)


_OOXML = "application/vnd.openxmlformats-officedocument."
#: media type -> (magic-bytes check, file name extensions)
TYPES: dict[str, tuple[Callable[[bytes], bool], tuple[str, ...]]] = {
    "application/pdf": (_starts(b"%PDF-"), (".pdf",)),
    "image/jpeg": (_starts(b"\xff\xd8\xff"), (".jpg", ".jpeg")),
    "image/png": (_starts(b"\x89PNG\r\n\x1a\n"), (".png",)),
    "image/gif": (_starts(b"GIF87a", b"GIF89a"), (".gif",)),
    "image/tiff": (_starts(b"II*\x00", b"MM\x00*"), (".tif", ".tiff")),
    "image/webp": (lambda h: h[:4] == b"RIFF" and h[8:12] == b"WEBP", (".webp",)),
    "text/plain": (_text, (".txt", ".text", ".log")),
    "text/csv": (_text, (".csv",)),
    "application/json": (_first_char(b"{", b"["), (".json",)),
    "application/xml": (_first_char(b"<"), (".xml",)),
    "text/xml": (_first_char(b"<"), (".xml",)),
    "application/zip": (_starts(*ZIP, b"PK\x05\x06"), (".zip",)),
    _OOXML + "wordprocessingml.document": (_starts(*ZIP), (".docx",)),
    _OOXML + "spreadsheetml.sheet": (_starts(*ZIP), (".xlsx",)),
    _OOXML + "presentationml.presentation": (_starts(*ZIP), (".pptx",)),
    "application/vnd.oasis.opendocument.text": (_odf("text"), (".odt",)),
    "application/vnd.oasis.opendocument.spreadsheet": (_odf("spreadsheet"), (".ods",)),
    "audio/mpeg": (_mp3, (".mp3",)),
    "video/mp4": (lambda h: h[4:8] == b"ftyp", (".mp4", ".m4v")),
}
_TEXT_CHARSETS = {"utf-8", "utf8", "us-ascii"}


def media_type(declared: str | None) -> str:
    """The declared ``Content-Type`` reduced to an accepted media type, or 415."""
    if not declared:
        raise UnsupportedMediaTypeError("Give the file's type in the Content-Type header")
    main, *params = [p.strip().lower() for p in declared.split(";")]
    if main not in TYPES:
        raise UnsupportedMediaTypeError(
            f"Attachments of type '{main}' are not accepted; accepted types: "
            + ", ".join(sorted(TYPES))
        )
    for param in params:
        name, _, value = param.partition("=")
        if name.strip() == "charset" and value.strip().strip('"') not in _TEXT_CHARSETS:
            raise UnsupportedMediaTypeError("Text attachments must be UTF-8")
    return main


def check_name(filename: str | None, content_type: str) -> str:
    """A safe file name (no directories, no control characters) whose extension fits the type."""
    name = unicodedata.normalize("NFC", (filename or "").replace("\\", "/").split("/")[-1])
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().strip(".")
    if not name:
        raise ValidationFailedError("Give the file's name (X-Filename header or ?filename=)")
    if len(name) > 255:
        raise ValidationFailedError("filename: at most 255 characters")
    extensions = TYPES[content_type][1]
    if not name.lower().endswith(extensions):
        raise UnsupportedMediaTypeError(
            f"A {content_type} file must be named *{' or *'.join(extensions)}, not '{name}'"
        )
    return name


def sniff(head: bytes, content_type: str) -> None:
    """415 unless the file's first bytes are those of ``content_type``."""
    if not TYPES[content_type][0](head):
        raise UnsupportedMediaTypeError(
            f"The file's content is not {content_type}, as declared: its first bytes do not match"
        )


def attachments_of(session: Session, message_id: str) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Attachment).where(Attachment.message_id == message_id).order_by(Attachment.id)
    ).scalars()
    return [
        {
            "id": a.id,
            "filename": a.filename,
            "content_type": a.content_type,
            "size": a.size,
            "sha256": a.sha256,
            "href": f"/api/v1/messages/{message_id}/attachments/{a.id}",
        }
        for a in rows
    ]
