"""List Wagtail's admin strings that have no Bulgarian translation in Wagtail's own catalogues.

    .venv/bin/python partnerstvo/locale_wagtail/missing.py CATALOG [CATALOG ...]

CATALOG is a path under the wagtail package such as ``admin/django`` or ``admin/djangojs`` or
``django`` (the core catalogue in wagtail/locale). Prints a .po skeleton of the missing entries.
"""

import os
import sys
from pathlib import Path

import polib
import wagtail

WAGTAIL = Path(wagtail.__file__).resolve().parent


def catalogue_paths(name: str) -> tuple[Path, Path]:
    folder, _, domain = name.rpartition("/")
    base = WAGTAIL / folder if folder else WAGTAIL
    return (
        base / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po",
        base / "locale" / "bg" / "LC_MESSAGES" / f"{domain}.po",
    )


def missing_entries(name: str) -> list[polib.POEntry]:
    english, bulgarian = catalogue_paths(name)
    done = set()
    if bulgarian.exists():
        done = {(e.msgctxt, e.msgid) for e in polib.pofile(str(bulgarian)) if e.translated()}
    return [
        e for e in polib.pofile(str(english)) if not e.obsolete and (e.msgctxt, e.msgid) not in done
    ]


if __name__ == "__main__":
    out = polib.POFile()
    out.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "bg",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for name in sys.argv[1:]:
        for entry in missing_entries(name):
            skeleton = polib.POEntry(
                msgctxt=entry.msgctxt,
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural,
                msgstr="",
                msgstr_plural={0: "", 1: ""} if entry.msgid_plural else {},
                occurrences=entry.occurrences,
                flags=[f for f in entry.flags if f != "fuzzy"],
                comment=f"wagtail:{name}",
            )
            out.append(skeleton)
    sys.stdout.write(str(out))
    os.sys.stdout.flush()
