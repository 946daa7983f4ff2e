"""Reads of capacity assessments, scoped by the user (``core.permissions.scope``) with their
relations joined: the rounds a person owns or answers, a round's results compared with its
subject's previous round and with the anonymous average of peers, and the action plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Prefetch, Q, QuerySet

from partnerstvo.core.permissions import scope
from partnerstvo.directory.models import AdministrationUnit, Organisation
from partnerstvo.directory.roles import roles_of

from .models import (
    Action,
    Dimension,
    DimensionScore,
    Instrument,
    InstrumentVersion,
    Recommendation,
    Respondent,
    Round,
    SubjectKind,
)

# Peers are averaged only when at least this many other subjects answered: fewer could let a
# reader work out one organisation's scores.
MIN_PEERS = 5


def _rounds() -> QuerySet[Round]:
    return Round.objects.select_related(
        "instrument", "version", "organisation", "unit", "administration"
    )


def round_list(*, user) -> QuerySet[Round]:
    """The rounds ``user`` may see that are theirs to run or answer (not every published one),
    newest first; coordinators and auditors see every round."""
    roles = roles_of(user)
    rounds = scope(user, "view", _rounds())
    if not roles.reads_everything:
        condition = Q(organisation_id__in=roles.orgs_with("admin")) | Q(
            administration_id__in=list(roles.administrations)
        )
        if roles.person_id:
            condition |= Q(
                pk__in=Respondent.objects.filter(person_id=roles.person_id).values("round_id")
            )
        rounds = rounds.filter(condition)
    return rounds.annotate(
        respondent_count=Count("respondents", distinct=True),
        answered_count=Count(
            "respondents", filter=Q(respondents__submitted_at__isnull=False), distinct=True
        ),
    ).order_by("-opened_at", "-pk")


def published_results() -> QuerySet[Round]:
    return _rounds().filter(is_published=True, status=Round.Status.CLOSED).order_by("-closed_at")


def owned_subjects(*, user) -> tuple[list[Organisation], list[AdministrationUnit]]:
    """The CSOs and units ``user`` may run rounds for."""
    roles = roles_of(user)
    organisations = list(
        Organisation.objects.filter(pk__in=roles.orgs_with("admin")).order_by("name")
    )
    units = list(
        AdministrationUnit.objects.filter(administration_id__in=list(roles.administrations))
        .select_related("administration")
        .order_by("administration__name", "name")
    )
    return organisations, units


def pending_answers(*, user) -> list[Respondent]:
    person_id = roles_of(user).person_id
    if not person_id:
        return []
    return list(
        Respondent.objects.filter(
            person_id=person_id, submitted_at__isnull=True, round__status=Round.Status.OPEN
        )
        .select_related("round__instrument", "round__organisation", "round__unit")
        .order_by("round__opened_at")
    )


def instruments(*, user) -> QuerySet[Instrument]:
    return scope(user, "view", Instrument.objects.all()).prefetch_related(
        Prefetch("versions", queryset=InstrumentVersion.objects.order_by("-number"))
    )


def version_for_editing(*, version: InstrumentVersion) -> InstrumentVersion:
    return (
        InstrumentVersion.objects.select_related("instrument")
        .prefetch_related(
            "levels",
            Prefetch("dimensions", queryset=Dimension.objects.prefetch_related("questions")),
        )
        .get(pk=version.pk)
    )


def questionnaire(*, round: Round) -> list[Dimension]:
    """The version's dimensions with their questions, in order."""
    return list(Dimension.objects.filter(version_id=round.version_id).prefetch_related("questions"))


def peer_average(*, round: Round) -> tuple[dict[str, Decimal], int]:
    """The average score per dimension code of the latest closed round of every *other* subject
    assessed with the same instrument, and how many subjects that is; ``({}, n)`` when fewer
    than ``MIN_PEERS`` — never an average that could reveal one organisation. One aggregate
    query over the stored scores."""
    peers = DimensionScore.objects.filter(instrument_id=round.instrument_id, is_latest=True)
    if round.kind == SubjectKind.ORGANISATION:
        peers = peers.exclude(organisation_id=round.organisation_id)
    else:
        peers = peers.exclude(unit_id=round.unit_id)
    rows = list(
        peers.values("code").annotate(average=Avg("score"), peers=Count("round_id")).order_by()
    )
    count = max((row["peers"] for row in rows), default=0)
    averages = {
        row["code"]: Decimal(str(row["average"])).quantize(Decimal("0.001"))
        for row in rows
        if row["peers"] >= MIN_PEERS
    }
    return (averages if count >= MIN_PEERS else {}), count


def previous_round(*, round: Round) -> Round | None:
    """The subject's closed round of the same instrument before this one, with its scores."""
    if round.closed_at is None:
        return None
    return (
        Round.objects.filter(
            round.subject_filter(),
            instrument_id=round.instrument_id,
            status=Round.Status.CLOSED,
            closed_at__lt=round.closed_at,
        )
        .order_by("-closed_at")
        .prefetch_related(
            Prefetch("scores", queryset=DimensionScore.objects.only("code", "score", "round_id"))
        )
        .first()
    )


@dataclass
class ResultRow:
    dimension: Dimension
    score: Decimal | None
    previous: Decimal | None
    peers: Decimal | None
    weak: bool = False

    @property
    def change(self) -> Decimal | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous


@dataclass
class Results:
    round: Round
    rows: list[ResultRow]
    scale_max: int
    previous: Round | None
    peer_count: int
    peers_shown: bool
    recommendations: list[Recommendation] = field(default_factory=list)


def round_results(*, round: Round) -> Results:
    """Everything the results page shows, in a fixed number of queries whatever the number of
    peers or rounds."""
    from .models import WEAK_SHARE

    scores = {
        score.dimension_id: score
        for score in DimensionScore.objects.filter(round=round).select_related("dimension")
    }
    dimensions = sorted(
        (score.dimension for score in scores.values()), key=lambda d: (d.order, d.pk)
    )
    scale_max = max((level.value for level in round.version.levels.all()), default=5)
    previous = previous_round(round=round)
    previous_scores = {s.code: s.score for s in previous.scores.all()} if previous else {}
    peers, peer_count = peer_average(round=round)
    threshold = WEAK_SHARE * scale_max
    rows = [
        ResultRow(
            dimension=dimension,
            score=scores[dimension.pk].score,
            previous=previous_scores.get(dimension.code),
            peers=peers.get(dimension.code),
            weak=scores[dimension.pk].score < threshold,
        )
        for dimension in dimensions
    ]
    recommendations = list(
        Recommendation.objects.filter(round=round)
        .select_related("dimension")
        .prefetch_related("actions")
        .order_by("score", "pk")
    )
    return Results(
        round=round,
        rows=rows,
        scale_max=scale_max,
        previous=previous,
        peer_count=peer_count,
        peers_shown=bool(peers),
        recommendations=recommendations,
    )


def action_plan(*, round: Round) -> list[Action]:
    return list(
        Action.objects.filter(round=round)
        .select_related("owner", "recommendation__dimension")
        .order_by("deadline", "pk")
    )


def own_answers(*, round: Round, user) -> list:
    from .models import Answer

    return list(
        scope(user, "view", Answer.objects.filter(round=round))
        .filter(respondent__person_id=roles_of(user).person_id)
        .select_related("question__dimension")
        .order_by("question__dimension__order", "question__order", "question_id")
    )
