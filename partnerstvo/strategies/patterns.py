"""The progress bar, a component of the design system registered from this app (see
partnerstvo.core.patterns)."""

from django.utils.translation import gettext_lazy as _

from partnerstvo.core.patterns import Pattern, register_pattern

register_pattern(
    Pattern(
        name="progress_bar",
        title=_("Progress bar"),
        description=_(
            "How far something has come, 0–100: a native progress element with the percentage "
            "written beside it, so it is read without colour and by a screen reader."
        ),
        template="includes/components/progress_bar.html",
        include='{% include "includes/components/progress_bar.html" with value=… label=… %}',
        context=lambda: {"value": 62.5, "label": "Изпълнение на мярката"},
        height=90,
    )
)
