"""Who may do what with agreements and councils. See partnerstvo.core.permissions.

Agreements:
- Everyone reads an agreement once every party has confirmed it (the public register); a draft
  is read only by its parties' admins (the CSO admins of an organisation party, the officers of
  an administration party), and by coordinators and auditors.
- A party's admins propose, confirm (for their own party), renew and terminate it; nobody else
  writes, coordinators included (an agreement is the parties' act). Superusers and the system
  actor (the demo, commands) may, as everywhere.

Councils:
- A transparent council is public; a private one is seen only by its members (current or
  former), its managers and coordinators or auditors.
- A council is managed (members, meetings) by its current secretaries and by the officers of its
  municipal administration; coordinators too. Its managers also run its meetings' events
  (minutes, attendance, registrations): ``managed_meeting_event_ids``, registered with
  ``events.managers``. Officers of an administration create its councils.
"""

from __future__ import annotations

from django.db.models import Q

from partnerstvo.core.permissions import ALL, NONE, Policy, either, only_if, register, within
from partnerstvo.directory.roles import roles_of

from .models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    AgreementRenewal,
    Council,
    CouncilMeeting,
    CouncilMember,
)


def acts_for_party(user, *, organisation_id=None, administration_id=None) -> bool:
    """Is ``user`` an admin of this party: a CSO admin of the organisation, an officer of the
    administration?"""
    roles = roles_of(user)
    if roles.superuser:
        return True  # the system (the demo, commands) and superusers, never a coordinator role
    if organisation_id:
        return organisation_id in roles.orgs_with("admin")
    return bool(administration_id) and administration_id in roles.administrations


def may_act_for_any_party(user) -> bool:
    roles = roles_of(user)
    return bool(roles.superuser or roles.orgs_with("admin") or roles.administrations)


def party_agreement_ids(user):
    """A subquery of the agreements of which ``user`` is an admin of a party."""
    roles = roles_of(user)
    condition = Q(pk__in=[])
    if roles.orgs_with("admin"):
        condition |= Q(organisation_id__in=roles.orgs_with("admin"))
    if roles.administrations:
        condition |= Q(administration_id__in=list(roles.administrations))
    return AgreementParty.objects.filter(condition).values("agreement_id")


def party_agreements(user, field: str = "pk"):
    if roles_of(user).superuser:
        return ALL
    if not may_act_for_any_party(user):
        return NONE
    return within(field, party_agreement_ids(user))


def visible_agreements(user, prefix: str = ""):
    if roles_of(user).reads_everything:
        return ALL
    return either(
        Q(**{f"{prefix}confirmed_at__isnull": False}),
        party_agreements(user, f"{prefix[:-2]}_id" if prefix else "pk"),
    )


@register(Agreement)
class AgreementPolicy(Policy):
    def rule_view(self, user):
        return visible_agreements(user)

    def rule_add(self, user):
        return only_if(may_act_for_any_party(user))

    def rule_change(self, user):
        return party_agreements(user)

    rule_confirm = rule_change
    rule_renew = rule_change
    rule_terminate = rule_change
    rule_delete = rule_change


class _AgreementPartPolicy(Policy):
    def rule_view(self, user):
        return visible_agreements(user, "agreement__")

    def rule_change(self, user):
        return party_agreements(user, "agreement_id")

    rule_add = rule_change
    rule_delete = rule_change


@register(AgreementParty)
class AgreementPartyPolicy(_AgreementPartPolicy):
    pass


@register(AgreementDocument)
class AgreementDocumentPolicy(_AgreementPartPolicy):
    pass


@register(AgreementRenewal)
class AgreementRenewalPolicy(_AgreementPartPolicy):
    pass


# --- councils ----------------------------------------------------------------------------------


def _member_council_ids(user, *, secretaries_only: bool):
    person_id = roles_of(user).person_id
    if not person_id:
        return None
    members = CouncilMember.objects.filter(person_id=person_id)
    if secretaries_only:
        members = members.active().filter(position=CouncilMember.Position.SECRETARY)
    return members.values("council_id")


def managed_councils(user, field: str = "pk", administration_field: str = "administration_id"):
    """The councils ``user`` manages: as a current secretary, as an officer of the council's
    administration, as a coordinator."""
    roles = roles_of(user)
    if roles.is_coordinator:
        return ALL
    secretary_of = _member_council_ids(user, secretaries_only=True)
    return either(
        NONE if secretary_of is None else within(field, secretary_of),
        within(administration_field, list(roles.administrations)),
    )


def visible_councils(user, prefix: str = ""):
    if roles_of(user).reads_everything:
        return ALL
    field = f"{prefix[:-2]}_id" if prefix else "pk"
    member_of = _member_council_ids(user, secretaries_only=False)
    return either(
        Q(**{f"{prefix}visibility": Council.Visibility.TRANSPARENT}),
        NONE if member_of is None else within(field, member_of),
        managed_councils(user, field, f"{prefix}administration_id"),
    )


@register(Council)
class CouncilPolicy(Policy):
    def rule_view(self, user):
        return visible_councils(user)

    def rule_add(self, user):
        roles = roles_of(user)
        if roles.is_coordinator:
            return ALL
        return within("administration_id", list(roles.administrations))

    def rule_change(self, user):
        return managed_councils(user)

    rule_manage = rule_change

    def rule_delete(self, user):
        return self.rule_add(user)


class _CouncilPartPolicy(Policy):
    def rule_view(self, user):
        return visible_councils(user, "council__")

    def rule_change(self, user):
        return managed_councils(user, "council_id", "council__administration_id")

    rule_add = rule_change
    rule_delete = rule_change


@register(CouncilMember)
class CouncilMemberPolicy(_CouncilPartPolicy):
    pass


@register(CouncilMeeting)
class CouncilMeetingPolicy(_CouncilPartPolicy):
    pass


SECRETARY_CACHE = "_partnerstvo_secretary_of"


def _secretary_council_ids(user) -> list[int]:
    """The councils ``user`` is a current secretary of: one query, kept with their roles (for
    the request), so that asking of every event whether they manage it costs nothing more."""
    roles = roles_of(user)
    if not roles.person_id:
        return []
    cached = getattr(user, SECRETARY_CACHE, None)
    if cached is not None and cached[0] is roles:
        return cached[1]
    ids = list(
        CouncilMember.objects.active()
        .filter(person_id=roles.person_id, position=CouncilMember.Position.SECRETARY)
        .values_list("council_id", flat=True)
    )
    setattr(user, SECRETARY_CACHE, (roles, ids))
    return ids


def managed_meeting_event_ids(user):
    """The events of the meetings of the councils ``user`` manages (their current secretaries,
    the officers of their administration: they run them, minutes, attendance, registrations),
    for ``events.managers``; ``None`` for none. Coordinators manage every event already."""
    roles = roles_of(user)
    if roles.is_coordinator:
        return None
    condition = Q(pk__in=[])
    secretary_of = _secretary_council_ids(user)
    if secretary_of:
        condition |= Q(council_id__in=secretary_of)
    if roles.administrations:
        condition |= Q(council__administration_id__in=list(roles.administrations))
    if not (secretary_of or roles.administrations):
        return None
    return CouncilMeeting.objects.filter(condition).values("event_id")
