"""Writes to good practices: the authors' drafts, the review, "We want to replicate this".

Every service is keyword-only, atomic, checks the policy (``require``), validates, audits, and
sends its e-mails on commit. A transition not allowed from the current state raises
``ValidationError`` with a message saying why, and changes nothing.
"""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.permissions import require
from partnerstvo.core.services import save_audited, stored_version
from partnerstvo.core.transliteration import unique_slug
from partnerstvo.directory.roles import roles_of

from . import emails
from .models import Practice, PracticeAttachment, PracticeImage, PracticeResult, ReplicationRequest

Status = Practice.Status

REVIEW_FIELDS = ["status", "review_note", "submitted_at", "published_at", "reviewed_by"]


def _refuse_unless_editable(*, actor, practice: Practice) -> None:
    """Authors edit only drafts and practices sent back to them; coordinators may correct any."""
    if practice.is_editable_by_authors or roles_of(actor).is_coordinator:
        return
    if practice.status == Status.SUBMITTED:
        raise ValidationError(
            _("The practice is being reviewed; it can be changed again if changes are requested."),
            code="under_review",
        )
    raise ValidationError(
        _("A practice that is %(status)s can no longer be changed by its authors."),
        code="not_editable",
        params={"status": practice.get_status_display().lower()},
    )


@transaction.atomic
def practice_create(*, actor, data: dict) -> Practice:
    """A new draft of the organisation's practice. Its admins and editors (and coordinators)."""
    practice = Practice(created_by=_user(actor))
    data = dict(data)
    if data.get("organisation") is None:
        raise ValidationError(
            {"organisation": _("Choose the organisation the practice is of.")}, code="required"
        )
    practice.organisation = data["organisation"]
    require(actor, "add", practice)
    data["slug"] = unique_slug(data.get("title", ""), queryset=Practice.objects.all())
    return save_audited(
        instance=practice, data=data, actor=actor, action="practices.practice.created"
    )


@transaction.atomic
def practice_update(*, actor, practice: Practice, data: dict) -> Practice:
    """Change a practice's content (never its status: that is the workflow's)."""
    stored = stored_version(practice)
    require(actor, "change", stored)
    _refuse_unless_editable(actor=actor, practice=stored)
    data = {key: value for key, value in data.items() if key not in REVIEW_FIELDS}
    if "organisation" in data and data["organisation"].pk != stored.organisation_id:
        # Moving a practice to another organisation needs the right to write there too.
        require(actor, "add", Practice(organisation=data["organisation"]))
    return save_audited(
        instance=practice, data=data, actor=actor, action="practices.practice.changed"
    )


@transaction.atomic
def practice_delete(*, actor, practice: Practice) -> None:
    """Authors delete drafts; coordinators any practice. Audited."""
    require(actor, "delete", practice)
    if practice.status != Status.DRAFT and not roles_of(actor).is_coordinator:
        raise ValidationError(
            _("Only a draft can be deleted; ask the coordinator to remove this practice."),
            code="not_draft",
        )
    audit_log(
        actor=actor,
        action="practices.practice.deleted",
        instance=practice,
        before=snapshot(practice),
    )
    practice.delete()


def _user(actor):
    """The actor as a user row to record (``None`` for the system)."""
    return actor if getattr(actor, "pk", None) else None


def _review_state(practice: Practice) -> dict:
    """The workflow's fields, for the audit (``snapshot`` leaves out fields no form edits)."""
    state = {}
    for name in REVIEW_FIELDS:
        value = getattr(practice, Practice._meta.get_field(name).attname)
        state[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return state


def _locked(practice: Practice) -> Practice:
    return Practice.objects.select_for_update().get(pk=practice.pk)


def _transition(
    *, actor, practice: Practice, allowed_from: tuple[str, ...], message: str, **changes
) -> Practice:
    practice = _locked(practice)
    if practice.status not in allowed_from:
        raise ValidationError(message, code="transition")
    before = _review_state(practice)
    for name, value in changes.items():
        setattr(practice, name, value)
    practice.save(update_fields=[*changes, "updated_at"])
    audit_log(
        actor=actor,
        action=f"practices.practice.{practice.status}",
        instance=practice,
        before=before,
        after=_review_state(practice),
    )
    return practice


def _check_complete(practice: Practice) -> None:
    missing = []
    if not practice.problem.strip():
        missing.append(_("the problem"))
    if not practice.approach.strip():
        missing.append(_("the approach"))
    if not practice.results.strip() and not practice.result_rows.exists():
        missing.append(_("the results"))
    if not practice.municipalities.exists():
        missing.append(_("at least one municipality"))
    if missing:
        raise ValidationError(
            _("Before submitting, add %(missing)s."),
            code="incomplete",
            params={"missing": ", ".join(str(item) for item in missing)},
        )


@transaction.atomic
def practice_submit(*, actor, practice: Practice) -> Practice:
    """Send a draft (or a practice with changes requested) to the coordinator. Its authors.
    E-mails the coordinators."""
    require(actor, "submit", practice)
    _check_complete(practice)
    practice = _transition(
        actor=actor,
        practice=practice,
        allowed_from=(Status.DRAFT, Status.CHANGES_REQUESTED),
        message=_("Only a draft or a practice with changes requested can be submitted."),
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    transaction.on_commit(partial(emails.send_submitted, practice.pk))
    return practice


def _note(text: str, *, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"note": message}, code="required")
    return text


@transaction.atomic
def practice_request_changes(*, actor, practice: Practice, note: str) -> Practice:
    """Send a submitted practice back to its authors with a note (required, e-mailed to them)."""
    require(actor, "review", practice)
    note = _note(note, message=_("Say what should change."))
    practice = _transition(
        actor=actor,
        practice=practice,
        allowed_from=(Status.SUBMITTED,),
        message=_("Changes can be requested only of a submitted practice."),
        status=Status.CHANGES_REQUESTED,
        review_note=note,
        reviewed_by=_user(actor),
    )
    transaction.on_commit(partial(emails.send_review_outcome, practice.pk))
    return practice


@transaction.atomic
def practice_publish(*, actor, practice: Practice) -> Practice:
    """Publish a submitted practice: public from now on. Coordinators. E-mails the authors."""
    require(actor, "review", practice)
    practice = _transition(
        actor=actor,
        practice=practice,
        allowed_from=(Status.SUBMITTED,),
        message=_("Only a submitted practice can be published."),
        status=Status.PUBLISHED,
        published_at=timezone.now(),
        review_note="",
        reviewed_by=_user(actor),
    )
    transaction.on_commit(partial(emails.send_review_outcome, practice.pk))
    return practice


@transaction.atomic
def practice_reject(*, actor, practice: Practice, reason: str) -> Practice:
    """Reject a submitted (or unpublish and reject a published) practice; the reason is
    required and e-mailed to the authors. Coordinators."""
    require(actor, "review", practice)
    reason = _note(reason, message=_("Give the reason for rejecting the practice."))
    practice = _transition(
        actor=actor,
        practice=practice,
        allowed_from=(Status.SUBMITTED, Status.PUBLISHED),
        message=_("Only a submitted or published practice can be rejected."),
        status=Status.REJECTED,
        review_note=reason,
        published_at=None,
        reviewed_by=_user(actor),
    )
    transaction.on_commit(partial(emails.send_review_outcome, practice.pk))
    return practice


# --- the parts of a practice --------------------------------------------------------------------


def _part_save(*, actor, instance, data: dict, name: str):
    stored = stored_version(instance)
    if stored is not None:
        require(actor, "change", stored)
        _refuse_unless_editable(actor=actor, practice=stored.practice)
    candidate_practice = data.get("practice") or instance.practice
    probe = type(instance)(practice=candidate_practice)
    require(actor, "add", probe)
    _refuse_unless_editable(actor=actor, practice=candidate_practice)
    action = f"practices.{name}.{'changed' if stored else 'created'}"
    return save_audited(instance=instance, data=data, actor=actor, action=action)


def _part_delete(*, actor, instance, name: str) -> None:
    require(actor, "delete", instance)
    _refuse_unless_editable(actor=actor, practice=instance.practice)
    audit_log(
        actor=actor,
        action=f"practices.{name}.deleted",
        instance=instance,
        before=snapshot(instance),
    )
    instance.delete()


@transaction.atomic
def result_save(*, actor, result: PracticeResult, data: dict) -> PracticeResult:
    return _part_save(actor=actor, instance=result, data=data, name="result")


@transaction.atomic
def result_delete(*, actor, result: PracticeResult) -> None:
    _part_delete(actor=actor, instance=result, name="result")


@transaction.atomic
def image_save(*, actor, image: PracticeImage, data: dict) -> PracticeImage:
    return _part_save(actor=actor, instance=image, data=data, name="image")


@transaction.atomic
def image_delete(*, actor, image: PracticeImage) -> None:
    _part_delete(actor=actor, instance=image, name="image")


@transaction.atomic
def attachment_save(*, actor, attachment: PracticeAttachment, data: dict) -> PracticeAttachment:
    """The file is checked by type and content (``validators.validate_attachment``) and kept in
    private storage under a random name; its original name is kept for the download."""
    data = dict(data)
    upload = data.get("file")
    if isinstance(upload, UploadedFile) and upload.name:
        data["filename"] = upload.name.rsplit("/", 1)[-1][:255]
    return _part_save(actor=actor, instance=attachment, data=data, name="attachment")


@transaction.atomic
def attachment_delete(*, actor, attachment: PracticeAttachment) -> None:
    _part_delete(actor=actor, instance=attachment, name="attachment")


# --- "We want to replicate this" ---------------------------------------------------------------


@transaction.atomic
def replication_request(
    *, actor, practice: Practice, organisation, message: str
) -> ReplicationRequest:
    """A member of another organisation tells the authors it wants to replicate the practice:
    one row per practice and organisation (the count goes up once), the message e-mailed to the
    practice's contact with reply-to the sender."""
    require(actor, "replicate", practice)
    roles = roles_of(actor)
    if organisation is None or organisation.pk not in roles.organisations:
        raise ValidationError(
            {"organisation": _("Choose an organisation you are a member of.")}, code="not_member"
        )
    if organisation.pk == practice.organisation_id:
        raise ValidationError(
            {"organisation": _("This is your organisation's own practice.")}, code="own"
        )
    message = (message or "").strip()
    if len(message) < 10:
        raise ValidationError(
            {"message": _("Write a few words to the authors: what you would like to know.")},
            code="message",
        )
    if ReplicationRequest.objects.filter(practice=practice, organisation=organisation).exists():
        raise ValidationError(
            _("%(organisation)s has already told the authors it wants to replicate this practice.")
            % {"organisation": organisation},
            code="duplicate",
        )
    try:
        with transaction.atomic():
            request = ReplicationRequest.objects.create(
                practice=practice,
                organisation=organisation,
                sender=_user(actor),
                message=message[:5000],
            )
    except IntegrityError:  # the same request at the same moment
        raise ValidationError(
            _("%(organisation)s has already told the authors it wants to replicate this practice.")
            % {"organisation": organisation},
            code="duplicate",
        ) from None
    Practice.objects.filter(pk=practice.pk).update(replication_count=F("replication_count") + 1)
    audit_log(
        actor=actor,
        action="practices.replication.requested",
        instance=practice,
        data={"organisation": organisation.pk, "request": request.pk},
    )
    transaction.on_commit(partial(emails.send_replication_request, request.pk))
    return request
