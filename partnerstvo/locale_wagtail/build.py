"""Merge our Bulgarian completion of Wagtail's admin catalogues into the files Django loads.

    .venv/bin/python partnerstvo/locale_wagtail/build.py

Sources (src/*.po) hold only what Wagtail's own bg catalogues lack; ``missing.py`` lists it. When a
message appears in several sources the first file in PRIORITY wins (Django loads one catalogue per
domain, so one translation per message). Writes bg/LC_MESSAGES/django.po/.mo and djangojs.po/.mo.
"""

from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
PRIORITY = ["admin_django.po", "core_images_users.po", "contrib_docs_snippets.po", "taggit.po"]
JS_SOURCES = ["djangojs.po"]
METADATA = {
    "Project-Id-Version": "partnerstvo-wagtail-bg",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Language": "bg",
    "MIME-Version": "1.0",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}


def merge(sources: list[str], target: str) -> int:
    merged = polib.POFile(wrapwidth=100)
    merged.metadata = dict(METADATA)
    seen = set()
    for name in sources:
        for entry in polib.pofile(str(HERE / "src" / name)):
            key = (entry.msgctxt, entry.msgid)
            if key in seen or not entry.translated() or entry.obsolete:
                continue
            seen.add(key)
            entry.occurrences = []
            merged.append(entry)
    out = HERE / "bg" / "LC_MESSAGES"
    out.mkdir(parents=True, exist_ok=True)
    merged.save(str(out / f"{target}.po"))
    merged.save_as_mofile(str(out / f"{target}.mo"))
    return len(merged)


if __name__ == "__main__":
    print("django:", merge(PRIORITY, "django"))  # noqa: T201
    print("djangojs:", merge(JS_SOURCES, "djangojs"))  # noqa: T201
