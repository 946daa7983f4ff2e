"""What partnerships tell CSO websites: the organisation's agreements in force or ended (never
drafts), for the partnerships page (registered with ``partnerstvo.core.contributions``)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstvo.core.contributions import Contribution, register

from .models import Agreement, AgreementParty, AgreementRenewal
from .selectors import agreements_of_organisation


@register("agreements", sources=(Agreement, AgreementParty, AgreementRenewal))
def agreements_of(organisation, *, limit: int) -> list[Contribution]:
    """Two queries, whatever the number of agreements."""
    items = []
    for agreement in agreements_of_organisation(organisation=organisation)[:limit]:
        others = [
            str(party.party) for party in agreement.parties.all()
            if party.organisation_id != organisation.pk
        ]  # fmt: skip
        items.append(
            Contribution(
                kind="agreements",
                title=f"{agreement.get_kind_display()}: {agreement.title}",
                date=timezone.localtime(agreement.confirmed_at).date(),
                url=agreement.get_absolute_url(),
                summary=_("With %(parties)s. %(status)s, %(start)s – %(end)s.")
                % {
                    "parties": ", ".join(others),
                    "status": agreement.get_status_display(),
                    "start": agreement.starts_on.strftime("%d.%m.%Y"),
                    "end": agreement.ends_on.strftime("%d.%m.%Y"),
                },
            )
        )
    return items
