"""A site's colours for the dark scheme: its light tint reads as text on every dark background."""

import pytest

from partnerstvo.websites.models import DARK_BACKGROUND, DARK_SURFACE, CsoWebsite
from partnerstvo.websites.validators import contrast_ratio


@pytest.mark.parametrize("colour", ["#0b4f8a", "#be3737", "#73740c", "#1b1f24", "#5a2d82"])
def test_the_dark_schemes_text_tint_reaches_aa_on_every_dark_background(colour):
    palette = CsoWebsite(primary_colour=colour).palette
    for background in (DARK_BACKGROUND, DARK_SURFACE, palette["dark_soft"]):
        assert contrast_ratio(palette["dark_text"], background) >= 4.5, (colour, background)
