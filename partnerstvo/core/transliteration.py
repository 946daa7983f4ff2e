"""Transliteration of Bulgarian Cyrillic by the Transliteration Act
(Закон за транслитерацията, 2009).

Rules: the letter table of Art. 4, and "ия" at the end of a word is rendered "ia" (София → Sofia);
the one exception of Art. 6, "България" → "Bulgaria" (not "Balgaria"), in any case.
Letters keep their case; a digraph at the start of a capitalised word is capitalised only on its
first letter (Щерев → Shterev), and in an all-capitals word throughout (ЩЕРЕВ → SHTEREV).
"""

import re

from django.utils.text import slugify

_TABLE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
}  # fmt: skip

# Art. 6: names the Act transliterates otherwise than by the table (whole words, lower case).
_EXCEPTIONS = {"българия": "bulgaria"}

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _transliterate_word(word: str) -> str:
    lower = word.lower()
    all_caps = len(word) > 1 and word.isupper()
    exception = _EXCEPTIONS.get(lower)
    if exception is not None:
        if all_caps:
            return exception.upper()
        return exception[:1].upper() + exception[1:] if word[:1].isupper() else exception
    out: list[str] = []
    for index, (char, low) in enumerate(zip(word, lower, strict=True)):
        if low == "и" and index == len(word) - 2 and lower[index + 1] == "я":
            latin = "i"
        elif low == "я" and index == len(word) - 1 and index > 0 and lower[index - 1] == "и":
            latin = "a"
        else:
            latin = _TABLE.get(low)
            if latin is None:
                out.append(char)
                continue
        if char != low:  # an upper-case letter
            latin = latin.upper() if all_caps else latin[:1].upper() + latin[1:]
        out.append(latin)
    return "".join(out)


def transliterate(text: str) -> str:
    """Return ``text`` with every Bulgarian Cyrillic letter in its official Latin form."""
    return _WORD.sub(lambda match: _transliterate_word(match.group(0)), text or "")


def slugify_bg(text: str, *, max_length: int = 80) -> str:
    """A URL slug for Bulgarian text: transliterated, lower case, ASCII, hyphen-separated."""
    slug = slugify(transliterate(text).replace("„", " ").replace("“", " "))
    return slug[:max_length].strip("-")


def unique_slug(text: str, *, queryset, slug_field: str = "slug", max_length: int = 80) -> str:
    """``slugify_bg(text)`` made unique within ``queryset`` by a numeric suffix."""
    base = slugify_bg(text, max_length=max_length - 4) or "item"
    taken = set(
        queryset.filter(**{f"{slug_field}__startswith": base}).values_list(slug_field, flat=True)
    )
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug
