"""Reads of development strategies: the list with its filters, a strategy's page (the whole tree
in a fixed number of queries, whatever the number of measures), a measure's page, the weighted
progress of every level, and the annual implementation report.

How progress rolls up (``rollup``): a goal's progress is the mean of its measures' progress
weighted by the measures' weights, cancelled measures left out; a priority's, the weighted mean
of its goals'; the strategy's, of its priorities'. A level with nothing to count (no measures,
or only cancelled ones) has no progress (``None``) and is left out of the level above. Weights
of a level cannot all be zero (the services refuse it); should they be (every measure with a
weight left is cancelled), the plain mean is used instead, so progress never divides by zero."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Q, QuerySet

from partnerstvo.core.permissions import scope

from .models import (
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasurePartner,
    Milestone,
    Priority,
    Strategy,
)

ONE_DECIMAL = Decimal("0.1")


def weighted_mean(pairs) -> Decimal | None:
    """The mean of ``(weight, value)`` pairs weighted, values ``None`` left out; the plain mean
    when the weights left add up to zero; ``None`` when nothing is left."""
    pairs = [(Decimal(w), Decimal(v)) for w, v in pairs if v is not None]
    if not pairs:
        return None
    total = sum(w for w, _v in pairs)
    if total == 0:
        return sum(v for _w, v in pairs) / len(pairs)
    return sum(w * v for w, v in pairs) / total


@dataclass
class Progress:
    goals: dict[int, Decimal | None] = field(default_factory=dict)
    priorities: dict[int, Decimal | None] = field(default_factory=dict)
    strategies: dict[int, Decimal | None] = field(default_factory=dict)

    @staticmethod
    def rounded(value: Decimal | None) -> Decimal | None:
        return None if value is None else value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


MEASURE_ROW = [
    "strategy_id",
    "goal__priority_id",
    "goal__priority__weight",
    "goal_id",
    "goal__weight",
    "weight",
    "progress",
    "status",
]


def rollup(rows) -> Progress:
    """Weighted progress of every goal, priority and strategy from the rows of their measures
    (``MEASURE_ROW`` tuples, from one query): one pass over the measures, then over the few
    goals and priorities."""
    by_goal: dict[int, list] = defaultdict(list)
    goal_of: dict[int, tuple] = {}
    priority_of: dict[int, tuple] = {}
    for (
        strategy_id,
        priority_id,
        priority_weight,
        goal_id,
        goal_weight,
        weight,
        progress,
        status,
    ) in rows:
        goal_of[goal_id] = (priority_id, goal_weight)
        priority_of[priority_id] = (strategy_id, priority_weight)
        if status != Measure.Status.CANCELLED:
            by_goal[goal_id].append((weight, progress))
    result = Progress()
    by_priority: dict[int, list] = defaultdict(list)
    for goal_id, (priority_id, goal_weight) in goal_of.items():
        value = weighted_mean(by_goal.get(goal_id, []))
        result.goals[goal_id] = value
        by_priority[priority_id].append((goal_weight, value))
    by_strategy: dict[int, list] = defaultdict(list)
    for priority_id, (strategy_id, priority_weight) in priority_of.items():
        value = weighted_mean(by_priority[priority_id])
        result.priorities[priority_id] = value
        by_strategy[strategy_id].append((priority_weight, value))
    for strategy_id, pairs in by_strategy.items():
        result.strategies[strategy_id] = weighted_mean(pairs)
    return result


def progress_of(strategies) -> Progress:
    """The progress of ``strategies`` (ids or rows) and of their goals and priorities, in one
    query."""
    ids = [getattr(s, "pk", s) for s in strategies]
    return rollup(Measure.objects.filter(strategy_id__in=ids).values_list(*MEASURE_ROW))


# --- lists -----------------------------------------------------------------------------------


def strategy_list(*, user, municipality=None, status: str = "") -> QuerySet[Strategy]:
    """The strategies ``user`` may read (published ones; drafts for their editors), newest
    period first, filtered by a municipality of their territory and by status."""
    strategies = scope(user, "view", Strategy.objects.all())
    if municipality is not None:
        strategies = strategies.filter(
            pk__in=Strategy.municipalities.through.objects.filter(municipality=municipality).values(
                "strategy_id"
            )
        )
    if status:
        strategies = strategies.filter(status=status)
    return (
        strategies.select_related("administration__municipality")
        .prefetch_related("municipalities")
        .order_by("-start_year", "title", "pk")
    )


def published_strategies() -> QuerySet[Strategy]:
    return Strategy.objects.filter(is_published=True)


# --- a strategy's page -------------------------------------------------------------------------


def _partners_prefetch() -> Prefetch:
    return Prefetch(
        "partners",
        queryset=MeasurePartner.objects.select_related("organisation", "administration").order_by(
            "-is_lead", "pk"
        ),
    )


def _indicators_queryset() -> QuerySet[Indicator]:
    return Indicator.objects.prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.order_by("year"))
    ).order_by("order", "pk")


@dataclass
class IndicatorRow:
    indicator: Indicator
    values: dict[int, Decimal]
    latest_year: int | None
    latest: Decimal | None
    achievement: Decimal | None
    cells: list[Decimal | None] = field(default_factory=list)  # the values of ``years``


def indicator_row(indicator: Indicator, years=()) -> IndicatorRow:
    values = {value.year: value.value for value in indicator.values.all()}
    latest_year = max(values) if values else None
    latest = values.get(latest_year) if latest_year else None
    return IndicatorRow(
        indicator=indicator,
        values=values,
        latest_year=latest_year,
        latest=latest,
        achievement=indicator.achievement(latest),
        cells=[values.get(year) for year in years],
    )


@dataclass
class StrategyPage:
    strategy: Strategy
    priorities: list[Priority]
    progress: Decimal | None
    budget: dict[str, Decimal]
    measure_count: int
    status_counts: dict[str, int]
    indicators: list[IndicatorRow]
    milestones: list[Milestone]
    years: list[int]

    @property
    def status_rows(self) -> list[tuple[str, int]]:
        return [(label, self.status_counts[value]) for value, label in Measure.Status.choices]


def strategy_for_page(*, user, slug: str) -> Strategy:
    """The strategy ``user`` may read, or ``Strategy.DoesNotExist``."""
    return (
        scope(user, "view", Strategy.objects.all())
        .select_related("administration__municipality")
        .prefetch_related("municipalities")
        .get(slug=slug)
    )


def strategy_page(*, strategy: Strategy) -> StrategyPage:
    """The whole tree of ``strategy``: priorities → goals → measures (with their partners and
    indicators), each with its progress (``progress`` on every row), budget totals per currency,
    every indicator and every milestone. A fixed number of queries."""
    measures = (
        Measure.objects.filter(strategy=strategy)
        .prefetch_related(_partners_prefetch())
        .order_by("order", "pk")
    )
    goals = Goal.objects.filter(priority__strategy=strategy).order_by("order", "pk")
    priorities = list(
        Priority.objects.filter(strategy=strategy)
        .prefetch_related(
            Prefetch("goals", queryset=goals.prefetch_related(Prefetch("measures", measures)))
        )
        .order_by("order", "pk")
    )
    progress = Progress()
    budget: dict[str, Decimal] = defaultdict(Decimal)
    status_counts: dict[str, int] = defaultdict(int)
    rows = []
    count = 0
    for priority in priorities:
        for goal in priority.goals.all():
            for measure in goal.measures.all():
                count += 1
                status_counts[measure.status] += 1
                if measure.budget is not None and measure.status != Measure.Status.CANCELLED:
                    budget[measure.currency] += measure.budget
                rows.append(
                    (
                        strategy.pk,
                        priority.pk,
                        priority.weight,
                        goal.pk,
                        goal.weight,
                        measure.weight,
                        measure.progress,
                        measure.status,
                    )
                )
                measure.strategy = strategy  # for its URL, without a query
    progress = rollup(rows)
    for priority in priorities:
        priority.progress = Progress.rounded(progress.priorities.get(priority.pk))
        for goal in priority.goals.all():
            goal.progress = Progress.rounded(progress.goals.get(goal.pk))
    indicators = [
        indicator_row(indicator)
        for indicator in _indicators_queryset()
        .filter(strategy=strategy)
        .select_related("measure", "goal")
    ]
    milestones = list(
        Milestone.objects.filter(strategy=strategy)
        .select_related("measure")
        .order_by("due_on", "pk")
    )
    # Each measure's own indicators and milestones, from the rows above (no query per measure).
    indicators_of: dict[int, list] = defaultdict(list)
    for row in indicators:
        if row.indicator.measure_id:
            indicators_of[row.indicator.measure_id].append(row.indicator)
    milestones_of: dict[int, list] = defaultdict(list)
    for milestone in milestones:
        if milestone.measure_id:
            milestones_of[milestone.measure_id].append(milestone)
    for priority in priorities:
        for goal in priority.goals.all():
            for measure in goal.measures.all():
                measure.indicator_list = indicators_of.get(measure.pk, [])
                measure.milestone_list = milestones_of.get(measure.pk, [])
    return StrategyPage(
        strategy=strategy,
        priorities=priorities,
        progress=Progress.rounded(progress.strategies.get(strategy.pk)),
        budget=dict(sorted(budget.items())),
        measure_count=count,
        status_counts={value: status_counts.get(value, 0) for value in Measure.Status.values},
        indicators=indicators,
        milestones=milestones,
        years=strategy.years,
    )


MEASURES_PER_PAGE = 50
TREE_ORDER = ["goal__priority__order", "goal__priority_id", "goal__order", "goal_id", "order", "pk"]
OVERVIEW_ROW = [*MEASURE_ROW, "budget", "currency", "pk"]


@dataclass
class StrategyOverview:
    """A strategy's page: the whole tree of priorities and goals with their progress, and one
    page of its measures (in tree order, under their goals), with their indicators and
    milestones; the figures (progress, budget, counts) are of every measure."""

    strategy: Strategy
    priorities: list[Priority]
    progress: Decimal | None
    budget: dict[str, Decimal]
    measure_count: int
    status_counts: dict[str, int]
    page_obj: object
    indicators: list[IndicatorRow]
    milestones: list[Milestone]
    years: list[int]


def strategy_overview(*, strategy: Strategy, page_number=None) -> StrategyOverview:
    """What a strategy's page shows (see ``StrategyOverview``): the same number of queries, and
    about the same work, whether the strategy has 5 measures or 500."""
    from django.core.paginator import Paginator

    rows = list(
        Measure.objects.filter(strategy=strategy).order_by(*TREE_ORDER).values_list(*OVERVIEW_ROW)
    )
    progress = rollup(row[: len(MEASURE_ROW)] for row in rows)
    budget: dict[str, Decimal] = defaultdict(Decimal)
    status_counts: dict[str, int] = defaultdict(int)
    first_page_of_goal: dict[int, int] = {}
    measures_of_goal: dict[int, int] = defaultdict(int)
    for index, row in enumerate(rows):
        status, amount, currency, goal_id = row[7], row[8], row[9], row[3]
        status_counts[status] += 1
        if amount is not None and status != Measure.Status.CANCELLED:
            budget[currency] += amount
        first_page_of_goal.setdefault(goal_id, index // MEASURES_PER_PAGE + 1)
        measures_of_goal[goal_id] += 1
    measures = (
        Measure.objects.filter(strategy=strategy)
        .prefetch_related(_partners_prefetch())
        .order_by(*TREE_ORDER)
    )
    page = Paginator(measures, MEASURES_PER_PAGE).get_page(page_number)
    on_page = list(page.object_list)
    by_goal: dict[int, list] = defaultdict(list)
    for measure in on_page:
        measure.strategy = strategy  # for its URL, without a query
        by_goal[measure.goal_id].append(measure)
    priorities = list(Priority.objects.filter(strategy=strategy).order_by("order", "pk"))
    goals = list(Goal.objects.filter(priority__strategy=strategy).order_by("order", "pk"))
    goals_of: dict[int, list] = defaultdict(list)
    for goal in goals:
        goal.progress = Progress.rounded(progress.goals.get(goal.pk))
        goal.page_measures = by_goal.get(goal.pk, [])
        goal.measure_count = measures_of_goal.get(goal.pk, 0)
        goal.measures_page = first_page_of_goal.get(goal.pk)
        goals_of[goal.priority_id].append(goal)
    for priority in priorities:
        priority.progress = Progress.rounded(progress.priorities.get(priority.pk))
        priority.goal_list = goals_of.get(priority.pk, [])
        priority.on_page = any(goal.page_measures for goal in priority.goal_list)
    ids = [measure.pk for measure in on_page]
    indicators = [
        indicator_row(indicator, strategy.years)
        for indicator in _indicators_queryset()
        .filter(strategy=strategy)
        .filter(Q(measure_id__in=ids) | Q(goal__isnull=False))
        .select_related("measure", "goal")
    ]
    milestones = list(
        Milestone.objects.filter(strategy=strategy)
        .filter(Q(measure_id__in=ids) | Q(measure__isnull=True))
        .select_related("measure")
        .order_by("due_on", "pk")
    )
    return StrategyOverview(
        strategy=strategy,
        priorities=priorities,
        progress=Progress.rounded(progress.strategies.get(strategy.pk)),
        budget=dict(sorted(budget.items())),
        measure_count=len(rows),
        status_counts={value: status_counts.get(value, 0) for value in Measure.Status.values},
        page_obj=page,
        indicators=indicators,
        milestones=milestones,
        years=strategy.years,
    )


def measure_for_page(*, user, strategy: Strategy, pk) -> Measure:
    """A measure of ``strategy`` with its goal, partners, indicators and milestones, or
    ``Measure.DoesNotExist``."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Measure.DoesNotExist from None
    measure = (
        scope(user, "view", Measure.objects.filter(strategy=strategy))
        .select_related("goal__priority")
        .prefetch_related(
            _partners_prefetch(),
            Prefetch("indicators", queryset=_indicators_queryset()),
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk")),
        )
        .get(pk=pk)
    )
    measure.strategy = strategy
    return measure


# --- the annual implementation report ----------------------------------------------------------


@dataclass
class ReportMeasure:
    priority: Priority
    goal: Goal
    measure: Measure
    partners: list[MeasurePartner]
    indicators: list[tuple[Indicator, Decimal | None, Decimal | None]]


@dataclass
class AnnualReport:
    strategy: Strategy
    year: int
    page: StrategyPage
    measures: list[ReportMeasure]
    indicators: list[tuple[IndicatorRow, Decimal | None, Decimal | None]]
    milestones_due: list[Milestone]
    milestones_reached: list[Milestone]
    generated: datetime.date


def annual_report(*, strategy: Strategy, year: int) -> AnnualReport:
    """The implementation report of ``strategy`` for ``year``: every measure (its status and
    progress as they stand now, budget, partners), every indicator's actual value of ``year``
    against its target, and the milestones due or reached in ``year``; the same number of
    queries as the page."""
    page = strategy_page(strategy=strategy)
    by_measure: dict[int, list] = defaultdict(list)
    indicators = []
    for row in page.indicators:
        actual = row.values.get(year)
        achievement = row.indicator.achievement(actual)
        indicators.append((row, actual, achievement))
        if row.indicator.measure_id:
            by_measure[row.indicator.measure_id].append((row.indicator, actual, achievement))
    measures = [
        ReportMeasure(
            priority=priority,
            goal=goal,
            measure=measure,
            partners=list(measure.partners.all()),
            indicators=by_measure.get(measure.pk, []),
        )
        for priority in page.priorities
        for goal in priority.goals.all()
        for measure in goal.measures.all()
    ]
    due = [m for m in page.milestones if m.due_on.year == year]
    reached = [m for m in page.milestones if m.reached_on and m.reached_on.year == year]
    return AnnualReport(
        strategy=strategy,
        year=year,
        page=page,
        measures=measures,
        indicators=indicators,
        milestones_due=due,
        milestones_reached=reached,
        generated=datetime.date.today(),
    )
