"""Aggregate reports: knowledge gain by dimension, and the ESF participant totals."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from partnerstvo.core.permissions import scope
from partnerstvo.directory.models import Person

from ..models import Course, Enrolment, ParticipantData

GAIN_DIMENSIONS = {
    "course": ("course_id", "course__title"),
    "target_group": ("course__target_group",),
    "participant_group": ("participant_group",),
    "municipality": ("municipality_id", "municipality__name"),
}


def report_courses(*, user) -> QuerySet[Course]:
    """The courses whose aggregate reports ``user`` may read."""
    return scope(user, "view_reports", Course.objects.all())


def _scored(*, user, course: Course | None) -> QuerySet[Enrolment]:
    queryset = Enrolment.objects.filter(course__in=report_courses(user=user).values("pk"))
    if course is not None:
        queryset = queryset.filter(course=course)
    return queryset


def gain_people(*, user, course: Course | None = None) -> QuerySet[Enrolment]:
    """Score before, after and normalised gain per person (``pre_percent``, ``post_percent``,
    ``gain``, kept on each enrolment), for courses ``user`` may report on; people with a test."""
    return (
        _scored(user=user, course=course)
        .filter(Q(pre_percent__isnull=False) | Q(post_percent__isnull=False))
        .select_related("person", "course", "municipality")
        .order_by("course__title", "person__last_name", "person__first_name", "pk")
    )


# Per-course figures are read once, grouped by course and participant group (a few rows per
# course, in the order of the index, so without sorting), and summed up in Python for the
# course, target-group and participant-group tables, with the courses' titles and target
# groups read beside them; the municipalities take a query of their own. Two index scans.
_FINE = ("course_id", "participant_group")
_MUNICIPALITY = ("municipality_id", "municipality__name")


def _sums(queryset: QuerySet[Enrolment], fields: tuple[str, ...]):
    return (
        queryset.filter(pre_percent__isnull=False, post_percent__isnull=False)
        .values_list(*fields)
        .annotate(
            n=Count("pk"),
            sum_pre=Sum("pre_percent"),
            sum_post=Sum("post_percent"),
            sum_gain=Sum("gain"),
            gains=Count("gain"),
        )
        .order_by()
    )


def gain_summaries(
    *, user, course: Course | None = None, by: tuple[str, ...] = tuple(GAIN_DIMENSIONS)
) -> dict[str, list[dict]]:
    """``gain_summary`` for each dimension in ``by`` at once: one query for the course,
    target-group and participant-group tables together, one for the municipalities."""
    queryset = _scored(user=user, course=course)
    totals: dict[str, dict[tuple, list]] = {name: {} for name in by}

    def add(name, key, n, pre, post, gain, gains):
        figures = totals[name].setdefault(key, [0, 0.0, 0.0, 0.0, 0])
        figures[0] += n
        figures[1] += pre
        figures[2] += post
        figures[3] += gain or 0.0
        figures[4] += gains

    if {"course", "target_group", "participant_group"} & set(by):
        courses = report_courses(user=user)
        if course is not None:
            courses = courses.filter(pk=course.pk)
        about = {pk: (title, target) for pk, title, target in courses.values_list(
            "pk", "title", "target_group"
        )}  # fmt: skip
        for course_id, group, *figures in _sums(queryset, _FINE):
            title, target = about[course_id]
            for name, key in (
                ("course", (course_id, title)),
                ("target_group", (target,)),
                ("participant_group", (group,)),
            ):
                if name in totals:
                    add(name, key, *figures)
    if "municipality" in by:
        for municipality_id, name, *figures in _sums(queryset, _MUNICIPALITY):
            add("municipality", (municipality_id, name), *figures)

    labels = {
        "target_group": dict(Course.TargetGroup.choices),
        "participant_group": dict(Enrolment.Group.choices),
    }
    result = {}
    for name, groups in totals.items():
        dimension = GAIN_DIMENSIONS[name]
        rows = []
        for key, (n, pre, post, gain, gains) in groups.items():
            row = dict(zip(dimension, key, strict=True))
            value = key[-1]
            row["label"] = (
                labels.get(name, {}).get(value, value) if value is not None else _("not known")
            )
            row["participants"] = n
            row["pre"] = pre / n
            row["post"] = post / n
            row["gain"] = gain / gains if gains else None
            row["class_gain"] = (
                (row["post"] - row["pre"]) / (100 - row["pre"]) if row["pre"] < 100 else None
            )
            rows.append(row)
        if name in ("course", "municipality"):  # by name, as people look them up
            rows.sort(
                key=lambda row, first=dimension[0]: (
                    row[first] is None,
                    str(row["label"]).casefold(),
                    row[first] or 0,
                )
            )
        else:  # in the order of their choices
            order = {value: i for i, value in enumerate(labels[name])}
            rows.sort(key=lambda row: order.get(row[dimension[0]], len(order)))
        result[name] = rows
    return result


def gain_summary(*, user, by: str, course: Course | None = None) -> list[dict]:
    """Mean score before and after, mean normalised gain, and the gain of the means, per
    ``by`` (course, target_group, participant_group, municipality); people with both tests.
    Read from the enrolments' stored scores (an index holds every column it reads): one query.
    Courses and municipalities come by name, target and participant groups in their order."""
    return gain_summaries(user=user, course=course, by=(by,))[by]


SMALL_CELL = 5  # sensitive counts below this are not shown to anyone but coordinators


@dataclass
class EsfTotals:
    participants: int
    records: int
    complete: int
    declined: int
    breakdowns: list[dict] = field(default_factory=list)

    @property
    def incomplete(self) -> int:
        return self.participants - self.complete

    @property
    def without_record(self) -> int:
        return self.participants - self.records


def esf_totals(*, user, course: Course | None = None, mask_small: bool = True) -> EsfTotals:
    """The ESF participant totals of the courses ``user`` may report on (or one course): people
    who took part, how many records count (consent and every non-sensitive field), how many do
    not, and each category broken down by gender. One query whatever the size: the people who
    took part, each with their record's ``ParticipantData.esf_profile`` (none without a record),
    counted per profile (a few hundred at most in practice); Python unfolds the profiles."""
    participations = Enrolment.objects.filter(
        course__in=report_courses(user=user).values("pk"), status__in=Enrolment.PARTICIPATED
    )
    if course is not None:
        participations = participations.filter(course=course)
    profiles = (
        Person.objects.filter(pk__in=participations.order_by().values("person_id"))
        .order_by()
        .values_list("participant_data__esf_profile")
        .annotate(n=Count("pk"))
    )
    genders = ParticipantData.Gender.values
    categories = [
        ("gender", _("Gender"), ParticipantData.Gender.choices),
        ("age_group", _("Age group"), ParticipantData.AgeGroup.choices),
        ("employment_status", _("Employment status"), ParticipantData.Employment.choices),
        ("education_level", _("Education level"), ParticipantData.Education.choices),
    ]
    flags = [("rural_area", False)] + [(name, True) for name in ParticipantData.SENSITIVE_FIELDS]
    counts: dict[tuple[str, object, str], int] = defaultdict(int)
    participants = records = complete = declined = 0
    for profile, n in profiles:
        participants += n
        if profile is None:
            continue  # took part, gave no record
        answers = ParticipantData.esf_profile_decode(profile)
        records += n
        if not answers["consent"]:
            declined += n
        if not answers["complete"]:
            continue
        complete += n
        gender = answers["gender"]
        for name, _label, _choices in categories:
            counts[(name, answers[name], gender)] += n
        for name, _sensitive in flags:
            if answers[name] is True:
                counts[(name, True, gender)] += n

    def cell(name, value, gender, sensitive):
        if gender is None:
            number = sum(counts.get((name, value, g), 0) for g in genders)
        else:
            number = counts.get((name, value, gender), 0)
        if sensitive and mask_small and 0 < number < SMALL_CELL:
            return None  # shown as "fewer than 5"
        return number

    def row_for(name, value, label, sensitive):
        return {
            "label": label,
            "sensitive": sensitive,
            "total": cell(name, value, None, sensitive),
            "by_gender": [cell(name, value, g, sensitive) for g in genders],
        }

    breakdowns = [
        {
            "name": name,
            "label": label,
            "rows": [row_for(name, value, choice, False) for value, choice in choices],
        }
        for name, label, choices in categories
    ]
    breakdowns.append(
        {
            "name": "flags",
            "label": _("Disadvantaged groups"),
            "rows": [
                row_for(name, True, ParticipantData._meta.get_field(name).verbose_name, sensitive)
                for name, sensitive in flags
            ],
        }
    )
    return EsfTotals(
        participants=participants,
        records=records,
        complete=complete,
        declined=declined,
        breakdowns=breakdowns,
    )
