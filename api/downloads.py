"""Reports as files: the read routes that answer JSON also answer ``?format=csv``, ``xlsx`` or
``pdf`` with the same answer laid out by ``ledger.exporters`` (headers in Chinese and English, or
``lang=zh|en``). A PDF whose font lacks a character of its text (printed as 〓) names those
characters in ``X-Ledger-Missing-Characters`` (``U+201D4``), so a client can warn before it prints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import Query
from fastapi.responses import Response

from ledger.exporters import MEDIA_TYPES, Export, Sheet, render

MISSING_HEADER = "X-Ledger-Missing-Characters"
# Optional like the API's other query parameters: absent (or null) is JSON, headers in both languages.
FileFormat = Annotated[Literal["json", "csv", "xlsx", "pdf"] | None, Query(
    alias="format", description="json (default), or a file: csv (UTF-8 with a byte-order mark), xlsx, or pdf "
                                "(a document of the bureau, A4)")]
FileLanguage = Annotated[Literal["both", "zh", "en"] | None, Query(
    description="A file's header language: both (default: 中文 / English), zh or en")]

FILES: dict[int | str, dict[str, Any]] = {200: {"content": {
    MEDIA_TYPES["csv"].split(";")[0]: {"schema": {"type": "string"}},
    MEDIA_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
    MEDIA_TYPES["pdf"]: {"schema": {"type": "string", "format": "binary"}},
}}}


def answer(found: Any, fmt: str | None, lang: str | None, sheet: Callable[[Any], Sheet]) -> Any:
    """The JSON answer (an answer's ``to_dict()``, or a view's dict), or the same answer as a file."""
    if fmt in (None, "json"):
        return found.to_dict() if hasattr(found, "to_dict") else found
    return file_response(render(sheet(found), fmt, lang or "both"))  # type: ignore[arg-type]


def file_response(file: Export) -> Response:
    headers = {"Content-Disposition": file.disposition}
    if file.missing:
        headers[MISSING_HEADER] = " ".join(f"U+{ord(ch):04X}" for ch in file.missing)
    return Response(file.content, media_type=file.media_type, headers=headers)
