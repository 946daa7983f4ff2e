"""A participant's data for the ESF indicators: saved with consent, erased on request."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partnerstvo.core.audit import audit_log
from partnerstvo.core.permissions import require
from partnerstvo.directory.models import Person

from ..models import ParticipantData

CONSENT_TEXT = gettext_noop(
    "I agree that the platform keeps the data above to report on the training to the European "
    "Social Fund, as the operation's rules require. Only the programme's coordinators see my "
    "record; everyone else sees totals. I may change or erase it at any time."
)


def consent_text() -> str:
    return _(CONSENT_TEXT)


@transaction.atomic
def participant_data_save(*, actor, person: Person, consent: bool, data: dict) -> ParticipantData:
    """Record a person's ESF participant data with their explicit consent (or that they declined:
    then nothing but the refusal is kept). The person themselves, or a coordinator entering a
    signed paper form. Audited without the values: the audit trail is read by more people than
    may see them."""
    record = ParticipantData.objects.filter(person=person).first()
    require(actor, "change" if record else "add", record or ParticipantData(person=person))
    fields = ParticipantData.NON_SENSITIVE_FIELDS + ParticipantData.SENSITIVE_FIELDS
    unknown = set(data) - set(fields)
    if unknown:
        raise ValueError(f"unknown participant data fields: {sorted(unknown)}")
    created = record is None
    record = record or ParticipantData(person=person)
    record.consent = bool(consent)
    record.consent_text = consent_text() if consent else ""
    record.answered_at = timezone.now()
    for name in fields:
        empty = None if name in ("rural_area", *ParticipantData.SENSITIVE_FIELDS) else ""
        setattr(record, name, data.get(name, empty) if consent else empty)
    record.full_clean()
    record.save()
    audit_log(
        actor=actor,
        action="trainings.participant_data.created"
        if created
        else "trainings.participant_data.changed",
        instance=record,
        data={"consent": record.consent, "complete": record.is_complete},
    )
    return record


@transaction.atomic
def participant_data_erase(*, actor, person: Person) -> None:
    """Erase a person's ESF data (their right to erasure). The person or a coordinator."""
    record = ParticipantData.objects.filter(person=person).first()
    if record is None:
        return
    require(actor, "delete", record)
    audit_log(actor=actor, action="trainings.participant_data.erased", instance=record)
    record.delete()
