"""The draft's text cut into sections: articles ("Чл. 1.", "Чл. 2а.") or, in a text without
articles, headings ("Глава първа", "Раздел II", "1. Цели", Word's heading styles). Text before the
first article or heading is the preamble, a section of its own.

Read from pasted text or from a DOCX file (python-docx); the comparison of two versions is
difflib's, section by section, matched by heading."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ARTICLE = re.compile(r"^\s*(Чл\.|Член)\s*\d+[а-я]?\b\.?", re.IGNORECASE)
HEADING = re.compile(
    r"^\s*(Глава|Раздел|Част|Приложение|Преходни|Заключителни|Допълнителн|§\s*\d+)"
    r"|^\s*(\d+(\.\d+)*\.|[IVXLC]+\.)\s+\S.{0,120}$"
    r"|^#+\s+\S"
)
MAX_HEADING = 300


@dataclass
class Part:
    heading: str
    text: str


def _heading_of(line: str) -> tuple[str, str]:
    """An article's line is its heading ("Чл. 2.") and the rest of it the start of its text."""
    line = line.strip().lstrip("#").strip()
    match = ARTICLE.match(line)
    if match:
        heading = match.group(0).strip()
        return heading, line[match.end() :].strip()
    return line[:MAX_HEADING], ""


def split_lines(lines: list[str], headings: set[int] | None = None) -> list[Part]:
    """Cut ``lines`` into parts. ``headings`` marks lines known to be headings (Word styles)."""
    headings = headings or set()
    has_articles = any(ARTICLE.match(line) for line in lines)
    parts: list[Part] = []
    preamble: list[str] = []
    current: Part | None = None
    for index, line in enumerate(lines):
        if has_articles:
            starts = bool(ARTICLE.match(line))
        else:
            starts = index in headings or bool(HEADING.match(line))
        if starts:
            heading, rest = _heading_of(line)
            current = Part(heading=heading, text=rest)
            parts.append(current)
        elif current is None:
            preamble.append(line)
        else:
            current.text = f"{current.text}\n{line}" if current.text else line
    for part in parts:
        part.text = part.text.strip()
    intro = "\n".join(preamble).strip()
    if intro:
        parts.insert(0, Part(heading=_("Preamble"), text=intro))
    return parts


def split_text(text: str) -> list[Part]:
    lines = [line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n")]
    parts = split_lines(lines)
    if not parts:
        raise ValidationError(
            {"text": _("Paste the draft's text or import it from a DOCX file.")}, code="no_text"
        )
    return parts


def split_docx(file) -> list[Part]:
    """The sections of a DOCX file: its paragraphs, with Word's headings as headings."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        file.seek(0)
        document = docx.Document(file)
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise ValidationError(
            {"docx": _("The DOCX file could not be read: %(error)s") % {"error": error}},
            code="docx_unreadable",
        ) from None
    except Exception as error:  # noqa: BLE001 - a broken archive raises zipfile's or lxml's errors
        raise ValidationError(
            {"docx": _("The DOCX file could not be read: %(error)s") % {"error": error}},
            code="docx_unreadable",
        ) from None
    lines: list[str] = []
    headings: set[int] = set()
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style.lower().startswith(("heading", "title", "заглавие")):
            headings.add(len(lines))
        lines.append(text)
    parts = split_lines(lines, headings)
    if not parts:
        raise ValidationError({"docx": _("The DOCX file has no text.")}, code="docx_empty")
    return parts


@dataclass
class SectionChange:
    heading: str
    state: str  # "added", "removed", "changed", "same"
    lines: list[tuple[str, str]]  # (" ", "+", "-") and the line


def compare(old: list, new: list) -> list[SectionChange]:
    """What changed between two versions' sections (each with ``heading`` and ``text``), in the
    new version's order, with removed sections after; a changed section's lines marked + / -."""
    old_by_heading = {section.heading: section for section in old}
    seen = set()
    changes = []
    for section in new:
        before = old_by_heading.get(section.heading)
        if before is None:
            changes.append(
                SectionChange(
                    section.heading, "added", [("+", line) for line in section.text.splitlines()]
                )
            )
            continue
        seen.add(section.heading)
        if before.text == section.text:
            changes.append(SectionChange(section.heading, "same", []))
            continue
        lines = []
        for line in difflib.ndiff(before.text.splitlines(), section.text.splitlines()):
            marker, content = line[:1], line[2:]
            if marker in (" ", "+", "-"):
                lines.append((marker, content))
        changes.append(SectionChange(section.heading, "changed", lines))
    for section in old:
        if section.heading not in seen and section.heading not in {s.heading for s in new}:
            changes.append(
                SectionChange(
                    section.heading, "removed", [("-", line) for line in section.text.splitlines()]
                )
            )
    return changes
