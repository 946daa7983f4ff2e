"""Writes of partnership agreements and coordination councils. Each service is keyword-only and
atomic, checks its caller with the platform's policies (``require``) and the rules of the part
(``ValidationError`` with a translated message, before anything is written), audits what it
changes, and notifies only once the transaction has committed (``notifications.notify``)."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.permissions import SYSTEM, require, user_can
from partnerstvo.core.services import save_audited
from partnerstvo.core.transliteration import unique_slug
from partnerstvo.directory.models import (
    AdministrationMembership,
    OrganisationMembership,
    Person,
)
from partnerstvo.events import services as events
from partnerstvo.events.models import Event, EventOrganiser
from partnerstvo.notifications.services import notify

from .models import (
    REMINDER_DAYS,
    Agreement,
    AgreementDocument,
    AgreementParty,
    AgreementReminder,
    AgreementRenewal,
    Council,
    CouncilMeeting,
    CouncilMember,
)
from .policies import acts_for_party

AGREEMENT_FIELDS = ["kind", "title", "subject", "starts_on", "ends_on"]


def _absolute(path: str) -> str:
    return f"{settings.PLATFORM_BASE_URL.rstrip('/')}{path}"


def party_admins(parties) -> list[Person]:
    """The people who act for ``parties``: the active CSO admins of each organisation party,
    the active officers of each administration party (each person once)."""
    organisation_ids = [party.organisation_id for party in parties if party.organisation_id]
    administration_ids = [party.administration_id for party in parties if party.administration_id]
    today = timezone.localdate()
    condition = Q(pk__in=[])
    if organisation_ids:
        condition |= Q(
            pk__in=OrganisationMembership.objects.active(today)
            .filter(organisation_id__in=organisation_ids, role=OrganisationMembership.Role.ADMIN)
            .values("person_id")
        )
    if administration_ids:
        condition |= Q(
            pk__in=AdministrationMembership.objects.active(today)
            .filter(
                administration_id__in=administration_ids,
                role=AdministrationMembership.Role.OFFICER,
            )
            .values("person_id")
        )
    return list(Person.objects.filter(condition).exclude(email="").order_by("pk"))


def _notify_parties(*, parties, kind: str, subject: str, text: str, url: str, skip=None):
    skip_id = getattr(skip, "person_id", None)
    for person in party_admins(parties):
        if person.pk != skip_id:
            notify(person=person, kind=kind, subject=subject, text=text, url=url)


def _party_key(party: dict) -> tuple:
    organisation, administration = party.get("organisation"), party.get("administration")
    return ("o", organisation.pk) if organisation else ("a", getattr(administration, "pk", None))


def _clean_parties(parties) -> list[dict]:
    parties = [dict(party) for party in parties]
    for party in parties:
        if bool(party.get("organisation")) == bool(party.get("administration")):
            raise ValidationError(
                {"parties": _("Each party is either an organisation or an administration.")}
            )
        if len(party.get("obligations") or "") > 5000:
            raise ValidationError({"parties": _("Obligations are at most 5,000 characters.")})
    keys = {_party_key(party) for party in parties}
    if len(keys) != len(parties):
        raise ValidationError({"parties": _("A party is named twice.")})
    if len(parties) < 2:
        raise ValidationError(
            {"parties": _("An agreement has at least two parties: name the other party.")}
        )
    return parties


def _document_create(*, agreement, title: str, file, signed_on=None, renewal=None):
    document = AgreementDocument(
        agreement=agreement,
        renewal=renewal,
        title=(title or "").strip() or (getattr(file, "name", "") or "")[:255],
        file=file,
        filename=Path(getattr(file, "name", "") or "").name[:255],
        signed_on=signed_on,
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def agreement_propose(
    *, actor, data: dict, parties, documents=(), proposing_party: int = 0
) -> Agreement:
    """Propose an agreement between ``parties`` (dicts of ``organisation`` or ``administration``
    and ``obligations``): two or more distinct CSOs and administrations. The actor must be an
    admin of the party at ``proposing_party``, which is confirmed at once; the other parties'
    admins are asked to confirm. ``documents``: (title, file, signed_on) tuples. Audited."""
    require(actor, "add", Agreement)
    parties = _clean_parties(parties)
    if not 0 <= proposing_party < len(parties):
        raise ValidationError({"parties": _("Say which party you propose for.")})
    proposer = parties[proposing_party]
    if not acts_for_party(
        actor,
        organisation_id=getattr(proposer.get("organisation"), "pk", None),
        administration_id=getattr(proposer.get("administration"), "pk", None),
    ):
        raise PermissionDenied(_("You may propose only for a party you are an admin of."))
    data = {key: value for key, value in data.items() if key in AGREEMENT_FIELDS}
    if getattr(actor, "pk", None):
        data["proposed_by"] = actor
    agreement = save_audited(
        instance=Agreement(), data=data, actor=actor, action="partnerships.agreement.proposed"
    )
    now = timezone.now()
    rows = []
    for order, party in enumerate(parties):
        organisation, administration = party.get("organisation"), party.get("administration")
        row = AgreementParty.objects.create(
            agreement=agreement,
            organisation=organisation,
            administration=administration,
            municipality_id=(
                organisation.seat_id if organisation else administration.municipality_id
            ),
            obligations=(party.get("obligations") or "").strip(),
            order=order,
            confirmed_at=now if order == proposing_party else None,
            confirmed_by=actor if order == proposing_party and getattr(actor, "pk", None) else None,
        )
        rows.append(row)
    for title, file, signed_on in documents:
        _document_create(agreement=agreement, title=title, file=file, signed_on=signed_on)
    audit_log(
        actor=actor,
        action="partnerships.agreement.parties",
        instance=agreement,
        data={"parties": [str(row.party) for row in rows], "documents": len(documents)},
    )
    _notify_parties(
        parties=[row for row in rows if row.confirmed_at is None],
        kind="partnerships.agreement.proposed",
        subject=_("Please confirm the agreement “%(title)s”") % {"title": agreement.title},
        text=_(
            "%(party)s proposes the agreement “%(title)s” to you. Read it and confirm it for "
            "your party on its page; it becomes public once every party has confirmed."
        )
        % {"party": rows[proposing_party].party, "title": agreement.title},
        url=_absolute(agreement.get_absolute_url()),
        skip=actor,
    )
    return agreement


def _locked(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


@transaction.atomic
def agreement_update(*, actor, agreement: Agreement, data: dict, obligations=None) -> Agreement:
    """Change a draft (its terms, and ``obligations``: party id -> text). Any party's admin;
    the other parties' confirmations are withdrawn, since they confirmed other terms."""
    require(actor, "change", agreement)
    agreement = _locked(agreement)
    if agreement.confirmed_at is not None:
        raise ValidationError(
            _("A confirmed agreement is not changed: renew it or terminate it instead.")
        )
    data = {key: value for key, value in data.items() if key in AGREEMENT_FIELDS}
    agreement = save_audited(
        instance=agreement, data=data, actor=actor, action="partnerships.agreement.changed"
    )
    parties = list(agreement.parties.all())
    by_pk = {party.pk: party for party in parties}
    for pk, text in (obligations or {}).items():
        if pk not in by_pk:
            raise ValidationError({"parties": _("That party is not a party of this agreement.")})
        by_pk[pk].obligations = (text or "").strip()[:5000]
        by_pk[pk].save(update_fields=["obligations"])
    mine = [p for p in parties if acts_for_party(actor, **_ids(p))]
    withdrawn = AgreementParty.objects.filter(agreement=agreement).exclude(
        pk__in=[p.pk for p in mine]
    )
    withdrawn.update(confirmed_at=None, confirmed_by=None)
    return agreement


def _ids(party: AgreementParty) -> dict:
    return {"organisation_id": party.organisation_id, "administration_id": party.administration_id}


@transaction.atomic
def agreement_confirm(*, actor, agreement: Agreement, party: AgreementParty) -> Agreement:
    """Confirm the agreement for ``party``; only an admin of that party. Once every party has
    confirmed, the agreement is in force and public, and every party is told."""
    require(actor, "confirm", agreement)
    agreement = _locked(agreement)
    party = AgreementParty.objects.select_for_update().filter(pk=party.pk).first()
    if party is None or party.agreement_id != agreement.pk:
        raise ValidationError(_("That party is not a party of this agreement."))
    if not acts_for_party(actor, **_ids(party)):
        raise PermissionDenied(_("You may confirm only for a party you are an admin of."))
    if agreement.terminated_on is not None:
        raise ValidationError(_("The agreement has been terminated."))
    if party.confirmed_at is not None:
        raise ValidationError(
            _("%(party)s has already confirmed this agreement.") % {"party": party.party}
        )
    now = timezone.now()
    party.confirmed_at = now
    party.confirmed_by = actor if getattr(actor, "pk", None) else None
    party.save(update_fields=["confirmed_at", "confirmed_by"])
    audit_log(
        actor=actor,
        action="partnerships.agreement.confirmed",
        instance=agreement,
        data={"party": str(party.party)},
    )
    if not agreement.parties.filter(confirmed_at__isnull=True).exists():
        before = snapshot(agreement, ["confirmed_at"])
        agreement.confirmed_at = now
        agreement.save(update_fields=["confirmed_at", "updated_at"])
        audit_log(
            actor=actor,
            action="partnerships.agreement.in_force",
            instance=agreement,
            before=before,
            after=snapshot(agreement, ["confirmed_at"]),
        )
        _notify_parties(
            parties=list(agreement.parties.all()),
            kind="partnerships.agreement.confirmed",
            subject=_("The agreement “%(title)s” is confirmed") % {"title": agreement.title},
            text=_(
                "Every party has confirmed the agreement “%(title)s”; it is in the public "
                "register and on the parties' websites."
            )
            % {"title": agreement.title},
            url=_absolute(agreement.get_absolute_url()),
            skip=actor,
        )
    return agreement


@transaction.atomic
def agreement_document_add(
    *, actor, agreement: Agreement, title: str, file, signed_on=None
) -> AgreementDocument:
    """Add a signed document; any party's admin. The file must be a real PDF or Office file."""
    require(actor, "change", agreement)
    document = _document_create(agreement=agreement, title=title, file=file, signed_on=signed_on)
    audit_log(actor=actor, action="partnerships.document.added", instance=document)
    return document


@transaction.atomic
def agreement_renew(
    *,
    actor,
    agreement: Agreement,
    new_end: datetime.date,
    signed_on: datetime.date,
    file,
    title: str = "",
    note: str = "",
) -> AgreementRenewal:
    """Extend an agreement in force (or expired) to ``new_end``, with the signed annex: any
    party's admin. The earlier end stays in the history; the other parties are told."""
    require(actor, "renew", agreement)
    agreement = _locked(agreement)
    if agreement.confirmed_at is None:
        raise ValidationError(_("Only a confirmed agreement can be renewed."))
    if agreement.terminated_on is not None:
        raise ValidationError(_("A terminated agreement cannot be renewed."))
    if not new_end or new_end <= agreement.ends_on:
        raise ValidationError(
            {
                "new_end": _("A renewal extends the agreement past its end (%(end)s).")
                % {"end": agreement.ends_on.strftime("%d.%m.%Y")}
            }
        )
    if not signed_on:
        raise ValidationError({"signed_on": _("Say when the renewal was signed.")})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("A renewal cannot be signed in the future.")})
    if not file:
        raise ValidationError({"file": _("Attach the signed renewal.")})
    renewal = AgreementRenewal(
        agreement=agreement,
        previous_end=agreement.ends_on,
        new_end=new_end,
        signed_on=signed_on,
        note=(note or "").strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    renewal.full_clean()
    renewal.save()
    _document_create(
        agreement=agreement,
        renewal=renewal,
        title=title or _("Renewal until %(end)s") % {"end": new_end.strftime("%d.%m.%Y")},
        file=file,
        signed_on=signed_on,
    )
    before = snapshot(agreement, ["ends_on"])
    agreement.ends_on = new_end
    agreement.save(update_fields=["ends_on", "updated_at"])
    audit_log(
        actor=actor,
        action="partnerships.agreement.renewed",
        instance=agreement,
        before=before,
        after=snapshot(agreement, ["ends_on"]),
    )
    _notify_parties(
        parties=list(agreement.parties.all()),
        kind="partnerships.agreement.renewed",
        subject=_("The agreement “%(title)s” is renewed") % {"title": agreement.title},
        text=_("The agreement “%(title)s” now runs until %(end)s.")
        % {"title": agreement.title, "end": new_end.strftime("%d.%m.%Y")},
        url=_absolute(agreement.get_absolute_url()),
        skip=actor,
    )
    return renewal


@transaction.atomic
def agreement_terminate(
    *, actor, agreement: Agreement, reason: str, terminated_on: datetime.date | None = None
) -> Agreement:
    """End an agreement in force early, with a reason shown in the register; any party's
    admin. The other parties are told."""
    require(actor, "terminate", agreement)
    agreement = _locked(agreement)
    reason = (reason or "").strip()
    terminated_on = terminated_on or timezone.localdate()
    if agreement.confirmed_at is None:
        raise ValidationError(_("A draft is withdrawn, not terminated."))
    if agreement.terminated_on is not None:
        raise ValidationError(_("The agreement has already been terminated."))
    if not reason:
        raise ValidationError({"reason": _("Say why the agreement is terminated.")})
    if terminated_on > timezone.localdate():
        raise ValidationError(
            {"terminated_on": _("Record a termination on the day it takes effect, not before.")}
        )
    if terminated_on < agreement.starts_on:
        raise ValidationError(
            {"terminated_on": _("An agreement cannot be terminated before it starts.")}
        )
    before = snapshot(agreement, ["terminated_on", "termination_reason"])
    agreement.terminated_on = terminated_on
    agreement.termination_reason = reason[:5000]
    agreement.save(update_fields=["terminated_on", "termination_reason", "updated_at"])
    audit_log(
        actor=actor,
        action="partnerships.agreement.terminated",
        instance=agreement,
        before=before,
        after=snapshot(agreement, ["terminated_on", "termination_reason"]),
    )
    _notify_parties(
        parties=list(agreement.parties.all()),
        kind="partnerships.agreement.terminated",
        subject=_("The agreement “%(title)s” is terminated") % {"title": agreement.title},
        text=reason,
        url=_absolute(agreement.get_absolute_url()),
        skip=actor,
    )
    return agreement


@transaction.atomic
def agreement_withdraw(*, actor, agreement: Agreement) -> None:
    """Delete a draft nobody else has confirmed yet; any party's admin."""
    require(actor, "delete", agreement)
    agreement = _locked(agreement)
    if agreement.confirmed_at is not None:
        raise ValidationError(_("A confirmed agreement is terminated, not withdrawn."))
    audit_log(
        actor=actor,
        action="partnerships.agreement.withdrawn",
        instance=agreement,
        before=snapshot(agreement),
    )
    agreement.delete()


def agreement_expiry_reminders(*, actor=SYSTEM, today: datetime.date | None = None) -> int:
    """Remind the parties' admins of agreements in force that end within 30 and within 7 days:
    each (end, threshold) once, the nearest threshold only, so a missed day sends one reminder,
    not two, and a renewal's new end is reminded of again. Returns the reminders sent."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    candidates = (
        Agreement.objects.with_status(Agreement.Status.ACTIVE, today)
        .filter(ends_on__lte=horizon)
        .prefetch_related("parties")
        .order_by("ends_on", "pk")
    )
    sent = 0
    for agreement in candidates:
        left = (agreement.ends_on - today).days
        days = min(threshold for threshold in REMINDER_DAYS if left <= threshold)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    _reminder, created = AgreementReminder.objects.get_or_create(
                        agreement=agreement, ends_on=agreement.ends_on, days_before=days
                    )
            except IntegrityError:
                continue
            if not created:
                continue
            _notify_parties(
                parties=list(agreement.parties.all()),
                kind="partnerships.agreement.expiring",
                subject=_("The agreement “%(title)s” ends on %(end)s")
                % {"title": agreement.title, "end": agreement.ends_on.strftime("%d.%m.%Y")},
                text=_(
                    "The agreement “%(title)s” ends in %(days)s days. If the parties continue, "
                    "record its renewal with the signed annex on its page."
                )
                % {"title": agreement.title, "days": left},
                url=_absolute(agreement.get_absolute_url()),
            )
            audit_log(
                actor=actor,
                action="partnerships.agreement.reminded",
                instance=agreement,
                data={"days_before": days, "ends_on": agreement.ends_on.isoformat()},
            )
            sent += 1
    return sent


# --- coordination councils ---------------------------------------------------------------------

COUNCIL_FIELDS = [
    "kind", "name", "administration", "legal_basis", "basis_number", "basis_date", "purpose",
    "decision_making", "visibility",
]  # fmt: skip


@transaction.atomic
def council_create(*, actor, data: dict) -> Council:
    """Create a council of an administration; its officers (or a coordinator)."""
    data = {key: value for key, value in data.items() if key in COUNCIL_FIELDS}
    council = Council(administration=data.get("administration"))
    if council.administration is None:
        raise ValidationError({"administration": _("Say which administration set it up.")})
    require(actor, "add", council)
    data["slug"] = unique_slug(data.get("name", ""), queryset=Council.objects.all())
    return save_audited(
        instance=council, data=data, actor=actor, action="partnerships.council.created"
    )


@transaction.atomic
def council_update(*, actor, council: Council, data: dict) -> Council:
    """Change a council's description or visibility; its managers. Its administration stays."""
    require(actor, "change", council)
    data = {k: v for k, v in data.items() if k in COUNCIL_FIELDS and k != "administration"}
    return save_audited(
        instance=council, data=data, actor=actor, action="partnerships.council.changed"
    )


@transaction.atomic
def council_member_add(*, actor, council: Council, data: dict) -> CouncilMember:
    """Add a member with their position, whom they represent and their term; the council's
    managers (its secretaries, its administration's officers). A person holds one seat at a
    time; a represented organisation must be one the person is an active member of."""
    require(actor, "manage", council)
    member = CouncilMember(council=council)
    fields = ["person", "position", "organisation", "administration", "starts_on", "ends_on"]
    for name in fields:
        if name in data:
            setattr(member, name, data[name])
    if member.person_id is None:
        raise ValidationError({"person": _("Say who the member is.")})
    member.full_clean()
    overlapping = CouncilMember.objects.filter(council=council, person_id=member.person_id)
    if member.ends_on:
        overlapping = overlapping.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=member.ends_on)
        )
    if member.starts_on:
        overlapping = overlapping.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=member.starts_on))
    if overlapping.exists():
        raise ValidationError(
            {
                "person": _("%(person)s already holds a seat on this council in that term.")
                % {"person": member.person}
            }
        )
    if member.organisation_id and not (
        OrganisationMembership.objects.active()
        .filter(person_id=member.person_id, organisation_id=member.organisation_id)
        .exists()
    ):
        raise ValidationError(
            {
                "organisation": _("%(person)s is not an active member of %(organisation)s.")
                % {"person": member.person, "organisation": member.organisation}
            }
        )
    member.save()
    audit_log(
        actor=actor, action="partnerships.member.added", instance=member, after=snapshot(member)
    )
    return member


@transaction.atomic
def council_member_end(*, actor, member: CouncilMember, ends_on: datetime.date) -> CouncilMember:
    """End a member's term (the seat stays in the history); the council's managers."""
    require(actor, "manage", member.council)
    member = CouncilMember.objects.select_for_update().get(pk=member.pk)
    if member.starts_on and ends_on < member.starts_on:
        raise ValidationError({"ends_on": _("A term cannot end before it starts.")})
    before = snapshot(member, ["ends_on"])
    member.ends_on = ends_on
    member.save(update_fields=["ends_on"])
    audit_log(
        actor=actor,
        action="partnerships.member.ended",
        instance=member,
        before=before,
        after=snapshot(member, ["ends_on"]),
    )
    return member


MEETING_FIELDS = ["title", "summary", "description", "format", "venue", "online_url", "starts_at",
                  "ends_at"]  # fmt: skip


@transaction.atomic
def council_meeting_create(*, actor, council: Council, data: dict) -> CouncilMeeting:
    """A meeting of the council: an event (a working meeting, by invitation) organised by the
    council's administration, with its agenda, attendance and minutes in the events app.

    The meeting is published and the council's current members are registered as its
    participants (they are e-mailed the invitation with its .ics), so attendance and minutes
    work. A transparent council's is a public event; a private council's is closed (unlisted):
    seen only by its organisers and participants, never in the calendar, feeds or API. The
    council's managers."""
    require(actor, "manage", council)
    data = {key: value for key, value in data.items() if key in MEETING_FIELDS}
    data.setdefault("format", Event.Format.IN_PERSON)
    data.update(
        kind=Event.Kind.WORKING_MEETING,
        registration=Event.Registration.INVITATION,
        municipality=council.administration.municipality,
        status=Event.Status.PUBLISHED,
        published_at=timezone.now(),
        is_listed=council.is_transparent,
        slug=unique_slug(data.get("title", "") or council.name, queryset=Event.objects.all()),
    )
    if getattr(actor, "pk", None):
        data["created_by"] = actor
    event = save_audited(
        instance=Event(), data=data, actor=actor, action="partnerships.meeting.created"
    )
    EventOrganiser.objects.create(event=event, administration=council.administration, order=0)
    meeting = CouncilMeeting.objects.create(council=council, event=event)
    for member in council.members.active().select_related("person", "organisation"):
        on_behalf_of = member.organisation if member.organisation_id else None
        if (
            on_behalf_of
            and not OrganisationMembership.objects.active()
            .filter(person_id=member.person_id, organisation=on_behalf_of)
            .exists()
        ):
            on_behalf_of = None
        events.registration_create(
            event=event, person=member.person, actor=SYSTEM, on_behalf_of=on_behalf_of
        )
    return meeting


def may_manage(user, council: Council) -> bool:
    return user_can(user, "manage", council)
