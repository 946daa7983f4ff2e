"""What the platform already knows about a CSO, shown on its website by itself.

The contributors are registered by the apps that know it, in ``partnerstvo.core.contributions``
(so they need not import this app); the website's activities and partnerships sections ask
``contributions_for(organisation, kinds=...)``.
"""

from __future__ import annotations

import datetime

from partnerstvo.core.contributions import Contribution, contributors

ACTIVITY_KINDS = ("events", "trainings", "consultations", "practices", "analyses")
PARTNERSHIP_KINDS = ("agreements",)


def contributions_for(organisation, *, kinds=None, limit: int = 20) -> list[Contribution]:
    """The newest contributions of the given kinds (all when None), newest first."""
    items: list[Contribution] = []
    for function in contributors(kinds):
        items.extend(function(organisation, limit=limit))
    items.sort(key=lambda item: item.date or datetime.date.min, reverse=True)
    return items[:limit]
