"""Enrolling in a course (oneself or others), cancelling, and coordinators' status changes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.permissions import require
from partnerstvo.directory.models import (
    Administration,
    AdministrationMembership,
    Organisation,
    OrganisationMembership,
    Person,
)
from partnerstvo.directory.roles import roles_of

from .. import emails
from ..models import Course, Enrolment
from ..policies import is_member, is_staff
from ._common import _promote_waiting, _seats_taken, _set_status

Status = Enrolment.Status


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
