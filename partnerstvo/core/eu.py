"""The EU visibility block every funded page and PDF carries (one source for both includes)."""

from django.utils.translation import gettext_lazy as _

FUND = _("European Social Fund")
PROGRAMME = _("Operational Programme “Administrative Capacity”")
DISCLAIMER = _(
    "The project is implemented with the financial support of the Operational Programme "
    "“Administrative Capacity”, co-financed by the European Union through the European Social Fund."
)
EMBLEM_STATIC_PATH = "core/img/eu-emblem.svg"


def visibility_context() -> dict:
    return {
        "eu_fund": FUND,
        "eu_programme": PROGRAMME,
        "eu_disclaimer": DISCLAIMER,
        "eu_emblem": EMBLEM_STATIC_PATH,
    }
