"""Writes of capacity assessments. Each service is keyword-only and atomic, checks its caller
with the platform's policies (``require``) and the rules of the part (``ValidationError`` with a
translated message, raised before anything is written or rolling back whatever was), audits what
it changes, and notifies through ``notifications.notify``.

Instruments (coordinators): ``instrument_create``, ``version_create_from``, ``dimension_save``,
``question_save``, ``scale_level_save``, ``dimension_delete``, ``question_delete``,
``version_publish``. Rounds (the subject's owners): ``round_open``, ``round_close``,
``round_publish``; respondents: ``answers_submit``; the plan: ``action_create``,
``action_status_set``. ``compute_scores`` is the one computation of scores, used when a round
closes and by the tests that check the stored rows against it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.permissions import require
from partnerstvo.core.services import save_audited
from partnerstvo.directory.models import (
    AdministrationMembership,
    AdministrationUnit,
    Organisation,
    OrganisationMembership,
    Person,
)
from partnerstvo.directory.roles import roles_of
from partnerstvo.notifications.services import notify

from .models import (
    MAX_SCALE,
    WEAK_SHARE,
    Action,
    Answer,
    Dimension,
    DimensionScore,
    Instrument,
    InstrumentVersion,
    Question,
    Recommendation,
    Respondent,
    Round,
    ScaleLevel,
    SubjectKind,
)

THOUSANDTH = Decimal("0.001")


def _absolute(path: str) -> str:
    return f"{settings.PLATFORM_BASE_URL.rstrip('/')}{path}"


def _q(value: Decimal) -> Decimal:
    return value.quantize(THOUSANDTH, rounding=ROUND_HALF_UP)


# --- instruments -------------------------------------------------------------------------------


def _editable(version: InstrumentVersion) -> InstrumentVersion:
    version = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_frozen():
        raise ValidationError(
            _(
                "This version has answers and is frozen: create a new version from it and "
                "change that one."
            )
        )
    return version


def publication_errors(version: InstrumentVersion) -> list[str]:
    """What stops ``version`` from being published (empty when nothing does)."""
    errors = []
    dimensions = list(version.dimensions.prefetch_related("questions"))
    levels = list(version.levels.all())
    if len(levels) < 2:
        errors.append(_("The scale needs at least two levels."))
    elif [level.value for level in levels] != list(range(1, len(levels) + 1)):
        errors.append(_("The scale's levels must be numbered 1, 2, 3… without gaps."))
    if any(not level.label.strip() or not level.description.strip() for level in levels):
        errors.append(_("Every level of the scale needs a label and a description."))
    if not dimensions:
        errors.append(_("A version needs at least one dimension."))
    elif sum(dimension.weight for dimension in dimensions) <= 0:
        errors.append(
            _("The dimensions' weights add up to zero: give at least one dimension a weight.")
        )
    for dimension in dimensions:
        questions = list(dimension.questions.all())
        if not questions:
            errors.append(_("The dimension “%(name)s” has no question.") % {"name": dimension.name})
        elif sum(question.weight for question in questions) <= 0:
            errors.append(
                _(
                    "The questions of the dimension “%(name)s” have weights that add up to "
                    "zero: give at least one question a weight."
                )
                % {"name": dimension.name}
            )
        if any(weight < 0 for weight in [dimension.weight, *(q.weight for q in questions)]):
            errors.append(_("Weights cannot be negative."))
    return errors


def _still_publishable(version: InstrumentVersion) -> None:
    """A published version (without answers yet) may be edited, but never into one that could
    not be published: the change is refused and rolled back."""
    if version.is_published:
        errors = publication_errors(version)
        if errors:
            raise ValidationError(errors)


@transaction.atomic
def instrument_create(*, actor, data: dict) -> Instrument:
    """Create an instrument with an empty draft version 1 (its scale copied from ``levels``:
    (value, label, description) tuples, when given). Coordinators."""
    require(actor, "add", Instrument)
    levels = data.pop("levels", ())
    instrument = save_audited(
        instance=Instrument(), data=data, actor=actor, action="assessments.instrument.created"
    )
    version = InstrumentVersion.objects.create(instrument=instrument, number=1)
    for value, label, description in levels:
        ScaleLevel.objects.create(
            version=version, value=value, label=label, description=description
        )
    return instrument


@transaction.atomic
def version_create_from(*, actor, instrument: Instrument, notes: str = "") -> InstrumentVersion:
    """A new draft version of ``instrument``, a copy of its latest version (scale, dimensions,
    questions): where changes to a frozen version go. Coordinators. Audited."""
    require(actor, "add", InstrumentVersion)
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    source = instrument.versions.order_by("-number").first()
    if source is not None and not source.is_published:
        raise ValidationError(
            _("Version %(number)s is still a draft: change it, or publish it first.")
            % {"number": source.number}
        )
    version = InstrumentVersion.objects.create(
        instrument=instrument, number=(source.number + 1) if source else 1, notes=notes
    )
    if source is not None:
        ScaleLevel.objects.bulk_create(
            [
                ScaleLevel(
                    version=version,
                    value=level.value,
                    label=level.label,
                    description=level.description,
                )
                for level in source.levels.all()
            ]
        )
        for dimension in source.dimensions.prefetch_related("questions"):
            questions = list(dimension.questions.all())
            dimension.pk = None
            dimension.version = version
            dimension.save()
            for question in questions:
                question.pk = None
                question.dimension = dimension
            Question.objects.bulk_create(questions)
    audit_log(
        actor=actor,
        action="assessments.version.created",
        instance=version,
        data={"from": source.number if source else None},
    )
    return version


DIMENSION_FIELDS = ["code", "name", "description", "weight", "order", "recommendation", "strength"]
QUESTION_FIELDS = ["text", "help", "weight", "order"]
LEVEL_FIELDS = ["value", "label", "description"]


def _fields(data: dict, names: list[str]) -> dict:
    return {key: value for key, value in data.items() if key in names}


@transaction.atomic
def dimension_save(
    *, actor, version: InstrumentVersion, data: dict, dimension: Dimension | None = None
) -> Dimension:
    """Add a dimension to ``version`` or change one of its dimensions. Coordinators; refused on
    a frozen version. Audited."""
    version = _editable(version)
    dimension = dimension or Dimension(version=version)
    if dimension.version_id != version.pk:
        raise ValidationError(_("This dimension belongs to another version."))
    require(actor, "change" if dimension.pk else "add", dimension)
    dimension = save_audited(
        instance=dimension,
        data=_fields(data, DIMENSION_FIELDS),
        actor=actor,
        action="assessments.dimension.saved",
    )
    _still_publishable(version)
    return dimension


@transaction.atomic
def question_save(
    *, actor, dimension: Dimension, data: dict, question: Question | None = None
) -> Question:
    """Add a question to ``dimension`` or change one. Coordinators; refused on a frozen
    version. Audited."""
    version = _editable(dimension.version)
    question = question or Question(dimension=dimension)
    if question.dimension.version_id != version.pk:
        raise ValidationError(_("This question belongs to another version."))
    require(actor, "change" if question.pk else "add", question)
    data = _fields(data, QUESTION_FIELDS)
    if "dimension" in data and data["dimension"].version_id != version.pk:
        raise ValidationError(_("This question belongs to another version."))
    question = save_audited(
        instance=question, data=data, actor=actor, action="assessments.question.saved"
    )
    _still_publishable(version)
    return question


@transaction.atomic
def scale_level_save(
    *, actor, version: InstrumentVersion, data: dict, level: ScaleLevel | None = None
) -> ScaleLevel:
    """Add a level to ``version``'s scale or change one. Coordinators; refused on a frozen
    version. Audited."""
    version = _editable(version)
    level = level or ScaleLevel(version=version)
    if level.version_id != version.pk:
        raise ValidationError(_("This level belongs to another version."))
    require(actor, "change" if level.pk else "add", level)
    level = save_audited(
        instance=level,
        data=_fields(data, LEVEL_FIELDS),
        actor=actor,
        action="assessments.level.saved",
    )
    _still_publishable(version)
    return level


@transaction.atomic
def dimension_delete(*, actor, dimension: Dimension) -> None:
    version = _editable(dimension.version)
    require(actor, "delete", dimension)
    audit_log(
        actor=actor, action="assessments.dimension.deleted", instance=dimension,
        before=snapshot(dimension),
    )  # fmt: skip
    dimension.delete()
    _still_publishable(version)


@transaction.atomic
def question_delete(*, actor, question: Question) -> None:
    version = _editable(question.dimension.version)
    require(actor, "delete", question)
    audit_log(
        actor=actor, action="assessments.question.deleted", instance=question,
        before=snapshot(question),
    )  # fmt: skip
    question.delete()
    _still_publishable(version)


@transaction.atomic
def version_publish(*, actor, version: InstrumentVersion) -> InstrumentVersion:
    """Publish a draft version: new rounds of the instrument use it from now on. Refused, with
    every reason, unless it has a scale whose every level is described, at least one dimension,
    a question in each, and weights that are not negative and do not add up to zero (per
    version for the dimensions, per dimension for the questions). Coordinators. Audited."""
    require(actor, "publish", version)
    version = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise ValidationError(_("This version is published already."))
    errors = publication_errors(version)
    if errors:
        raise ValidationError(errors)
    before = snapshot(version)
    version.status = InstrumentVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    audit_log(
        actor=actor,
        action="assessments.version.published",
        instance=version,
        before=before,
        after=snapshot(version),
    )
    return version


def current_version(instrument: Instrument) -> InstrumentVersion | None:
    """The version new rounds use: the latest published one."""
    return (
        instrument.versions.filter(status=InstrumentVersion.Status.PUBLISHED)
        .order_by("-number")
        .first()
    )


# --- rounds ------------------------------------------------------------------------------------


def eligible_respondents(*, organisation=None, unit=None):
    """The people who may answer a round of this subject: the CSO's active members (any role),
    or the active staff and officers of the unit's administration."""
    today = timezone.localdate()
    if organisation is not None:
        people = OrganisationMembership.objects.active(today).filter(organisation=organisation)
    else:
        people = AdministrationMembership.objects.active(today).filter(
            administration_id=unit.administration_id
        )
    return Person.objects.filter(pk__in=people.values("person_id")).order_by(
        "last_name", "first_name", "pk"
    )


@transaction.atomic
def round_open(
    *,
    actor,
    instrument: Instrument,
    title: str,
    respondents,
    organisation: Organisation | None = None,
    unit: AdministrationUnit | None = None,
    notify_respondents: bool = True,
) -> Round:
    """Open a round of ``instrument``'s current published version for one CSO or one unit,
    and ask ``respondents`` (people of that CSO or administration) to answer; each is notified
    (unless ``notify_respondents`` is false: the demo's past rounds). The CSO's admins or the
    officers of the unit's administration. Audited."""
    if (organisation is None) == (unit is None):
        raise ValidationError(_("A round assesses either one organisation or one unit."))
    kind = SubjectKind.ORGANISATION if organisation is not None else SubjectKind.UNIT
    if instrument.subject_kind != kind:
        raise ValidationError(
            {"instrument": _("This instrument assesses another kind of subject.")}
        )
    version = current_version(instrument)
    if version is None:
        raise ValidationError({"instrument": _("This instrument has no published version yet.")})
    round_ = Round(
        version=version,
        instrument=instrument,
        kind=kind,
        organisation=organisation,
        unit=unit,
        administration_id=unit.administration_id if unit else None,
        title=(title or "").strip(),
        opened_by=actor if getattr(actor, "pk", None) else None,
    )
    require(actor, "add", round_)
    people = list(respondents)
    if not people:
        raise ValidationError({"respondents": _("Choose at least one respondent.")})
    allowed = set(
        eligible_respondents(organisation=organisation, unit=unit).values_list("pk", flat=True)
    )
    if any(person.pk not in allowed for person in people):
        raise ValidationError(
            {"respondents": _("Respondents must be people of the assessed organisation.")}
        )
    round_.full_clean()
    round_.save()
    Respondent.objects.bulk_create([Respondent(round=round_, person=person) for person in people])
    audit_log(
        actor=actor,
        action="assessments.round.opened",
        instance=round_,
        after=snapshot(round_),
        data={"respondents": len(people)},
    )
    url = _absolute(round_.get_absolute_url())
    for person in people if notify_respondents else ():
        notify(
            person=person,
            kind="assessments.round.opened",
            subject=_("Please answer the assessment “%(title)s”") % {"title": round_.title},
            text=_(
                "%(subject)s assesses its capacity with “%(instrument)s”. Answer each question "
                "once, on the scale described beside it."
            )
            % {"subject": round_.subject_name, "instrument": instrument.name},
            url=url,
        )
    return round_


def _scale_values(version: InstrumentVersion) -> set[int]:
    return set(version.levels.values_list("value", flat=True))


@transaction.atomic
def answers_submit(
    *,
    actor,
    round: Round,
    answers: dict,
    person: Person | None = None,
) -> Respondent:
    """The actor's answers to every question of ``round``'s version, once:
    ``answers`` maps question id -> (value, comment). Refused, with nothing written, if the
    round is closed, the actor is not its respondent or has answered already, a question is
    left out or a value is outside the version's scale. ``person``: answers recorded for that
    respondent by the system (the demo, an import of paper questionnaires), never by a user.
    Audited (not the values)."""
    round_ = Round.objects.select_related("version").get(pk=round.pk)
    person_id = getattr(actor, "person_id", None)
    if person is not None:
        if not roles_of(actor).superuser:
            raise PermissionDenied
        person_id = person.pk
    respondent = (
        Respondent.objects.select_for_update()
        .select_related("round")
        .filter(round=round_, person_id=person_id)
        .first()
        if person_id
        else None
    )
    if respondent is None:
        raise ValidationError(_("You are not a respondent of this round."))
    if respondent.submitted_at is not None or respondent.answers.exists():
        raise ValidationError(_("You have answered this round already: answers are given once."))
    if not round_.is_open:
        raise ValidationError(_("This round is closed: it takes no more answers."))
    if person is None:
        require(actor, "answer", respondent)
    questions = list(Question.objects.filter(dimension__version=round_.version))
    scale = _scale_values(round_.version)
    low, high = min(scale), max(scale)
    errors = {}
    rows = []
    for question in questions:
        value, comment = answers.get(question.pk, answers.get(str(question.pk), (None, "")))
        try:
            value = int(value)
        except (TypeError, ValueError):
            errors[f"q{question.pk}"] = _("Answer this question.")
            continue
        if value not in scale or not 1 <= value <= MAX_SCALE:
            errors[f"q{question.pk}"] = _(
                "%(value)s is outside the scale: choose a level from %(low)s to %(high)s."
            ) % {"value": value, "low": low, "high": high}
            continue
        rows.append(
            Answer(
                round=round_,
                respondent=respondent,
                question=question,
                value=value,
                comment=(comment or "").strip()[:2000],
            )
        )
    unknown = {str(key) for key in answers} - {str(question.pk) for question in questions}
    if unknown:
        errors["__all__"] = _("Some answers are to questions of another version.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            Answer.objects.bulk_create(rows)
    except IntegrityError:
        raise ValidationError(
            _("You have answered this round already: answers are given once.")
        ) from None
    respondent.submitted_at = timezone.now()
    respondent.save(update_fields=["submitted_at"])
    audit_log(
        actor=actor,
        action="assessments.answers.submitted",
        instance=respondent,
        data={"round": round_.pk, "answers": len(rows)},
    )
    return respondent


@dataclass(frozen=True)
class Scores:
    dimensions: dict  # dimension id -> (score, respondents)
    overall: Decimal | None


def compute_scores(*, round: Round) -> Scores:
    """The scores of ``round`` from its answers: a question's mean over its answers, a
    dimension's score the weighted mean of its answered questions' means, the overall score the
    weighted mean of the scored dimensions (weights of the round's version). Exact decimals,
    rounded to thousandths at the end."""
    totals = {
        row["question_id"]: (row["total"], row["count"])
        for row in Answer.objects.filter(round=round)
        .values("question_id")
        .annotate(total=Sum("value"), count=Count("id"))
        .order_by()
    }
    respondents = round.respondents.filter(submitted_at__isnull=False).count()
    dimensions = {}
    overall_sum = Decimal(0)
    overall_weight = Decimal(0)
    for dimension in Dimension.objects.filter(version_id=round.version_id).prefetch_related(
        "questions"
    ):
        weighted = Decimal(0)
        weights = Decimal(0)
        for question in dimension.questions.all():
            if question.pk not in totals or question.weight <= 0:
                continue
            total, count = totals[question.pk]
            weighted += question.weight * Decimal(total) / Decimal(count)
            weights += question.weight
        if weights <= 0:
            continue
        score = weighted / weights
        dimensions[dimension.pk] = (_q(score), respondents)
        overall_sum += dimension.weight * score
        overall_weight += dimension.weight
    overall = _q(overall_sum / overall_weight) if overall_weight > 0 else None
    return Scores(dimensions=dimensions, overall=overall)


@transaction.atomic
def round_close(*, actor, round: Round) -> Round:
    """Close ``round``: its answers are consolidated into a score per dimension and overall
    (stored rows), its weak dimensions (below ``WEAK_SHARE`` of the scale's top) get the
    dimension's recommendation, and it becomes its subject's latest round of the instrument
    (the one peers are compared with). Refused while nobody has answered. The round's owners.
    Audited."""
    require(actor, "close", round)
    round_ = Round.objects.select_for_update().select_related("version").get(pk=round.pk)
    if not round_.is_open:
        raise ValidationError(_("This round is closed already."))
    if not round_.respondents.filter(submitted_at__isnull=False).exists():
        raise ValidationError(_("Nobody has answered yet: a round closes after the first answers."))
    scores = compute_scores(round=round_)
    now = timezone.now()
    subject = round_.subject_filter()
    Round.objects.filter(subject, instrument_id=round_.instrument_id, is_latest=True).update(
        is_latest=False
    )
    DimensionScore.objects.filter(
        subject, instrument_id=round_.instrument_id, is_latest=True
    ).update(is_latest=False)
    dimensions = {d.pk: d for d in Dimension.objects.filter(version_id=round_.version_id)}
    DimensionScore.objects.bulk_create(
        [
            DimensionScore(
                round=round_,
                dimension_id=dimension_id,
                instrument_id=round_.instrument_id,
                code=dimensions[dimension_id].code,
                organisation_id=round_.organisation_id,
                unit_id=round_.unit_id,
                is_latest=True,
                score=score,
                respondents=count,
            )
            for dimension_id, (score, count) in scores.dimensions.items()
        ]
    )
    top = max(_scale_values(round_.version))
    threshold = WEAK_SHARE * top
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                round=round_,
                dimension_id=dimension_id,
                score=score,
                text=dimensions[dimension_id].recommendation,
            )
            for dimension_id, (score, _count) in scores.dimensions.items()
            if score < threshold and dimensions[dimension_id].recommendation.strip()
        ]
    )
    before = snapshot(round_)
    round_.status = Round.Status.CLOSED
    round_.closed_at = now
    round_.overall_score = scores.overall
    round_.is_latest = True
    round_.save(update_fields=["status", "closed_at", "overall_score", "is_latest"])
    audit_log(
        actor=actor,
        action="assessments.round.closed",
        instance=round_,
        before=before,
        after=snapshot(round_),
    )
    return round_


@transaction.atomic
def round_publish(*, actor, round: Round, published: bool) -> Round:
    """Publish the results of a closed round (scores and recommendations get a public page) or
    take them back. The round's owners. Audited."""
    require(actor, "publish", round)
    round_ = Round.objects.select_for_update().get(pk=round.pk)
    if published and round_.is_open:
        raise ValidationError(_("Close the round before publishing its results."))
    if round_.is_published == published:
        return round_
    before = snapshot(round_)
    round_.is_published = published
    round_.published_at = timezone.now() if published else None
    round_.save(update_fields=["is_published", "published_at"])
    audit_log(
        actor=actor,
        action="assessments.round.published" if published else "assessments.round.unpublished",
        instance=round_,
        before=before,
        after=snapshot(round_),
    )
    return round_


# --- the action plan ---------------------------------------------------------------------------

ACTION_FIELDS = ["title", "description", "owner", "deadline", "recommendation"]


def action_owners(*, round: Round):
    """Who may be responsible for an action: the people of the round's subject."""
    return eligible_respondents(organisation=round.organisation, unit=round.unit)


@transaction.atomic
def action_create(*, actor, round: Round, data: dict) -> Action:
    """Add an action to ``round``'s plan (from one of its recommendations, or not), with an
    owner of the subject's people and a deadline. The round's owners; the owner is notified.
    Audited."""
    require(actor, "plan", round)
    if round.is_open:
        raise ValidationError(_("The plan is made once the round is closed."))
    data = _fields(data, ACTION_FIELDS)
    recommendation = data.get("recommendation")
    if recommendation is not None and recommendation.round_id != round.pk:
        raise ValidationError({"recommendation": _("This recommendation is of another round.")})
    owner = data.get("owner")
    if owner is not None and not action_owners(round=round).filter(pk=owner.pk).exists():
        raise ValidationError(
            {"owner": _("The responsible person must be of the assessed organisation.")}
        )
    action = Action(round=round)
    require(actor, "add", action)
    action = save_audited(
        instance=action, data=data, actor=actor, action="assessments.action.created"
    )
    if getattr(actor, "person_id", None) != action.owner_id:
        notify(
            person=action.owner,
            kind="assessments.action.assigned",
            subject=_("You are responsible for “%(title)s”") % {"title": action.title},
            text=_("An action of the capacity development plan of %(subject)s, due %(date)s.")
            % {"subject": round.subject_name, "date": action.deadline.strftime("%d.%m.%Y")},
            url=_absolute(f"{round.get_absolute_url()}plan/"),
        )
    return action


@transaction.atomic
def action_status_set(*, actor, action: Action, status: str) -> Action:
    """Move an action of the plan to ``status``. The round's owners. Audited."""
    require(actor, "change", action)
    if status not in Action.Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    action = Action.objects.select_for_update().get(pk=action.pk)
    return save_audited(
        instance=action,
        data={"status": status},
        actor=actor,
        action="assessments.action.status",
    )
