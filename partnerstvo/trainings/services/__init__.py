"""Writes to trainings. Each service is atomic, checks its caller with the platform's policies
(``require``), validates before it writes, audits what it changes, and sends e-mail only once the
transaction has committed. Views, admin screens, commands and tasks only call these."""

from __future__ import annotations

import base64
import datetime
import json
import logging
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, ProtectedError, Q
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.permissions import SYSTEM, require, scope, user_can
from partnerstvo.core.services import assign_fields, save_audited, stored_version
from partnerstvo.core.transliteration import unique_slug
from partnerstvo.directory.models import (
    Administration,
    AdministrationMembership,
    Organisation,
    OrganisationMembership,
    Person,
)
from partnerstvo.directory.roles import roles_of

from .. import emails
from ..models import (
    Answer,
    Attempt,
    AttendanceRecord,
    Certificate,
    CertificateArchive,
    Course,
    Enrolment,
    EvaluationAnswer,
    EvaluationItem,
    EvaluationPool,
    EvaluationResponse,
    EvaluationSubmission,
    KnowledgeTest,
    Module,
    ParticipantData,
    Programme,
    Question,
    ReportExport,
    Session,
)
from ..policies import is_member, is_staff

Status = Enrolment.Status
logger = logging.getLogger(__name__)

# --- Programmes and courses ------------------------------------------------------------------


@transaction.atomic
def programme_save(*, actor, programme: Programme, data: dict) -> Programme:
    """Create or change a programme. Coordinators only."""
    if programme.pk:
        require(actor, "change", stored_version(programme))
    else:
        require(actor, "add", Programme)
    data = dict(data)
    if not data.get("slug") and not programme.slug:
        data["slug"] = unique_slug(data.get("title", ""), queryset=Programme.objects.all())
    action = "trainings.programme.changed" if programme.pk else "trainings.programme.created"
    return save_audited(instance=programme, data=data, actor=actor, action=action)


@transaction.atomic
def programme_delete(*, actor, programme: Programme) -> None:
    require(actor, "delete", programme)
    if programme.courses.exists():
        raise ValidationError(_("The programme has courses; delete or move them first."))
    audit_log(
        actor=actor,
        action="trainings.programme.deleted",
        instance=programme,
        before=snapshot(programme),
    )
    programme.delete()


DEFAULT_EVALUATION_ITEMS = [
    ("likert", gettext_noop("The course met its learning objectives.")),
    ("likert", gettext_noop("The trainer explained the topics clearly and answered questions.")),
    ("likert", gettext_noop("The materials and exercises were useful.")),
    ("likert", gettext_noop("I will use what I learned in my work.")),
    ("likert", gettext_noop("The organisation (venue, time, online platform) was good.")),
    ("text", gettext_noop("What was most useful to you?")),
    ("text", gettext_noop("What should be improved?")),
]


@transaction.atomic
def course_create(*, actor, data: dict) -> Course:
    """Create a course with the standard evaluation items. Coordinators only. Audited."""
    require(actor, "add", Course)
    data = dict(data)
    if not data.get("slug"):
        data["slug"] = unique_slug(data.get("title", ""), queryset=Course.objects.all())
    course = save_audited(
        instance=Course(), data=data, actor=actor, action="trainings.course.created"
    )
    # The items are content of the course, written in the platform's language.
    with translation.override(settings.LANGUAGE_CODE):
        EvaluationItem.objects.bulk_create(
            [
                EvaluationItem(
                    course=course, order=index, kind=kind, text=_(text), required=kind == "likert"
                )
                for index, (kind, text) in enumerate(DEFAULT_EVALUATION_ITEMS, start=1)
            ]
        )
    return course


@transaction.atomic
def course_update(*, actor, course: Course, data: dict) -> Course:
    """Change a course. Coordinators only. More capacity promotes people from the waiting list."""
    require(actor, "change", stored_version(course))
    Course.objects.select_for_update().filter(pk=course.pk).first()
    course = save_audited(
        instance=course, data=data, actor=actor, action="trainings.course.changed"
    )
    _promote_waiting(course=course, actor=actor)
    return course


@transaction.atomic
def course_delete(*, actor, course: Course) -> None:
    require(actor, "delete", course)
    if course.enrolments.exists():
        raise ValidationError(_("People are enrolled in this course; it cannot be deleted."))
    audit_log(
        actor=actor, action="trainings.course.deleted", instance=course, before=snapshot(course)
    )
    try:
        course.delete()
    except ProtectedError as error:
        raise ValidationError(_("The course has records that must be kept.")) from error


def _save_course_content(*, actor, instance, data: dict, name: str):
    """Create or change a module, session, question, test or evaluation item of a course."""
    if instance.pk:
        stored = stored_version(instance)
        require(actor, "change", stored)
        if "course" in data and data["course"] != stored.course:
            raise ValidationError({"course": _("This cannot be moved to another course.")})
    course = data.get("course") or getattr(instance, "course", None)
    if course is None:
        raise ValidationError({"course": _("Choose a course.")})
    require(actor, "add", type(instance)(course=course))
    action = f"trainings.{name}.changed" if instance.pk else f"trainings.{name}.created"
    if isinstance(instance, Question):
        return _save_audited_with_json(
            instance=instance, data=data, actor=actor, action=action, json_fields=("options",)
        )
    return save_audited(instance=instance, data=data, actor=actor, action=action)


def _save_audited_with_json(*, instance, data: dict, actor, action: str, json_fields: tuple):
    """``save_audited`` for a model with JSON list fields: core.audit's snapshot sorts lists,
    which fails on lists of objects, so those fields go into the entry's data instead."""
    stored = stored_version(instance)
    fields = [f.name for f in instance._meta.concrete_fields if f.name not in json_fields]
    before = snapshot(stored, fields) if stored is not None else None
    assign_fields(instance, data)
    instance.full_clean()
    instance.save()
    json_changes = {
        name: [getattr(stored, name, None) if stored else None, getattr(instance, name)]
        for name in json_fields
        if stored is None or getattr(stored, name) != getattr(instance, name)
    }
    audit_log(
        actor=actor,
        action=action,
        instance=instance,
        before=before,
        after=snapshot(instance, fields),
        data=json_changes,
    )
    return instance


def _delete_course_content(*, actor, instance, name: str) -> None:
    require(actor, "delete", instance)
    audit_log(
        actor=actor,
        action=f"trainings.{name}.deleted",
        instance=instance,
        before=snapshot(instance),
    )
    try:
        instance.delete()
    except ProtectedError as error:
        raise ValidationError(_("This has been used and must be kept.")) from error


@transaction.atomic
def module_save(*, actor, module: Module, data: dict) -> Module:
    """Coordinators and the course's trainers."""
    return _save_course_content(actor=actor, instance=module, data=data, name="module")


@transaction.atomic
def module_delete(*, actor, module: Module) -> None:
    _delete_course_content(actor=actor, instance=module, name="module")


@transaction.atomic
def session_save(*, actor, session: Session, data: dict) -> Session:
    """Coordinators and the course's trainers."""
    return _save_course_content(actor=actor, instance=session, data=data, name="session")


@transaction.atomic
def session_delete(*, actor, session: Session) -> None:
    if session.attendance.exists():
        raise ValidationError(_("Attendance has been marked for this session; it must be kept."))
    _delete_course_content(actor=actor, instance=session, name="session")


@transaction.atomic
def question_save(*, actor, question: Question, data: dict) -> Question:
    """Coordinators and the course's trainers. A question that has been answered keeps its
    options and form, so earlier scores stay true."""
    if question.pk and question.answers.exists():
        stored = stored_version(question)
        for field in ("options", "form", "kind", "points"):
            if field in data and data[field] != getattr(stored, field):
                raise ValidationError(
                    {
                        field: _(
                            "This question has been answered; its options, form, kind and "
                            "points cannot change. Add a new question instead."
                        )
                    }
                )
    return _save_course_content(actor=actor, instance=question, data=data, name="question")


@transaction.atomic
def question_delete(*, actor, question: Question) -> None:
    if question.answers.exists():
        raise ValidationError(_("This question has been answered; it must be kept."))
    _delete_course_content(actor=actor, instance=question, name="question")


@transaction.atomic
def knowledge_test_save(*, actor, test: KnowledgeTest, data: dict) -> KnowledgeTest:
    """Set the window of a course's pre- or post-test. Coordinators and the course's trainers."""
    if test.pk and "kind" in data and data["kind"] != stored_version(test).kind:
        raise ValidationError({"kind": _("A test's kind cannot change.")})
    return _save_course_content(actor=actor, instance=test, data=data, name="test")


@transaction.atomic
def knowledge_test_delete(*, actor, test: KnowledgeTest) -> None:
    _delete_course_content(actor=actor, instance=test, name="test")


@transaction.atomic
def evaluation_item_save(*, actor, item: EvaluationItem, data: dict) -> EvaluationItem:
    return _save_course_content(actor=actor, instance=item, data=data, name="evaluation_item")


@transaction.atomic
def evaluation_item_delete(*, actor, item: EvaluationItem) -> None:
    pool = EvaluationPool.objects.filter(course_id=item.course_id).first()
    waiting = pool is not None and any(
        answer[0] == item.pk for entry in pool.entries for answer in _unseal(entry) or []
    )
    if waiting or item.answers.exists():
        raise ValidationError(_("This item has been answered; it must be kept."))
    _delete_course_content(actor=actor, instance=item, name="evaluation_item")


# --- Enrolment -------------------------------------------------------------------------------


def _set_status(*, enrolment: Enrolment, status: str, actor, action: str) -> Enrolment:
    """Move an enrolment to ``status`` if the transition is allowed; audited."""
    if status == enrolment.status:
        return enrolment
    if status not in Enrolment.TRANSITIONS[enrolment.status]:
        raise ValidationError(
            _("An enrolment cannot go from “%(old)s” to “%(new)s”."),
            code="transition",
            params={"old": enrolment.get_status_display(), "new": Status(status).label},
        )
    before = snapshot(enrolment, ["status"])
    enrolment.status = status
    enrolment.status_changed_at = timezone.now()
    enrolment.save(update_fields=["status", "status_changed_at"])
    audit_log(
        actor=actor,
        action=action,
        instance=enrolment,
        before=before,
        after=snapshot(enrolment, ["status"]),
    )
    return enrolment


def _seats_taken(course: Course) -> int:
    return course.enrolments.filter(status__in=Enrolment.SEAT_STATUSES).count()


def _promote_waiting(*, course: Course, actor) -> list[Enrolment]:
    """Give free seats to the waiting list, first come first served; e-mail each promoted."""
    free = course.capacity - _seats_taken(course)
    if free <= 0:
        return []
    promoted = list(
        course.enrolments.filter(status=Status.WAITING).order_by("status_changed_at", "pk")[:free]
    )
    for enrolment in promoted:
        _set_status(
            enrolment=enrolment,
            status=Status.REGISTERED,
            actor=actor,
            action="trainings.enrolment.promoted",
        )
        transaction.on_commit(lambda pk=enrolment.pk: emails.send_promotion(pk))
    return promoted


def _course_has_ended(course: Course) -> bool:
    last = course.sessions.order_by("-ends_at").values_list("ends_at", flat=True).first()
    return last is not None and last < timezone.now()


def _infer_affiliation(
    *, person: Person, course: Course
) -> tuple[Organisation | None, Administration | None]:
    """For someone enrolling themselves: the CSO or administration they take part for."""
    membership = (
        OrganisationMembership.objects.active()
        .filter(person=person)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    staff = (
        AdministrationMembership.objects.active()
        .filter(person=person)
        .select_related("administration")
        .order_by("pk")
        .first()
    )
    if staff and (course.target_group == Course.TargetGroup.MUNICIPAL or membership is None):
        return None, staff.administration
    if membership:
        return membership.organisation, None
    return None, None


def _balanced_pre_test_form(course: Course) -> str:
    """Half of the group starts with form A, the other half with form B (and then swaps)."""
    counts = {
        row["pre_test_form"]: row["n"]
        for row in course.enrolments.exclude(status=Status.CANCELLED)
        .order_by()
        .values("pre_test_form")
        .annotate(n=Count("pk"))
    }
    return Enrolment.Form.B if counts.get("B", 0) < counts.get("A", 0) else Enrolment.Form.A


@transaction.atomic
def enrolment_create(
    *,
    actor,
    course: Course,
    person: Person,
    organisation: Organisation | None = None,
    administration: Administration | None = None,
    notify: bool = True,
) -> Enrolment:
    """Enrol ``person`` in ``course``: a seat if one is free, otherwise the waiting list.

    Who: the person themselves; a CSO admin for a member of the CSO (``organisation``); a
    municipal officer for staff of the administration (``administration``); coordinators.
    Writes the enrolment (or re-opens a cancelled one) and an audit entry; e-mails a confirmation
    with the sessions as .ics after commit (unless ``notify`` is false: imports, the demo).
    """
    if organisation is not None and administration is not None:
        raise ValidationError(
            _("Enrol someone for an organisation or an administration, not both.")
        )
    # One enrolment at a time per course: the seat count below must not race.
    course = Course.objects.select_for_update().get(pk=course.pk)
    if organisation is None and administration is None:
        organisation, administration = _infer_affiliation(person=person, course=course)
        candidate = Enrolment(course=course, person=person)
    else:
        candidate = Enrolment(
            course=course, person=person, organisation=organisation, administration=administration
        )
    require(actor, "add", candidate)
    if organisation is not None and not is_member(person.pk, organisation.pk):
        raise ValidationError(
            _("%(person)s is not a member of %(organisation)s."),
            params={"person": person, "organisation": organisation},
        )
    if administration is not None and not is_staff(person.pk, administration.pk):
        raise ValidationError(
            _("%(person)s does not work in %(administration)s."),
            params={"person": person, "administration": administration},
        )
    coordinator = roles_of(actor).is_coordinator
    if not coordinator and not (course.is_published and course.enrolment_open):
        raise ValidationError(_("Enrolment in this course is closed."), code="closed")
    if _course_has_ended(course):
        raise ValidationError(_("This course has already ended."), code="ended")

    status = Status.REGISTERED if _seats_taken(course) < course.capacity else Status.WAITING
    values = {
        "organisation": organisation,
        "administration": administration,
        "municipality_id": (
            organisation.seat_id
            if organisation
            else administration.municipality_id
            if administration
            else None
        ),
        "participant_group": (
            Enrolment.Group.CSO
            if organisation
            else Enrolment.Group.MUNICIPAL
            if administration
            else Enrolment.Group.OTHER
        ),
        "enrolled_by": actor if getattr(actor, "pk", None) else None,
    }
    existing = Enrolment.objects.select_for_update().filter(course=course, person=person).first()
    if existing is not None:
        if existing.status != Status.CANCELLED:
            raise ValidationError(
                _("%(person)s is already enrolled in this course (%(status)s)."),
                code="duplicate",
                params={"person": person, "status": existing.get_status_display()},
            )
        for key, value in values.items():
            setattr(existing, key, value)
        existing.save(update_fields=[k.removesuffix("_id") for k in values])
        enrolment = _set_status(
            enrolment=existing, status=status, actor=actor, action="trainings.enrolment.reopened"
        )
    else:
        enrolment = Enrolment(
            course=course,
            person=person,
            status=status,
            status_changed_at=timezone.now(),
            pre_test_form=_balanced_pre_test_form(course),
            **values,
        )
        enrolment.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                enrolment.save()
        except IntegrityError as error:
            raise ValidationError(
                _("%(person)s is already enrolled in this course."),
                code="duplicate",
                params={"person": person},
            ) from error
        audit_log(
            actor=actor,
            action="trainings.enrolment.created",
            instance=enrolment,
            after=snapshot(enrolment),
        )
    if notify:
        transaction.on_commit(lambda: emails.send_enrolment_confirmation(enrolment.pk))
    return enrolment


@transaction.atomic
def enrolment_cancel(*, actor, enrolment: Enrolment) -> Enrolment:
    """Cancel a registered or waiting enrolment; its seat goes to the first on the waiting list.

    Who: the person, the admin or officer who may enrol them, the course's trainers,
    coordinators. E-mails the person (and anyone promoted) after commit.
    """
    require(actor, "cancel", enrolment)
    Course.objects.select_for_update().filter(pk=enrolment.course_id).first()
    enrolment = Enrolment.objects.select_related("course").get(pk=enrolment.pk)
    if enrolment.status not in (Status.REGISTERED, Status.WAITING):
        raise ValidationError(
            _("Only a registered or waiting enrolment can be cancelled; this one is “%(status)s”."),
            code="not_cancellable",
            params={"status": enrolment.get_status_display()},
        )
    _set_status(
        enrolment=enrolment,
        status=Status.CANCELLED,
        actor=actor,
        action="trainings.enrolment.cancelled",
    )
    transaction.on_commit(lambda: emails.send_cancellation(enrolment.pk))
    _promote_waiting(course=enrolment.course, actor=actor)
    return enrolment


@transaction.atomic
def enrolment_set_status(*, actor, enrolment: Enrolment, status: str) -> Enrolment:
    """A trainer's or coordinator's correction: attended or did not attend. Other statuses come
    from their own services (enrol, cancel, certificates)."""
    require(actor, "change", enrolment)
    if status not in (Status.ATTENDED, Status.NO_SHOW):
        raise ValidationError(_("This status cannot be set by hand."), code="manual_status")
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    return _set_status(
        enrolment=enrolment, status=status, actor=actor, action="trainings.enrolment.status_set"
    )


# --- Participant data for the ESF ------------------------------------------------------------

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


# --- Attendance ------------------------------------------------------------------------------


def _refresh_attendance_status(*, enrolment: Enrolment, actor) -> None:
    """Attended once present at a session; no-show when marked and never present."""
    marks = enrolment.attendance.aggregate(
        marked=Count("pk"), present=Count("pk", filter=Q(present=True))
    )
    if enrolment.status == Status.COMPLETED or not marks["marked"]:
        return
    target = Status.ATTENDED if marks["present"] else Status.NO_SHOW
    if target != enrolment.status and target in Enrolment.TRANSITIONS[enrolment.status]:
        _set_status(
            enrolment=enrolment, status=target, actor=actor, action="trainings.enrolment.attendance"
        )


@transaction.atomic
def attendance_mark(*, actor, session: Session, present: Mapping[int, bool]) -> int:
    """Mark who was present at ``session`` (enrolment id -> present). The course's trainers and
    coordinators. Only people holding a seat can be marked. Each changed mark is audited, and
    each person's enrolment moves to attended or no-show. Returns the number of changed marks."""
    require(actor, "mark_attendance", session)
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.select_for_update().filter(
            course_id=session.course_id, pk__in=list(present)
        )
    }
    outside = [pk for pk in present if pk not in enrolments]
    if outside:
        raise ValidationError(
            _("Some of the people marked are not enrolled in this course."), code="not_enrolled"
        )
    not_seated = [e for e in enrolments.values() if not e.holds_seat]
    if not_seated:
        raise ValidationError(
            _("%(person)s has no seat in this course (%(status)s) and cannot be marked."),
            code="no_seat",
            params={"person": not_seated[0].person, "status": not_seated[0].get_status_display()},
        )
    now = timezone.now()
    existing = {
        record.enrolment_id: record
        for record in AttendanceRecord.objects.filter(session=session, enrolment_id__in=enrolments)
    }
    marked_by = actor if getattr(actor, "pk", None) else None
    changed = 0
    for pk, is_present in present.items():
        record = existing.get(pk)
        if record is not None and record.present == bool(is_present):
            continue
        before = snapshot(record, ["present"]) if record else None
        if record is None:
            record = AttendanceRecord(session=session, enrolment_id=pk)
        record.present = bool(is_present)
        record.marked_by = marked_by
        record.marked_at = now
        record.save()
        audit_log(
            actor=actor,
            action="trainings.attendance.marked",
            instance=record,
            before=before,
            after=snapshot(record, ["present"]),
            data={"session": session.pk, "enrolment": pk},
        )
        changed += 1
        _refresh_attendance_status(enrolment=enrolments[pk], actor=actor)
    return changed


@transaction.atomic
def signature_sheet_upload(*, actor, session: Session, file) -> Session:
    """Keep the scan of the signed signature sheet (a PDF). The course's trainers and
    coordinators. A file that is not a PDF is refused and nothing changes."""
    require(actor, "mark_attendance", session)
    session = Session.objects.select_related("course").get(pk=session.pk)
    previous = session.signed_sheet.name if session.signed_sheet else ""
    original = Path(getattr(file, "name", "") or "").name
    session = save_audited(
        instance=session,
        data={
            "signed_sheet": file,
            "signed_sheet_name": original[:255],
            "signed_sheet_uploaded_at": timezone.now(),
        },
        actor=actor,
        action="trainings.session.sheet_uploaded",
    )
    if previous and previous != session.signed_sheet.name:
        # The replaced scan is personal data without a purpose any more.
        storage = session.signed_sheet.storage
        transaction.on_commit(lambda: storage.delete(previous))
    return session


# --- Knowledge tests -------------------------------------------------------------------------


def _parse_selection(question: Question, selected: Sequence) -> list[int]:
    try:
        indexes = sorted({int(value) for value in selected})
    except (TypeError, ValueError) as error:
        raise ValidationError(_("The answers could not be read."), code="bad_answer") from error
    if any(index < 0 or index >= len(question.options) for index in indexes):
        raise ValidationError(_("The answers could not be read."), code="bad_answer")
    if question.kind != Question.Kind.MULTIPLE and len(indexes) > 1:
        raise ValidationError(
            _("Choose only one answer to the question “%(question)s”."),
            code="one_answer",
            params={"question": question.text[:80]},
        )
    return indexes


@transaction.atomic
def attempt_submit(
    *,
    actor,
    enrolment: Enrolment,
    kind: str,
    answers: Mapping[int, Sequence],
    source: str = Attempt.Source.ONLINE,
) -> Attempt:
    """Score and keep one pre- or post-test. Online: the participant, while the test is open.
    From paper: the course's trainers and coordinators, once the test has opened.

    ``answers`` maps question ids to the chosen option indexes. Refused, with nothing written:
    a second submission, a test outside its window, answers to questions not in the person's
    form, a pre-test after the post-test. Writes the attempt, its answers and an audit entry.
    """
    if source == Attempt.Source.ONLINE:
        if roles_of(actor).person_id != enrolment.person_id:
            raise PermissionDenied
    else:
        require(actor, "change", enrolment)
    enrolment = Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
    if not enrolment.is_active:
        raise ValidationError(
            _("Only people with a seat in the course can take its tests."), code="not_enrolled"
        )
    test = KnowledgeTest.objects.filter(course_id=enrolment.course_id, kind=kind).first()
    if test is None:
        raise ValidationError(_("This course has no such test."), code="no_test")
    now = timezone.now()
    if now < test.opens_at:
        raise ValidationError(
            _("The test opens on %(date)s."),
            code="not_open",
            params={"date": date_format(timezone.localtime(test.opens_at), "DATETIME_FORMAT")},
        )
    if source == Attempt.Source.ONLINE and now > test.closes_at:
        raise ValidationError(
            _("The test closed on %(date)s; it can no longer be submitted."),
            code="closed",
            params={"date": date_format(timezone.localtime(test.closes_at), "DATETIME_FORMAT")},
        )
    taken = set(enrolment.attempts.values_list("kind", flat=True))
    if kind in taken:
        raise ValidationError(
            _("This test has already been submitted; it cannot be taken twice."),
            code="duplicate",
        )
    if kind == KnowledgeTest.Kind.PRE and KnowledgeTest.Kind.POST in taken:
        raise ValidationError(_("The pre-test cannot be taken after the post-test."), code="order")
    form = enrolment.form_for(kind)
    questions = list(Question.objects.filter(course_id=enrolment.course_id, form=form))
    if not questions:
        raise ValidationError(_("This test has no questions yet."), code="empty")
    by_id = {question.pk: question for question in questions}
    try:
        answered = {int(key): value for key, value in answers.items()}
    except (TypeError, ValueError) as error:
        raise ValidationError(_("The answers could not be read."), code="bad_answer") from error
    if set(answered) - set(by_id):
        raise ValidationError(
            _("The answers include questions that are not in this test."), code="other_questions"
        )
    score = 0
    rows = []
    for question in questions:
        selected = _parse_selection(question, answered.get(question.pk, []))
        correct = bool(selected) and frozenset(selected) == question.correct_indexes
        score += question.points if correct else 0
        rows.append((question, selected, correct))
    max_score = sum(question.points for question in questions)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                enrolment=enrolment,
                test=test,
                kind=kind,
                form=form,
                source=source,
                score=score,
                max_score=max_score,
                score_percent=round(100 * score / max_score, 2),
                submitted_at=now,
                entered_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("This test has already been submitted; it cannot be taken twice."),
            code="duplicate",
        ) from error
    Answer.objects.bulk_create(
        [
            Answer(attempt=attempt, question=question, selected=selected, is_correct=correct)
            for question, selected, correct in rows
        ]
    )
    audit_log(
        actor=actor,
        action="trainings.attempt.submitted",
        instance=attempt,
        data={"kind": kind, "form": form, "source": source, "score": score, "max": max_score},
    )
    return attempt


# --- Evaluations -----------------------------------------------------------------------------

MAX_EVALUATION_TEXT = 4000


@transaction.atomic
def evaluation_submit(*, actor, enrolment: Enrolment, answers: Mapping[int, object]) -> None:
    """Keep one anonymous evaluation of the course by a participant who took part (the
    participant themselves; SYSTEM for paper forms).

    ``answers`` maps item ids to a rating 1–5 (Likert items) or a text. Writes a submission
    (who answered, audited) and, apart from it, puts what was answered at a random place in
    the course's pool (never audited); the pool is released, shuffled, once
    ``EvaluationPool.BATCH`` answer sets wait in it (see ``EvaluationPool``), so neither ids, nor
    stored order, nor time link answers to the person who gave them.
    """
    # SYSTEM: paper evaluation forms typed in by a command (the demo, an import).
    if actor is not SYSTEM and roles_of(actor).person_id != enrolment.person_id:
        raise PermissionDenied
    # The course row serialises the course's submissions and releases (one pool per course).
    Course.objects.select_for_update().filter(pk=enrolment.course_id).first()
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status not in Enrolment.PARTICIPATED:
        raise ValidationError(
            _("The evaluation is for people who took part in the course."), code="not_participant"
        )
    if EvaluationSubmission.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(
            _("You have already evaluated this course; thank you."), code="duplicate"
        )
    items = {item.pk: item for item in EvaluationItem.objects.filter(course_id=enrolment.course_id)}
    try:
        given = {int(key): value for key, value in answers.items()}
    except (TypeError, ValueError) as error:
        raise ValidationError(_("The answers could not be read."), code="bad_answer") from error
    if set(given) - set(items):
        raise ValidationError(
            _("The answers include items that are not in this evaluation."), code="other_items"
        )
    errors: dict[str, list[str]] = {}
    rows = []
    for item in items.values():
        value = given.get(item.pk)
        if item.kind == EvaluationItem.Kind.LIKERT:
            try:
                rating = int(value) if value not in (None, "") else None
            except (TypeError, ValueError):
                rating = -1
            if rating is not None and not 1 <= rating <= 5:
                errors[f"item_{item.pk}"] = [_("Choose a rating from 1 to 5.")]
            elif rating is None and item.required:
                errors[f"item_{item.pk}"] = [_("This item needs an answer.")]
            elif rating is not None:
                rows.append([item.pk, rating, ""])
        else:
            text = str(value or "").strip()
            if len(text) > MAX_EVALUATION_TEXT:
                errors[f"item_{item.pk}"] = [
                    _("Keep the answer under %(count)s characters.")
                    % {"count": MAX_EVALUATION_TEXT}
                ]
            elif not text and item.required:
                errors[f"item_{item.pk}"] = [_("This item needs an answer.")]
            elif text:
                rows.append([item.pk, None, text])
    if errors:
        raise ValidationError(errors)
    submission = EvaluationSubmission.objects.create(enrolment=enrolment)
    audit_log(actor=actor, action="trainings.evaluation.submitted", instance=submission)
    pool, _created = EvaluationPool.objects.get_or_create(course_id=enrolment.course_id)
    pool.entries.insert(_random.randrange(len(pool.entries) + 1), _seal(rows))
    if len(pool.entries) >= EvaluationPool.BATCH:
        _evaluation_release(pool=pool, remix=False)
    else:
        pool.save(update_fields=["entries"])


_random = secrets.SystemRandom()


def _pool_keys() -> list[AESGCM]:
    """AES-256-GCM keys derived from SECRET_KEY (first) and its fallbacks, read when used."""
    return [
        AESGCM(salted_hmac(POOL_KEY_SALT, "", secret=secret, algorithm="sha256").digest())
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    ]


POOL_KEY_SALT = "partnerstvo.trainings.evaluation-pool"


def _seal(answers: list) -> str:
    """An answer set waiting in the pool, encrypted with a key the database does not hold: a
    copy of the database alone cannot tell which of the few waiting sets is the latest
    submitter's. A random nonce and no timestamp (unlike Fernet)."""
    nonce = secrets.token_bytes(12)
    sealed = _pool_keys()[0].encrypt(nonce, json.dumps(answers).encode(), POOL_KEY_SALT.encode())
    return base64.b64encode(nonce + sealed).decode("ascii")


def _unseal(entry: str) -> list | None:
    """The answer set of a pool entry, or None if no configured key opens it."""
    try:
        raw = base64.b64decode(entry)
    except (TypeError, ValueError):
        return None
    for key in _pool_keys():
        try:
            return json.loads(key.decrypt(raw[:12], raw[12:], POOL_KEY_SALT.encode()))
        except InvalidTag:
            continue
    return None


def _evaluation_release(*, pool: EvaluationPool, remix: bool) -> int:
    """Write the pool's answer sets as responses in a random order under random ids and empty
    the pool. With ``remix``, the course's earlier responses are rewritten with them under new
    ids, so that the last group (which may be small) cannot be told from the others by where
    it is stored. Returns the number of answer sets released. Caller holds the course lock."""
    sets, unreadable = [], []
    for entry in pool.entries:
        answers = _unseal(entry)
        if answers is None:
            unreadable.append(entry)
        else:
            sets.append(answers)
    released = len(sets)
    items = set(
        EvaluationItem.objects.filter(course_id=pool.course_id).values_list("pk", flat=True)
    )
    if remix:
        earlier = list(
            EvaluationResponse.objects.filter(course_id=pool.course_id).prefetch_related("answers")
        )
        sets += [
            [[a.item_id, a.rating, a.text] for a in response.answers.all()] for response in earlier
        ]
        EvaluationResponse.objects.filter(pk__in=[r.pk for r in earlier]).delete()
    _random.shuffle(sets)
    responses = [EvaluationResponse(course_id=pool.course_id) for _ in sets]
    EvaluationResponse.objects.bulk_create(responses)
    EvaluationAnswer.objects.bulk_create(
        [
            EvaluationAnswer(response=response, item_id=item_id, rating=rating, text=text or "")
            for response, answers in zip(responses, sets, strict=True)
            for item_id, rating, text in answers
            if item_id in items
        ]
    )
    if unreadable:
        # Sealed under a secret key that is no longer configured: kept, not lost, until the
        # key is back in SECRET_KEY_FALLBACKS.
        logger.warning(
            "%s evaluation answer sets of course %s cannot be unsealed",
            len(unreadable),
            pool.course_id,
        )
    pool.entries = unreadable
    pool.save(update_fields=["entries"])
    return released


@transaction.atomic
def evaluation_pools_release(*, actor, course: Course | None = None) -> int:
    """Release what still waits in the evaluation pools of courses whose last session has
    ended (``course``, or every such course the actor may read results of), mixed with
    everything released before. Who: SYSTEM, or whoever may read the course's results —
    reading them after the course is how the last answers come out. Writes responses and
    answers, no audit (there is no one to name). Returns the number of answer sets released."""
    courses = (
        Course.objects.all()
        if actor is SYSTEM
        else scope(actor, "view_reports", Course.objects.all())
    )
    if course is not None:
        courses = courses.filter(pk=course.pk)
    waiting = (
        EvaluationPool.objects.exclude(entries=[])
        .filter(course__in=courses.values("pk"))
        .exclude(course__sessions__ends_at__gte=timezone.now())
        .filter(course__sessions__isnull=False)
        .values_list("course_id", flat=True)
        .distinct()
    )
    released = 0
    for course_id in list(waiting):
        Course.objects.select_for_update().filter(pk=course_id).first()
        pool = EvaluationPool.objects.get(course_id=course_id)
        if pool.entries:
            released += _evaluation_release(pool=pool, remix=True)
    return released


# --- Certificates ----------------------------------------------------------------------------

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_certificate_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _issue(*, enrolment: Enrolment, actor, dates: tuple[datetime.date, datetime.date]):
    course = enrolment.course
    certificate = Certificate(
        code=new_certificate_code(),
        enrolment=enrolment,
        holder_name=enrolment.person.full_name,
        course_title=course.title,
        hours=course.hours,
        first_date=dates[0],
        last_date=dates[1],
        issued_at=timezone.now(),
        issued_by=actor if getattr(actor, "pk", None) else None,
    )
    certificate.full_clean(validate_unique=False)
    certificate.save()
    audit_log(
        actor=actor,
        action="trainings.certificate.issued",
        instance=certificate,
        after=snapshot(certificate),
    )
    _set_status(
        enrolment=enrolment,
        status=Status.COMPLETED,
        actor=actor,
        action="trainings.enrolment.completed",
    )
    return certificate


def _course_dates(course: Course) -> tuple[datetime.date, datetime.date] | None:
    from django.db.models import Max, Min

    span = course.sessions.aggregate(first=Min("starts_at"), last=Max("ends_at"))
    if span["first"] is None:
        return None
    return timezone.localdate(span["first"]), timezone.localdate(span["last"])


@transaction.atomic
def certificate_issue(*, actor, enrolment: Enrolment) -> Certificate:
    """Issue the certificate of one participant whose completion rule holds (by default at least
    80 % attendance and the post-test taken). Coordinators. Marks the enrolment completed."""
    from ..selectors import completion_rows

    require(actor, "add", Certificate(enrolment=enrolment))
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("course", "person")
        .get(pk=enrolment.pk)
    )
    if Certificate.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(_("This participant already has a certificate."), code="duplicate")
    rows = completion_rows(course=enrolment.course, enrolment_ids=[enrolment.pk])
    if not rows or not rows[0].completes:
        reasons = rows[0].missing if rows else [_("the participant has no seat in the course")]
        raise ValidationError(
            _("The completion rule does not hold: %(reasons)s."),
            code="incomplete",
            params={"reasons": "; ".join(str(reason) for reason in reasons)},
        )
    return _issue(enrolment=enrolment, actor=actor, dates=_course_dates(enrolment.course))


@transaction.atomic
def certificates_issue_for_course(*, actor, course: Course) -> list[Certificate]:
    """Issue certificates to everyone in ``course`` whose completion rule holds and who has none
    yet. Coordinators. Returns the new certificates."""
    from ..selectors import completion_rows

    require(actor, "issue_certificates", course)
    course = Course.objects.select_for_update().get(pk=course.pk)
    dates = _course_dates(course)
    if dates is None:
        raise ValidationError(_("The course has no sessions."), code="no_sessions")
    issued = []
    for row in completion_rows(course=course):
        if row.completes and not row.has_certificate:
            issued.append(_issue(enrolment=row, actor=actor, dates=dates))
    return issued


@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a certificate: the verification page says so from then on. Coordinators."""
    require(actor, "revoke", certificate)
    if not reason.strip():
        raise ValidationError({"revoked_reason": _("Say why the certificate is revoked.")})
    if certificate.is_revoked:
        raise ValidationError(_("The certificate is already revoked."), code="revoked")
    certificate = save_audited(
        instance=certificate,
        data={"revoked_at": timezone.now(), "revoked_reason": reason.strip()},
        actor=actor,
        action="trainings.certificate.revoked",
    )
    enrolment = Enrolment.objects.select_for_update().get(pk=certificate.enrolment_id)
    _set_status(
        enrolment=enrolment,
        status=Status.ATTENDED,
        actor=actor,
        action="trainings.enrolment.completion_revoked",
    )
    return certificate


@transaction.atomic
def certificate_archive_request(*, actor, course: Course) -> CertificateArchive:
    """Ask for a ZIP of every valid certificate of ``course``; it is built in the background
    (a task), with its progress on the archive. Coordinators; a person, not the system, since
    the archive is theirs (the task checks again that they still may have it)."""
    if getattr(actor, "pk", None) is None:
        raise PermissionDenied
    require(actor, "add", CertificateArchive)
    require(actor, "issue_certificates", course)
    total = Certificate.objects.filter(enrolment__course=course, revoked_at__isnull=True).count()
    if not total:
        raise ValidationError(_("The course has no certificates yet."), code="empty")
    archive = CertificateArchive.objects.create(
        course=course,
        requested_by=actor,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        total=total,
    )
    audit_log(actor=actor, action="trainings.certificate_archive.requested", instance=archive)
    from ..tasks import build_certificate_archive

    transaction.on_commit(lambda: build_certificate_archive.enqueue(archive.pk))
    return archive


# --- Report exports --------------------------------------------------------------------------

# A waiting or running export older than this is taken for lost (a worker died): asking again
# starts a new one instead of pointing at it.
REPORT_EXPORT_STALE_AFTER = datetime.timedelta(hours=1)


@transaction.atomic
def report_export_request(*, actor, course: Course | None = None) -> ReportExport:
    """Ask for the knowledge-gain report as XLSX: every course ``actor`` may report on, or only
    ``course``. It is built in the background (a task), with its progress on the export, and
    holds what ``actor`` may read when it is built. Whoever may read the report (for ``course``,
    that course's report); a person, not the system, since the export is theirs. Asking again
    while the same export is still waiting or being built returns that one."""
    if getattr(actor, "pk", None) is None:
        raise PermissionDenied
    require(actor, "add", ReportExport(course=course))
    recent = timezone.now() - REPORT_EXPORT_STALE_AFTER
    existing = (
        ReportExport.objects.filter(
            requested_by=actor,
            status__in=(ReportExport.Status.PENDING, ReportExport.Status.RUNNING),
            course=course,
            created_at__gte=recent,
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if existing is not None:
        return existing
    export = ReportExport.objects.create(
        requested_by=actor,
        course=course,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    audit_log(
        actor=actor,
        action="trainings.report_export.requested",
        instance=export,
        data={"course": course.pk if course else None},
    )
    from ..tasks import build_report_export

    transaction.on_commit(lambda: build_report_export.enqueue(export.pk))
    return export


# --- Reminders -------------------------------------------------------------------------------


@transaction.atomic
def session_reminders_send(*, actor, now=None, ahead=datetime.timedelta(hours=24)) -> int:
    """E-mail everyone with a seat a reminder (with the session as .ics) of each session that
    starts within ``ahead`` and has had none yet. Run by `manage.py send_training_reminders`
    (as SYSTEM). Returns the number of sessions reminded."""
    if not user_can(actor, "mark_attendance", Session):
        raise PermissionDenied
    now = now or timezone.now()
    sessions = list(
        Session.objects.select_for_update()
        .filter(starts_at__gt=now, starts_at__lte=now + ahead, reminder_sent_at__isnull=True)
        .filter(course__is_published=True)
    )
    for session in sessions:
        if not user_can(actor, "mark_attendance", session):
            continue
        enrolment_ids = list(
            Enrolment.objects.filter(
                course_id=session.course_id,
                status__in=(Status.REGISTERED, Status.ATTENDED),
            ).values_list("pk", flat=True)
        )
        session.reminder_sent_at = now
        session.save(update_fields=["reminder_sent_at"])
        audit_log(
            actor=actor,
            action="trainings.session.reminded",
            instance=session,
            data={"recipients": len(enrolment_ids)},
        )
        transaction.on_commit(
            lambda pk=session.pk, ids=enrolment_ids: emails.send_reminder(pk, ids)
        )
    return len(sessions)
