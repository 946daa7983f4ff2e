"""Who may do what with trainings. See partnerstvo.core.permissions.

- Coordinators run everything; auditors read everything except individual participant data.
- Trainers see and run the courses they are assigned to (sessions, attendance, tests, results).
- Participants see their own enrolments, results and certificates.
- CSO admins see (and make, and cancel) their members' enrolments; municipal officers their
  staff's. Neither sees test results or participant data.
- Individual ESF participant data: coordinators (and the person their own) only.
"""

from __future__ import annotations

from django.db.models import Q

from partnerstvo.core.permissions import Policy, register
from partnerstvo.directory.models import AdministrationMembership, OrganisationMembership
from partnerstvo.directory.roles import roles_of

from .models import (
    Answer,
    Attempt,
    AttendanceRecord,
    Certificate,
    CertificateArchive,
    Course,
    Enrolment,
    EvaluationItem,
    KnowledgeTest,
    Module,
    ParticipantData,
    Programme,
    Question,
    ReportExport,
    Session,
)


def trains(user, course_id: int | None) -> bool:
    """Is ``user`` an assigned trainer (holding the trainer role) of the course?"""
    if course_id is None or not roles_of(user).is_trainer:
        return False
    return Course.trainers.through.objects.filter(course_id=course_id, user_id=user.pk).exists()


def trained_courses(user):
    """A subquery of the ids of the courses ``user`` trains."""
    return Course.trainers.through.objects.filter(user_id=user.pk).values("course_id")


def manages_course(user, course_id: int | None) -> bool:
    return roles_of(user).is_coordinator or trains(user, course_id)


def _members_of(organisation_ids):
    return (
        OrganisationMembership.objects.active()
        .filter(organisation_id__in=organisation_ids)
        .values("person_id")
    )


def _staff_of(administration_ids):
    return (
        AdministrationMembership.objects.active()
        .filter(administration_id__in=administration_ids)
        .values("person_id")
    )


def is_member(person_id: int, organisation_id: int) -> bool:
    return (
        OrganisationMembership.objects.active()
        .filter(person_id=person_id, organisation_id=organisation_id)
        .exists()
    )


def is_staff(person_id: int, administration_id: int) -> bool:
    return (
        AdministrationMembership.objects.active()
        .filter(person_id=person_id, administration_id=administration_id)
        .exists()
    )


@register(Programme)
class ProgrammePolicy(Policy):
    def can_view(self, user, obj):
        return True

    def can_add(self, user, obj):
        return roles_of(user).is_coordinator

    can_change = can_add
    can_delete = can_add

    def scope_view(self, user, queryset):
        return queryset

    def scope_change(self, user, queryset):
        return queryset if roles_of(user).is_coordinator else queryset.none()


@register(Course)
class CoursePolicy(Policy):
    """Published courses are public. Coordinators create and change them; their trainers manage
    what happens in them (sessions, questions, attendance, results)."""

    def can_view(self, user, obj):
        roles = roles_of(user)
        if obj is None or obj.is_published or roles.reads_everything:
            return True
        return trains(user, obj.pk)

    def can_add(self, user, obj):
        return roles_of(user).is_coordinator

    can_change = can_add
    can_delete = can_add
    can_issue_certificates = can_add

    def can_manage(self, user, obj):
        roles = roles_of(user)
        if obj is None:
            return roles.is_coordinator or roles.is_trainer
        return manages_course(user, obj.pk)

    def can_view_participants(self, user, obj):
        roles = roles_of(user)
        if roles.reads_everything:
            return True
        if obj is None:
            return roles.is_trainer
        return trains(user, obj.pk)

    # Aggregates (knowledge gain, ESF totals, evaluation results): no one's individual data.
    can_view_reports = can_view_participants

    def scope_view(self, user, queryset):
        roles = roles_of(user)
        if roles.reads_everything:
            return queryset
        if roles.is_trainer:
            return queryset.filter(Q(is_published=True) | Q(pk__in=trained_courses(user)))
        return queryset.filter(is_published=True)

    def scope_manage(self, user, queryset):
        roles = roles_of(user)
        if roles.is_coordinator:
            return queryset
        if roles.is_trainer:
            return queryset.filter(pk__in=trained_courses(user))
        return queryset.none()

    def scope_view_participants(self, user, queryset):
        roles = roles_of(user)
        if roles.reads_everything:
            return queryset
        return self.scope_manage(user, queryset)

    scope_view_reports = scope_view_participants

    def scope_change(self, user, queryset):
        return queryset if roles_of(user).is_coordinator else queryset.none()


class CourseContentPolicy(Policy):
    """Things inside a course (modules, sessions, questions, tests, evaluation items): read by
    those who see its participants, changed by those who manage it."""

    def can_view(self, user, obj):
        if obj is None:
            return CoursePolicy().can_view_participants(user, None)
        return CoursePolicy().can_view_participants(user, obj.course)

    def can_add(self, user, obj):
        if obj is None or getattr(obj, "course_id", None) is None:
            return CoursePolicy().can_manage(user, None)
        return manages_course(user, obj.course_id)

    can_change = can_add
    can_delete = can_add

    def scope_view(self, user, queryset):
        courses = CoursePolicy().scope_view_participants(user, Course.objects.all())
        return queryset.filter(course__in=courses.values("pk"))

    def scope_change(self, user, queryset):
        courses = CoursePolicy().scope_manage(user, Course.objects.all())
        return queryset.filter(course__in=courses.values("pk"))


@register(Module)
class ModulePolicy(CourseContentPolicy):
    pass


@register(Question)
class QuestionPolicy(CourseContentPolicy):
    pass


@register(KnowledgeTest)
class KnowledgeTestPolicy(CourseContentPolicy):
    pass


@register(EvaluationItem)
class EvaluationItemPolicy(CourseContentPolicy):
    pass


@register(Session)
class SessionPolicy(CourseContentPolicy):
    """Sessions of published courses are public (the calendar); attendance and signature sheets
    are for the course's trainers and coordinators."""

    def can_view(self, user, obj):
        if obj is not None and obj.course.is_published:
            return True
        return super().can_view(user, obj)

    def can_mark_attendance(self, user, obj):
        if obj is None:
            return CoursePolicy().can_manage(user, None)
        return manages_course(user, obj.course_id)

    def can_view_sheet(self, user, obj):
        if obj is None:
            return CoursePolicy().can_view_participants(user, None)
        return CoursePolicy().can_view_participants(user, obj.course)

    def scope_view(self, user, queryset):
        courses = CoursePolicy().scope_view(user, Course.objects.all())
        return queryset.filter(course__in=courses.values("pk"))


def _enrolments_seen_by(user) -> Q | None:
    """The enrolments ``user`` may read, as a condition; ``None`` means all of them."""
    roles = roles_of(user)
    if roles.reads_everything:
        return None
    condition = Q(pk__in=[])
    if roles.person_id:
        condition |= Q(person_id=roles.person_id)
    if roles.is_trainer:
        condition |= Q(course_id__in=trained_courses(user))
    admin_orgs = roles.orgs_with("admin")
    if admin_orgs:
        condition |= Q(organisation_id__in=admin_orgs) | Q(person_id__in=_members_of(admin_orgs))
    if roles.administrations:
        administrations = list(roles.administrations)
        condition |= Q(administration_id__in=administrations) | Q(
            person_id__in=_staff_of(administrations)
        )
    return condition


@register(Enrolment)
class EnrolmentPolicy(Policy):
    def can_view(self, user, obj):
        roles = roles_of(user)
        if obj is None:
            return bool(
                roles.reads_everything
                or roles.is_trainer
                or roles.orgs_with("admin")
                or roles.administrations
            )
        condition = _enrolments_seen_by(user)
        if condition is None:
            return True
        return Enrolment.objects.filter(condition, pk=obj.pk).exists()

    def can_add(self, user, obj):
        """Enrol ``obj.person`` in ``obj.course``: oneself; a CSO admin a member of their CSO; a
        municipal officer a member of their administration's staff; coordinators anyone."""
        roles = roles_of(user)
        if roles.is_coordinator:
            return True
        if obj is None:
            return roles.authenticated
        if roles.person_id and obj.person_id == roles.person_id:
            return True
        if obj.organisation_id and roles.org_role(obj.organisation_id) == "admin":
            return is_member(obj.person_id, obj.organisation_id)
        if obj.administration_id and obj.administration_id in roles.administrations:
            return is_staff(obj.person_id, obj.administration_id)
        return False

    def can_cancel(self, user, obj):
        """The person, whoever may enrol them on the same terms, the course's trainers and the
        coordinators."""
        if obj is None:
            return roles_of(user).authenticated
        return self.can_add(user, obj) or trains(user, obj.course_id)

    def can_change(self, user, obj):
        """Status changes other than cancelling (attendance, completion)."""
        if obj is None:
            return CoursePolicy().can_manage(user, None)
        return manages_course(user, obj.course_id)

    def scope_view(self, user, queryset):
        condition = _enrolments_seen_by(user)
        return queryset if condition is None else queryset.filter(condition)

    def scope_change(self, user, queryset):
        courses = CoursePolicy().scope_manage(user, Course.objects.all())
        return queryset.filter(course__in=courses.values("pk"))


class ResultPolicy(Policy):
    """Results (attendance, test attempts, certificates): the participant, the course's trainers,
    coordinators and auditors. Not CSO admins or officers."""

    enrolment_path = "enrolment"

    def _enrolment(self, obj):
        for part in self.enrolment_path.split("__"):
            obj = getattr(obj, part)
        return obj

    def _condition(self, user) -> Q | None:
        roles = roles_of(user)
        if roles.reads_everything:
            return None
        prefix = self.enrolment_path
        condition = Q(pk__in=[])
        if roles.person_id:
            condition |= Q(**{f"{prefix}__person_id": roles.person_id})
        if roles.is_trainer:
            condition |= Q(**{f"{prefix}__course_id__in": trained_courses(user)})
        return condition

    def can_view(self, user, obj):
        roles = roles_of(user)
        if roles.reads_everything:
            return True
        if obj is None:
            return roles.is_trainer
        enrolment = self._enrolment(obj)
        if roles.person_id and enrolment.person_id == roles.person_id:
            return True
        return trains(user, enrolment.course_id)

    def can_change(self, user, obj):
        if obj is None:
            return CoursePolicy().can_manage(user, None)
        return manages_course(user, self._enrolment(obj).course_id)

    def scope_view(self, user, queryset):
        condition = self._condition(user)
        return queryset if condition is None else queryset.filter(condition)


@register(AttendanceRecord)
class AttendanceRecordPolicy(ResultPolicy):
    pass


@register(Attempt)
class AttemptPolicy(ResultPolicy):
    pass


@register(Answer)
class AnswerPolicy(ResultPolicy):
    enrolment_path = "attempt__enrolment"


@register(Certificate)
class CertificatePolicy(ResultPolicy):
    def can_change(self, user, obj):
        """Issue and revoke: coordinators."""
        return roles_of(user).is_coordinator

    can_add = can_change
    can_revoke = can_change


@register(CertificateArchive)
class CertificateArchivePolicy(Policy):
    def can_view(self, user, obj):
        return roles_of(user).is_coordinator

    can_add = can_view

    def scope_view(self, user, queryset):
        return queryset if roles_of(user).is_coordinator else queryset.none()


@register(ReportExport)
class ReportExportPolicy(Policy):
    """Exports of the knowledge-gain report. Whoever may read the report may ask for it (for a
    course, whoever may read that course's report). Each sees and downloads their own, while they
    may still read the report it holds; coordinators everyone's."""

    def can_add(self, user, obj):
        if obj is None or obj.course_id is None:
            return CoursePolicy().can_view_reports(user, None)
        return CoursePolicy().can_view_reports(user, obj.course)

    def can_view(self, user, obj):
        if roles_of(user).is_coordinator:
            return True
        if obj is None:
            return CoursePolicy().can_view_reports(user, None)
        owner = getattr(user, "pk", None)
        return owner is not None and obj.requested_by_id == owner and self.can_add(user, obj)

    def scope_view(self, user, queryset):
        if roles_of(user).is_coordinator:
            return queryset
        owner = getattr(user, "pk", None)
        if owner is None or not CoursePolicy().can_view_reports(user, None):
            return queryset.none()
        courses = CoursePolicy().scope_view_reports(user, Course.objects.all())
        return queryset.filter(requested_by_id=owner).filter(
            Q(course__isnull=True) | Q(course__in=courses.values("pk"))
        )


@register(ParticipantData)
class ParticipantDataPolicy(Policy):
    """Individual ESF participant data: coordinators, and each person their own. Auditors,
    trainers and organisations see aggregates only."""

    def can_view(self, user, obj):
        roles = roles_of(user)
        if roles.is_coordinator:
            return True
        return obj is not None and roles.person_id is not None and obj.person_id == roles.person_id

    can_change = can_view
    can_delete = can_view

    def can_add(self, user, obj):
        return self.can_view(user, obj) if obj is not None else roles_of(user).authenticated

    def scope_view(self, user, queryset):
        roles = roles_of(user)
        if roles.is_coordinator:
            return queryset
        if roles.person_id:
            return queryset.filter(person_id=roles.person_id)
        return queryset.none()
