"""Rich text reduced to what the editor's features allow, however it reached the database."""

from __future__ import annotations

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import RichText

from .blocks import RICH_TEXT_FEATURES

_converter = EditorHTMLConverter(features=RICH_TEXT_FEATURES)


def sanitise_html(html: str) -> str:
    return _converter.to_database_format(html or "")


def sanitise_page_rich_text(page) -> None:
    for field in page._meta.get_fields():
        if isinstance(field, RichTextField):
            setattr(page, field.name, sanitise_html(getattr(page, field.name)))
        elif isinstance(field, StreamField):
            value = getattr(page, field.name)
            cleaned, changed = [], False
            for child in value or []:
                if child.block_type == "text" and isinstance(child.value, RichText):
                    html = sanitise_html(child.value.source)
                    changed = changed or html != child.value.source
                    cleaned.append(("text", RichText(html)))
                else:
                    cleaned.append((child.block_type, child.value))
            if changed:
                setattr(page, field.name, cleaned)
