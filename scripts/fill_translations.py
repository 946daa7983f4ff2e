"""Fill the bg catalogue from a dict file and mirror msgids into the en catalogue.

    .venv/bin/python scripts/fill_translations.py TRANSLATIONS.py [...]

Each TRANSLATIONS.py defines BG = {msgid: msgstr} and optionally PLURALS = {msgid: (one, many)}.
Entries already translated keep their translation unless the file gives a new one. The English
catalogue gets msgstr = msgid (our source strings are English), so both catalogues are complete.
Compiles both catalogues to .mo (no GNU gettext needed).
"""

import runpy
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "partnerstvo" / "locale"


def main(paths: list[str]) -> int:
    bg_strings, bg_plurals = {}, {}
    for path in paths:
        namespace = runpy.run_path(path)
        bg_strings.update(namespace.get("BG", {}))
        bg_plurals.update(namespace.get("PLURALS", {}))
    bulgarian = polib.pofile(str(LOCALE / "bg" / "LC_MESSAGES" / "django.po"), wrapwidth=100)
    bulgarian.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    bulgarian.metadata["Language"] = "bg"
    missing = []
    for entry in bulgarian:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
        if entry.msgid_plural:
            if entry.msgid in bg_plurals:
                one, many = bg_plurals[entry.msgid]
                entry.msgstr_plural = {0: one, 1: many}
        elif entry.msgid in bg_strings:
            entry.msgstr = bg_strings[entry.msgid]
        if not entry.translated():
            missing.append(entry.msgid)
    bulgarian.save()
    bulgarian.save_as_mofile(str(LOCALE / "bg" / "LC_MESSAGES" / "django.mo"))

    english = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"), wrapwidth=100)
    english.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    english.metadata["Language"] = "en"
    for entry in english:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
    english.save()
    english.save_as_mofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.mo"))
    for msgid in missing:
        print(f"untranslated: {msgid!r}")  # noqa: T201
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
