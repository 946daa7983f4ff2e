"""A party that is either a CSO or a municipal administration, never both: an event's organiser,
a partnership agreement's party. The rows that hold one share these constraints and this
property, so each such model says only whom it belongs to."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


def one_party_constraints(
    *, owner: str, exactly_one: str, organisation_once: str, administration_once: str
) -> list:
    """Exactly one of ``organisation`` and ``administration`` is set, and each appears once per
    ``owner`` (the foreign key the rows belong to). The names are the constraints' names."""
    return [
        models.CheckConstraint(
            condition=(
                Q(organisation__isnull=False, administration__isnull=True)
                | Q(organisation__isnull=True, administration__isnull=False)
            ),
            name=exactly_one,
        ),
        models.UniqueConstraint(
            fields=[owner, "organisation"],
            condition=Q(organisation__isnull=False),
            name=organisation_once,
        ),
        models.UniqueConstraint(
            fields=[owner, "administration"],
            condition=Q(administration__isnull=False),
            name=administration_once,
        ),
    ]


class OneParty:
    """For a model with ``organisation`` and ``administration`` foreign keys, one of them set."""

    @property
    def party(self):
        return self.organisation if self.organisation_id else self.administration
