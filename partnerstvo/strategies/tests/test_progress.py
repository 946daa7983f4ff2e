"""Progress rolls up weighted from measures to goals, priorities and the strategy, cancelled
measures left out, in one query; and it equals the same computation by hand."""

from decimal import Decimal

import pytest

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.strategies import selectors, services
from partnerstvo.strategies.models import Indicator, Measure

from .conftest import add_measure

pytestmark = pytest.mark.django_db


def test_weighted_rollup_equals_a_computation_by_hand(strategy, priority, goal):
    # Goal Ц1.1: measures 40% (weight 1), 100% (weight 3), cancelled 0% (weight 5: left out)
    add_measure(goal, code="А", progress=40, weight=Decimal(1))
    add_measure(goal, code="Б", progress=100, weight=Decimal(3), status="completed")
    add_measure(goal, code="В", progress=0, weight=Decimal(5), status=Measure.Status.CANCELLED)
    # Goal Ц1.2 of the same priority, weight 2: one measure at 10%
    goal2 = services.goal_save(
        actor=SYSTEM, priority=priority, data={"code": "Ц1.2", "title": "Б", "weight": 2}
    )
    add_measure(goal2, code="Г", progress=10)
    # Priority П2, weight 3: one goal, one measure at 70%
    priority2 = services.priority_save(
        actor=SYSTEM, strategy=strategy, data={"code": "П2", "title": "Среда", "weight": 3}
    )
    goal3 = services.goal_save(
        actor=SYSTEM, priority=priority2, data={"code": "Ц2.1", "title": "В"}
    )
    add_measure(goal3, code="Д", progress=70)

    goal1_by_hand = (Decimal(40) * 1 + Decimal(100) * 3) / 4  # 85
    priority1_by_hand = (goal1_by_hand * 1 + Decimal(10) * 2) / 3  # 35
    strategy_by_hand = (priority1_by_hand * 1 + Decimal(70) * 3) / 4  # 61.25

    progress = selectors.progress_of([strategy])
    assert progress.goals[goal.pk] == goal1_by_hand == Decimal(85)
    assert progress.goals[goal2.pk] == 10
    assert progress.priorities[priority.pk] == priority1_by_hand
    assert progress.priorities[priority2.pk] == 70
    assert progress.strategies[strategy.pk] == strategy_by_hand
    page = selectors.strategy_page(strategy=strategy)
    assert page.progress == Decimal("61.3")  # shown with one decimal
    assert [p.progress for p in page.priorities] == [Decimal("35.0"), Decimal("70.0")]


def test_progress_is_one_query_for_any_number_of_strategies(
    strategy, goal, django_assert_num_queries
):
    for n in range(5):
        add_measure(goal, code=f"M{n}", progress=n * 10)
    with django_assert_num_queries(1):
        selectors.progress_of([strategy, strategy.pk + 1000])


def test_a_goal_of_cancelled_measures_only_has_no_progress_and_is_left_out(
    strategy, priority, goal
):
    add_measure(goal, code="А", progress=90, status=Measure.Status.CANCELLED)
    goal2 = services.goal_save(actor=SYSTEM, priority=priority, data={"code": "Ц2", "title": "Б"})
    add_measure(goal2, code="Б", progress=30)
    progress = selectors.progress_of([strategy])
    assert progress.goals[goal.pk] is None
    assert progress.priorities[priority.pk] == 30
    assert progress.strategies[strategy.pk] == 30


def test_zero_weights_left_fall_back_to_the_plain_mean():
    assert selectors.weighted_mean([(0, 20), (0, 40)]) == 30
    assert selectors.weighted_mean([]) is None
    assert selectors.weighted_mean([(1, None)]) is None


def test_an_empty_strategy_has_no_progress(strategy):
    assert selectors.strategy_page(strategy=strategy).progress is None


@pytest.mark.parametrize(
    ("baseline", "target", "actual", "expected"),
    [
        (0, 200, 50, Decimal("25.0")),
        (0, 200, 300, Decimal("100.0")),  # clipped
        (10, 20, 5, Decimal("0.0")),  # clipped
        (30, 10, 25, Decimal("25.0")),  # a decreasing indicator
        (0, 200, None, None),
    ],
)
def test_indicator_achievement(baseline, target, actual, expected):
    indicator = Indicator(baseline_value=Decimal(baseline), target_value=Decimal(target))
    assert indicator.achievement(None if actual is None else Decimal(actual)) == expected


def test_achievement_is_of_the_latest_year(indicator):
    services.indicator_value_record(actor=SYSTEM, indicator=indicator, year=2022, value=Decimal(20))
    services.indicator_value_record(actor=SYSTEM, indicator=indicator, year=2024, value=Decimal(90))
    row = selectors.strategy_page(strategy=indicator.strategy).indicators[0]
    assert row.latest_year == 2024
    assert row.achievement == Decimal("45.0")
