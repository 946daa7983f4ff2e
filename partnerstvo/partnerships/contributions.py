"""What partnerships tell others: CSO websites the organisation's agreements in force or ended
(never drafts), for the partnerships page (registered with ``partnerstvo.core.contributions``);
a council meeting's event page the council it is a meeting of (``events.page_sections``)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerstvo.core.contributions import Contribution, register
from partnerstvo.events import page_sections

from .models import Agreement, AgreementParty, AgreementRenewal, CouncilMeeting
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


@page_sections.register("council", heading=gettext_lazy("Coordination council"))
def council_of_meeting(event) -> list[page_sections.SectionItem]:
    """The council whose meeting ``event`` is, linked (one query). A transparent council's is
    public; a private council's is named only on a closed meeting's page, which only its
    organisers and participants (the council's members) see."""
    meeting = CouncilMeeting.objects.filter(event_id=event.pk).select_related("council").first()
    if meeting is None:
        return []
    council = meeting.council
    if not council.is_transparent and event.is_listed:
        return []
    return [
        page_sections.SectionItem(
            title=_("Meeting of %(council)s") % {"council": council.name},
            url=council.get_absolute_url(),
        )
    ]
