"""Fixtures of the strategies tests: a strategy of the administration of Долна Митрополия with a
priority, a goal and a measure for which Искър БГ is the responsible partner, built through the
services."""

import datetime
from decimal import Decimal

import pytest

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.strategies import services
from partnerstvo.strategies.models import Goal, Indicator, Measure, Priority, Strategy


def strategy_data(administration, **extra):
    return {
        "administration": administration,
        "title": "План за интегрирано развитие на община Долна Митрополия",
        "summary": "Планът за развитие на общината за периода 2021–2027.",
        "start_year": 2021,
        "end_year": 2027,
        "decision_body": "Общински съвет – Долна Митрополия",
        "decision_number": "245",
        "decision_date": datetime.date(2021, 9, 30),
        "status": Strategy.Status.IN_IMPLEMENTATION,
        **extra,
    }


def build_strategy(administration, *, published=True, actor=SYSTEM, **extra) -> Strategy:
    strategy = services.strategy_create(actor=actor, data=strategy_data(administration, **extra))
    if published:
        priority = services.priority_save(
            actor=actor, strategy=strategy, data={"code": "П1", "title": "Икономика"}
        )
        services.strategy_publish(actor=actor, strategy=strategy)
        strategy.refresh_from_db()
        strategy._first_priority = priority
    return strategy


def add_measure(goal, *, code="М1", partners=(), actor=SYSTEM, **data) -> Measure:
    return services.measure_save(
        actor=actor,
        goal=goal,
        data={"code": code, "title": f"Мярка {code}", **data},
        partners=list(partners),
    )


@pytest.fixture
def strategy(administration):
    return build_strategy(administration)


@pytest.fixture
def priority(strategy) -> Priority:
    return strategy.priorities.get(code="П1")


@pytest.fixture
def goal(priority) -> Goal:
    return services.goal_save(
        actor=SYSTEM, priority=priority, data={"code": "Ц1.1", "title": "Заетост"}
    )


@pytest.fixture
def measure(goal, iskar) -> Measure:
    return add_measure(
        goal,
        code="М1.1.1",
        partners=[{"organisation": iskar, "is_lead": True}],
        budget=Decimal("150000.00"),
        starts_on=datetime.date(2022, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        status=Measure.Status.IN_PROGRESS,
        progress=40,
    )


@pytest.fixture
def indicator(measure) -> Indicator:
    return services.indicator_save(
        actor=SYSTEM,
        measure=measure,
        data={
            "name": "Обучени младежи",
            "unit": "брой",
            "baseline_value": Decimal("0"),
            "baseline_year": 2020,
            "target_value": Decimal("200"),
            "target_year": 2027,
        },
    )


@pytest.fixture
def milestone(strategy, measure):
    return services.milestone_save(
        actor=SYSTEM,
        strategy=strategy,
        measure=measure,
        data={"title": "Първо обучение", "due_on": datetime.date(2023, 6, 30)},
    )
