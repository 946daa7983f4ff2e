"""Checks for website settings: colours that keep text readable (WCAG 2.1 AA)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
AA_NORMAL_TEXT = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_primary_colour(value: str) -> None:
    """The primary colour carries white text (header, buttons): it must reach AA contrast 4.5:1."""
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Give the colour as #RRGGBB, for example #0b4f8a."), code="colour_format"
        )
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < AA_NORMAL_TEXT:
        raise ValidationError(
            _(
                "White text on %(colour)s has a contrast of %(ratio).1f:1; WCAG AA needs at least "
                "4.5:1. Choose a darker colour."
            ),
            code="colour_contrast",
            params={"colour": value, "ratio": ratio},
        )


def mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0–1) of the way towards ``other``, as #rrggbb."""
    channels = []
    for i in (1, 3, 5):
        a, b = int(colour[i : i + 2], 16), int(other[i : i + 2], 16)
        channels.append(round(a + (b - a) * amount))
    return "#" + "".join(f"{c:02x}" for c in channels)


def dark_scheme_tint(colour: str, *, backgrounds: tuple[str, ...]) -> str:
    """The least-washed-out tint of ``colour`` (towards white) that reads as text on each of
    ``backgrounds`` at WCAG AA (4.5:1, with a little margin); white when none does."""
    for step in range(20, 101, 4):
        tint = mix(colour, "#ffffff", step / 100)
        if all(contrast_ratio(tint, bg) >= AA_NORMAL_TEXT + 0.2 for bg in backgrounds):
            return tint
    return "#ffffff"
