"""The services: editors change the structure, responsible partners report on their measure and
nothing else, other administrations and CSOs change nothing; bad input is refused with a clear
message and nothing is half-written; every write is audited."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from conftest import make_user
from partnerstvo.core.models import AuditEntry
from partnerstvo.core.permissions import SYSTEM, user_can
from partnerstvo.strategies import services
from partnerstvo.strategies.models import IndicatorValue, Measure, Milestone, Strategy

from .conftest import add_measure, build_strategy

pytestmark = pytest.mark.django_db


def messages_of(error):
    return [m for items in error.value.message_dict.values() for m in items]


def test_officers_create_a_draft_strategy_of_their_administration(officer, administration):
    strategy = build_strategy(administration, actor=officer, published=False)
    assert strategy.slug.startswith("plan-za-integrirano")
    assert not strategy.is_published
    assert list(strategy.municipalities.all()) == [administration.municipality]
    assert AuditEntry.objects.filter(action="strategies.strategy.created").exists()


def test_officers_of_another_administration_cannot_create_or_change(
    other_administration, administration, strategy, priority
):
    stranger = make_user("drug@go.example.bg")
    from partnerstvo.directory import services as directory
    from partnerstvo.directory.models import AdministrationMembership

    directory.administration_membership_save(
        actor=SYSTEM,
        membership=AdministrationMembership(),
        data={"person": stranger.person, "administration": other_administration, "role": "officer"},
    )
    with pytest.raises(PermissionDenied):
        build_strategy(administration, actor=stranger, published=False)
    with pytest.raises(PermissionDenied):
        services.strategy_update(actor=stranger, strategy=strategy, data={"title": "Х"})
    with pytest.raises(PermissionDenied):
        services.priority_save(actor=stranger, strategy=strategy, data={"code": "П9", "title": "Х"})
    assert strategy.priorities.count() == 1


def test_a_partner_reports_progress_values_and_milestones_of_its_measure(
    iskar_member, measure, indicator, milestone
):
    services.measure_report(actor=iskar_member, measure=measure, status="delayed", progress=55)
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == ("delayed", 55)
    value = services.indicator_value_record(
        actor=iskar_member, indicator=indicator, year=2023, value=Decimal("35"), note="по отчет"
    )
    services.indicator_value_update(actor=iskar_member, value=value, actual=Decimal("40"))
    assert IndicatorValue.objects.get(indicator=indicator, year=2023).value == 40
    services.milestone_reach(
        actor=iskar_member, milestone=milestone, reached_on=datetime.date(2023, 7, 2)
    )
    milestone.refresh_from_db()
    assert milestone.reached_on == datetime.date(2023, 7, 2)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "strategies.measure.reported",
        "strategies.indicator.value_recorded",
        "strategies.indicator.value_changed",
        "strategies.milestone.reached",
    } <= actions


def test_a_partner_changes_nothing_else(iskar_admin, strategy, priority, goal, measure, indicator):
    with pytest.raises(PermissionDenied):
        services.measure_save(
            actor=iskar_admin, goal=goal, measure=measure, data={"title": "Друго", "budget": 1}
        )
    with pytest.raises(PermissionDenied):
        services.strategy_update(actor=iskar_admin, strategy=strategy, data={"title": "Х"})
    with pytest.raises(PermissionDenied):
        services.goal_save(actor=iskar_admin, priority=priority, data={"code": "Ц9", "title": "Х"})
    with pytest.raises(PermissionDenied):
        services.indicator_save(
            actor=iskar_admin, indicator=indicator, data={"target_value": Decimal(1)}
        )
    with pytest.raises(PermissionDenied):
        services.strategy_publish(actor=iskar_admin, strategy=strategy, published=False)
    strategy_milestone = services.milestone_save(
        actor=SYSTEM,
        strategy=strategy,
        data={"title": "Отчет", "due_on": datetime.date(2024, 3, 1)},
    )
    with pytest.raises(PermissionDenied):
        services.milestone_reach(
            actor=iskar_admin, milestone=strategy_milestone, reached_on=datetime.date(2024, 3, 1)
        )
    measure.refresh_from_db()
    assert measure.title == "Мярка М1.1.1"


def test_another_cso_reports_on_nothing(go2000, go2000_editor, goal, measure, indicator, milestone):
    other = add_measure(
        goal,
        code="М2",
        partners=[{"organisation": go2000}],
    )
    assert user_can(go2000_editor, "report", other)
    for call in (
        lambda: services.measure_report(
            actor=go2000_editor, measure=measure, status="completed", progress=100
        ),
        lambda: services.indicator_value_record(
            actor=go2000_editor, indicator=indicator, year=2023, value=Decimal(1)
        ),
        lambda: services.milestone_reach(
            actor=go2000_editor, milestone=milestone, reached_on=datetime.date(2023, 1, 1)
        ),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert not IndicatorValue.objects.exists()


def test_officers_of_a_responsible_administration_report(goal, other_administration, strategy):
    officer2 = make_user("sluzhitel@go.example.bg")
    from partnerstvo.directory import services as directory
    from partnerstvo.directory.models import AdministrationMembership

    directory.administration_membership_save(
        actor=SYSTEM,
        membership=AdministrationMembership(),
        data={"person": officer2.person, "administration": other_administration, "role": "officer"},
    )
    measure = add_measure(goal, code="М3", partners=[{"administration": other_administration}])
    services.measure_report(actor=officer2, measure=measure, status="in_progress", progress=10)
    assert not user_can(officer2, "change", measure)
    assert not user_can(officer2, "change", strategy)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"progress": 150}, "progress"),
        ({"starts_on": datetime.date(2024, 5, 1), "ends_on": datetime.date(2024, 1, 1)}, "ends_on"),
        ({"starts_on": datetime.date(2019, 5, 1)}, "starts_on"),
        ({"weight": Decimal("-1")}, "weight"),
    ],
)
def test_bad_measures_are_refused_with_a_message(goal, data, field):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        add_measure(goal, code="Х", **data)
    assert field in error.value.message_dict
    assert not Measure.objects.filter(code="Х").exists()


def test_a_zero_weight_sum_is_refused_with_a_clear_message(goal, measure, priority, strategy):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.measure_save(actor=SYSTEM, goal=goal, measure=measure, data={"weight": 0})
    assert "add up to zero" in messages_of(error)[0]
    with pytest.raises(ValidationError):
        services.priority_save(
            actor=SYSTEM, strategy=strategy, priority=priority, data={"weight": 0}
        )
    with pytest.raises(ValidationError):
        services.goal_save(actor=SYSTEM, priority=priority, goal=goal, data={"weight": 0})
    # One weight of zero beside others is fine
    add_measure(goal, code="Z", weight=0)


def test_a_partner_cannot_report_progress_out_of_range_or_a_completed_measure_below_100(
    iskar_admin, measure
):
    with pytest.raises(ValidationError):
        services.measure_report(actor=iskar_admin, measure=measure, status="delayed", progress=150)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.measure_report(actor=iskar_admin, measure=measure, status="completed", progress=90)
    assert "100%" in messages_of(error)[0]
    measure.refresh_from_db()
    assert measure.progress == 40


def test_a_year_outside_the_period_and_a_duplicate_year_are_refused(iskar_admin, indicator):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.indicator_value_record(
            actor=iskar_admin, indicator=indicator, year=2030, value=Decimal(1)
        )
    assert "outside the strategy's period" in messages_of(error)[0]
    services.indicator_value_record(
        actor=iskar_admin, indicator=indicator, year=2022, value=Decimal(1)
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.indicator_value_record(
            actor=iskar_admin, indicator=indicator, year=2022, value=Decimal(2)
        )
    assert "already recorded" in error.value.message_dict["year"][0]
    assert IndicatorValue.objects.get().value == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"target_value": Decimal("-5")}, "target_value"),  # does not increase
        ({"target_year": 2031}, "target_year"),
        ({"baseline_year": 2005}, "baseline_year"),
    ],
)
def test_bad_indicators_are_refused(measure, data, field):
    base = {
        "name": "Х", "unit": "брой", "baseline_value": Decimal(0), "baseline_year": 2020,
        "target_value": Decimal(10), "target_year": 2027,
    }  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.indicator_save(actor=SYSTEM, measure=measure, data={**base, **data})
    assert field in error.value.message_dict


def test_a_strategy_cannot_end_before_it_starts_nor_publish_empty(administration):
    with pytest.raises(ValidationError) as error:
        build_strategy(administration, published=False, start_year=2027, end_year=2021)
    assert "end_year" in error.value.message_dict
    assert not Strategy.objects.exists()
    strategy = build_strategy(administration, published=False)
    with pytest.raises(ValidationError):
        services.strategy_publish(actor=SYSTEM, strategy=strategy)


def test_a_milestone_due_outside_the_period_or_reached_in_the_future_is_refused(
    strategy, milestone
):
    with pytest.raises(ValidationError):
        services.milestone_save(
            actor=SYSTEM,
            strategy=strategy,
            data={"title": "Х", "due_on": datetime.date(2035, 1, 1)},
        )
    with pytest.raises(ValidationError):
        services.milestone_reach(
            actor=SYSTEM, milestone=milestone, reached_on=datetime.date.today().replace(year=2099)
        )
    assert Milestone.objects.count() == 1


def test_partners_are_each_named_once_with_one_lead(goal, iskar, administration):
    with pytest.raises(ValidationError):
        add_measure(goal, code="Х", partners=[{"organisation": iskar}, {"organisation": iskar}])
    with pytest.raises(ValidationError):
        add_measure(
            goal,
            code="Y",
            partners=[
                {"organisation": iskar, "is_lead": True},
                {"administration": administration, "is_lead": True},
            ],
        )
    assert not Measure.objects.filter(code__in=["Х", "Y"]).exists()


def test_the_coordinator_edits_any_strategy(coordinator, strategy):
    services.strategy_update(actor=coordinator, strategy=strategy, data={"title": "Нов"})
    strategy.refresh_from_db()
    assert strategy.title == "Нов"


def test_drafts_are_seen_by_editors_and_the_coordinator_only(
    administration, officer, coordinator, iskar_admin
):
    draft = build_strategy(administration, published=False)
    assert user_can(officer, "view", draft)
    assert user_can(coordinator, "view", draft)
    assert not user_can(iskar_admin, "view", draft)
    assert not user_can(None, "view", draft)


def test_editors_delete_parts_and_partners_cannot(iskar_admin, officer, goal, measure, indicator):
    with pytest.raises(PermissionDenied):
        services.strategy_part_delete(actor=iskar_admin, instance=measure)
    zero = add_measure(goal, code="Z", weight=0)
    with pytest.raises(ValidationError):
        services.strategy_part_delete(actor=officer, instance=measure)  # leaves only weight 0
    services.strategy_part_delete(actor=officer, instance=zero)
    services.strategy_part_delete(actor=officer, instance=measure)
    assert not Measure.objects.exists()
    assert AuditEntry.objects.filter(action="strategies.measure.deleted").count() == 2
