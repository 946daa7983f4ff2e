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

from partnerstvo.core.permissions import (
    ALL,
    NONE,
    Policy,
    both,
    either,
    only_if,
    register,
    within,
)
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


def trained_courses(user):
    """A subquery of the ids of the courses ``user`` trains."""
    return Course.trainers.through.objects.filter(user_id=user.pk).values("course_id")


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


def _own_person(roles, field: str = "person_id"):
    return within(field, [roles.person_id] if roles.person_id else [])


def managed_courses(user, field: str = "pk"):
    """The courses ``user`` manages (coordinators all; trainers theirs), over ``field``."""
    roles = roles_of(user)
    if roles.is_coordinator:
        return ALL
    return within(field, trained_courses(user)) if roles.is_trainer else NONE


def reported_courses(user, field: str = "pk"):
    """The courses whose participants and aggregate results ``user`` sees."""
    return ALL if roles_of(user).reads_everything else managed_courses(user, field)


@register(Programme)
class ProgrammePolicy(Policy):
    def rule_view(self, user):
        return ALL

    def rule_change(self, user):
        return only_if(roles_of(user).is_coordinator)

    rule_add = rule_change
    rule_delete = rule_change


@register(Course)
class CoursePolicy(Policy):
    """Published courses are public. Coordinators create and change them; their trainers manage
    what happens in them (sessions, questions, attendance, results)."""

    def rule_view(self, user):
        roles = roles_of(user)
        if roles.reads_everything:
            return ALL
        published = Q(is_published=True)
        return (
            either(published, within("pk", trained_courses(user)))
            if roles.is_trainer
            else published
        )

    def rule_change(self, user):
        return only_if(roles_of(user).is_coordinator)

    rule_add = rule_change
    rule_delete = rule_change
    rule_issue_certificates = rule_change

    def rule_manage(self, user):
        return managed_courses(user)

    def rule_view_participants(self, user):
        return reported_courses(user)

    # Aggregates (knowledge gain, ESF totals, evaluation results): no one's individual data.
    rule_view_reports = rule_view_participants


class CourseContentPolicy(Policy):
    """Things inside a course (modules, sessions, questions, tests, evaluation items): read by
    those who see its participants, changed by those who manage it."""

    def rule_view(self, user):
        return reported_courses(user, "course_id")

    def rule_change(self, user):
        return managed_courses(user, "course_id")

    rule_add = rule_change
    rule_delete = rule_change


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

    def rule_view(self, user):
        return either(Q(course__is_published=True), reported_courses(user, "course_id"))

    def any_view(self, user):
        """The sessions screens are for those who see participants."""
        return reported_courses(user) is not NONE

    def rule_mark_attendance(self, user):
        return managed_courses(user, "course_id")

    def rule_view_sheet(self, user):
        return reported_courses(user, "course_id")


@register(Enrolment)
class EnrolmentPolicy(Policy):
    def rule_view(self, user):
        """The person, the course's trainers, the admins of the CSO (or officers of the
        administration) it was made for or whose member (staff) the person is."""
        roles = roles_of(user)
        if roles.reads_everything:
            return ALL
        admin_orgs = roles.orgs_with("admin")
        administrations = list(roles.administrations)
        return either(
            _own_person(roles),
            within("course_id", trained_courses(user)) if roles.is_trainer else NONE,
            within("organisation_id", admin_orgs),
            within("person_id", _members_of(admin_orgs)) if admin_orgs else NONE,
            within("administration_id", administrations),
            within("person_id", _staff_of(administrations)) if administrations else NONE,
        )

    def any_view(self, user):
        """The enrolment screens are for those who see others' enrolments."""
        roles = roles_of(user)
        return bool(
            roles.reads_everything
            or roles.is_trainer
            or roles.orgs_with("admin")
            or roles.administrations
        )

    def rule_add(self, user):
        """Enrol ``obj.person`` in ``obj.course``: oneself; a CSO admin a member of their CSO; a
        municipal officer a member of their administration's staff; coordinators anyone."""
        roles = roles_of(user)
        if roles.is_coordinator:
            return ALL
        return either(
            _own_person(roles),
            *(
                Q(organisation_id=organisation, person_id__in=_members_of([organisation]))
                for organisation in roles.orgs_with("admin")
            ),
            *(
                Q(administration_id=administration, person_id__in=_staff_of([administration]))
                for administration in roles.administrations
            ),
        )

    def any_add(self, user):
        return roles_of(user).authenticated

    def rule_cancel(self, user):
        """The person, whoever may enrol them on the same terms, the course's trainers and the
        coordinators."""
        trainer = within("course_id", trained_courses(user)) if roles_of(user).is_trainer else NONE
        return either(self.rule_add(user), trainer)

    any_cancel = any_add

    def rule_change(self, user):
        """Status changes other than cancelling (attendance, completion)."""
        return managed_courses(user, "course_id")


class ResultPolicy(Policy):
    """Results (attendance, test attempts, certificates): the participant, the course's trainers,
    coordinators and auditors. Not CSO admins or officers."""

    enrolment_path = "enrolment"

    def rule_view(self, user):
        roles = roles_of(user)
        if roles.reads_everything:
            return ALL
        prefix = self.enrolment_path
        return either(
            _own_person(roles, f"{prefix}__person_id"),
            within(f"{prefix}__course_id", trained_courses(user)) if roles.is_trainer else NONE,
        )

    def any_view(self, user):
        roles = roles_of(user)
        return roles.reads_everything or roles.is_trainer

    def rule_change(self, user):
        return managed_courses(user, f"{self.enrolment_path}__course_id")


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
    def rule_change(self, user):
        """Issue and revoke: coordinators."""
        return only_if(roles_of(user).is_coordinator)

    rule_add = rule_change
    rule_revoke = rule_change


@register(CertificateArchive)
class CertificateArchivePolicy(Policy):
    def rule_view(self, user):
        return only_if(roles_of(user).is_coordinator)

    rule_add = rule_view


@register(ReportExport)
class ReportExportPolicy(Policy):
    """Exports of the knowledge-gain report. Whoever may read the report may ask for it (for a
    course, whoever may read that course's report). Each sees and downloads their own, while they
    may still read the report it holds; coordinators everyone's."""

    def rule_add(self, user):
        roles = roles_of(user)
        if roles.reads_everything:
            return ALL
        if not roles.is_trainer:
            return NONE
        return either(Q(course__isnull=True), within("course_id", trained_courses(user)))

    def rule_view(self, user):
        if roles_of(user).is_coordinator:
            return ALL
        owner = getattr(user, "pk", None)
        return both(within("requested_by_id", [owner] if owner else []), self.rule_add(user))


@register(ParticipantData)
class ParticipantDataPolicy(Policy):
    """Individual ESF participant data: coordinators, and each person their own. Auditors,
    trainers and organisations see aggregates only."""

    def rule_view(self, user):
        roles = roles_of(user)
        return ALL if roles.is_coordinator else _own_person(roles)

    def any_view(self, user):
        return roles_of(user).is_coordinator

    rule_change = rule_view
    rule_delete = rule_view
    any_change = any_view
    any_delete = any_view
    rule_add = rule_view

    def any_add(self, user):
        return roles_of(user).authenticated
