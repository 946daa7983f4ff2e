"""Writes of development strategies. Each service is keyword-only and atomic, checks its caller
with the platform's policies (``require``), validates (``full_clean`` and the rules of the level,
with a translated ``ValidationError`` before anything is written) and audits what it changes.

Two kinds of caller:
- a strategy's editors (officers of its administration, coordinators) change its structure:
  ``strategy_*``, ``priority_save``, ``goal_save``, ``measure_save``, ``measure_partners_set``,
  ``indicator_save``, ``milestone_save``;
- a measure's responsible partners report on it: ``measure_report`` (status and progress),
  ``indicator_value_record`` / ``indicator_value_update`` (actual values per year),
  ``milestone_reach``. These take only the fields a partner may change."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.permissions import require
from partnerstvo.core.services import save_audited
from partnerstvo.core.transliteration import unique_slug

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

STRATEGY_FIELDS = [
    "administration", "title", "summary", "municipalities", "start_year", "end_year",
    "decision_body", "decision_number", "decision_date", "decision_url", "status",
]  # fmt: skip
PRIORITY_FIELDS = ["code", "title", "description", "weight", "order"]
GOAL_FIELDS = ["code", "title", "weight", "order"]
MEASURE_FIELDS = [
    "code", "title", "description", "budget", "currency", "funding_source", "starts_on",
    "ends_on", "status", "progress", "weight", "order",
]  # fmt: skip
INDICATOR_FIELDS = [
    "name", "unit", "baseline_value", "baseline_year", "target_value", "target_year",
    "direction", "order",
]  # fmt: skip
MILESTONE_FIELDS = ["title", "due_on", "reached_on"]


def _only(data: dict, fields: list[str]) -> dict:
    return {key: value for key, value in data.items() if key in fields}


def _check_weights(*, siblings, instance, weight, label: str) -> None:
    """A level whose weights add up to zero has no progress to show: refuse the weight that
    makes it so (``siblings``: the level's rows, ``instance`` among them or new)."""
    others = siblings.exclude(pk=instance.pk) if instance.pk else siblings
    total = (others.aggregate(total=Sum("weight"))["total"] or Decimal(0)) + Decimal(weight or 0)
    if total <= 0:
        raise ValidationError(
            {
                "weight": _(
                    "The weights of the %(level)s add up to zero, so their progress cannot be "
                    "weighted: give at least one of them a weight above zero."
                )
                % {"level": label}
            }
        )


# --- the strategy --------------------------------------------------------------------------


@transaction.atomic
def strategy_create(*, actor, data: dict) -> Strategy:
    """Create a draft strategy of ``data["administration"]`` (unpublished). Its officers or a
    coordinator. Audited."""
    data = _only(data, STRATEGY_FIELDS)
    strategy = Strategy(administration=data.get("administration"))
    require(actor, "add", strategy)
    data["slug"] = unique_slug(
        f"{data.get('title', '')} {data.get('start_year', '')}",
        queryset=Strategy.objects.all(),
        max_length=100,
    )
    if not data.get("municipalities") and data.get("administration"):
        data["municipalities"] = [data["administration"].municipality]
    return save_audited(
        instance=strategy, data=data, actor=actor, action="strategies.strategy.created"
    )


@transaction.atomic
def strategy_update(*, actor, strategy: Strategy, data: dict) -> Strategy:
    """Change a strategy's description, period, decision or status (not its administration).
    Its editors. A shorter period must still hold every year recorded in it."""
    require(actor, "change", strategy)
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    data = _only(data, STRATEGY_FIELDS)
    data.pop("administration", None)
    start = data.get("start_year", strategy.start_year)
    end = data.get("end_year", strategy.end_year)
    if start and end and start <= end:
        outside = IndicatorValue.objects.filter(indicator__strategy=strategy).exclude(
            year__range=(start, end)
        )
        if outside.exists():
            raise ValidationError(
                {"end_year": _("Actual values are recorded for years outside this period.")}
            )
    return save_audited(
        instance=strategy, data=data, actor=actor, action="strategies.strategy.changed"
    )


@transaction.atomic
def strategy_publish(*, actor, strategy: Strategy, published: bool = True) -> Strategy:
    """Publish a strategy (everyone reads it, and the API lists it) or take it back to its
    editors. A strategy is published with at least one priority."""
    require(actor, "publish", strategy)
    if published and not strategy.priorities.exists():
        raise ValidationError(_("Add at least one priority before publishing the strategy."))
    return save_audited(
        instance=strategy,
        data={"is_published": published},
        actor=actor,
        action="strategies.strategy.published" if published else "strategies.strategy.unpublished",
    )


# --- the structure ---------------------------------------------------------------------------


@transaction.atomic
def priority_save(*, actor, strategy: Strategy, data: dict, priority: Priority | None = None):
    """Add a priority to ``strategy`` or change one of its priorities. Its editors."""
    priority = priority or Priority(strategy=strategy)
    if priority.strategy_id != strategy.pk:
        raise ValidationError(_("The priority belongs to another strategy."))
    require(actor, "change" if priority.pk else "add", priority)
    data = _only(data, PRIORITY_FIELDS)
    _check_weights(
        siblings=Priority.objects.filter(strategy=strategy),
        instance=priority,
        weight=data.get("weight", priority.weight),
        label=_("priorities of this strategy"),
    )
    return save_audited(
        instance=priority,
        data=data,
        actor=actor,
        action="strategies.priority.changed" if priority.pk else "strategies.priority.added",
    )


@transaction.atomic
def goal_save(*, actor, priority: Priority, data: dict, goal: Goal | None = None) -> Goal:
    """Add a goal to ``priority`` or change one of its goals. The strategy's editors."""
    goal = goal or Goal(priority=priority)
    if goal.priority_id != priority.pk:
        raise ValidationError(_("The goal belongs to another priority."))
    require(actor, "change" if goal.pk else "add", goal)
    data = _only(data, GOAL_FIELDS)
    _check_weights(
        siblings=Goal.objects.filter(priority=priority),
        instance=goal,
        weight=data.get("weight", goal.weight),
        label=_("goals of this priority"),
    )
    return save_audited(
        instance=goal,
        data=data,
        actor=actor,
        action="strategies.goal.changed" if goal.pk else "strategies.goal.added",
    )


def _clean_partners(partners) -> list[dict]:
    partners = [dict(p) for p in partners]
    keys = set()
    for partner in partners:
        organisation, administration = partner.get("organisation"), partner.get("administration")
        if bool(organisation) == bool(administration):
            raise ValidationError(
                {"partners": _("Each partner is either an organisation or an administration.")}
            )
        keys.add(("o", organisation.pk) if organisation else ("a", administration.pk))
    if len(keys) != len(partners):
        raise ValidationError({"partners": _("A partner is named twice.")})
    if sum(1 for p in partners if p.get("is_lead")) > 1:
        raise ValidationError({"partners": _("A measure has one lead partner.")})
    return partners


def _set_partners(*, actor, measure: Measure, partners) -> None:
    partners = _clean_partners(partners)
    before = [str(p.party) for p in measure.partners.all()]
    measure.partners.all().delete()
    rows = MeasurePartner.objects.bulk_create(
        [
            MeasurePartner(
                measure=measure,
                organisation=p.get("organisation"),
                administration=p.get("administration"),
                is_lead=bool(p.get("is_lead")),
            )
            for p in partners
        ]
    )
    audit_log(
        actor=actor,
        action="strategies.measure.partners",
        instance=measure,
        before={"partners": before},
        after={"partners": [str(row.party) for row in rows]},
    )


@transaction.atomic
def measure_save(
    *, actor, goal: Goal, data: dict, measure: Measure | None = None, partners=None
) -> Measure:
    """Add a measure to ``goal`` or change one (every field, and its responsible ``partners``:
    dicts of ``organisation`` or ``administration`` and ``is_lead``, when given). The strategy's
    editors. Audited."""
    strategy = goal.priority.strategy
    measure = measure or Measure(goal=goal, strategy=strategy)
    if measure.goal_id != goal.pk:
        raise ValidationError(_("The measure belongs to another goal."))
    require(actor, "change" if measure.pk else "add", measure)
    data = _only(data, MEASURE_FIELDS)
    _check_weights(
        siblings=Measure.objects.filter(goal=goal),
        instance=measure,
        weight=data.get("weight", measure.weight),
        label=_("measures of this goal"),
    )
    adding = measure.pk is None
    measure = save_audited(
        instance=measure,
        data=data,
        actor=actor,
        action="strategies.measure.added" if adding else "strategies.measure.changed",
    )
    if partners is not None:
        _set_partners(actor=actor, measure=measure, partners=partners)
    return measure


@transaction.atomic
def measure_partners_set(*, actor, measure: Measure, partners) -> Measure:
    """Replace the responsible partners of ``measure``. The strategy's editors."""
    require(actor, "change", measure)
    _set_partners(actor=actor, measure=measure, partners=partners)
    return measure


@transaction.atomic
def indicator_save(
    *,
    actor,
    data: dict,
    measure: Measure | None = None,
    goal: Goal | None = None,
    indicator: Indicator | None = None,
) -> Indicator:
    """Add an indicator to ``measure`` (or to ``goal``) or change one. The strategy's editors."""
    if indicator is None:
        if bool(measure) == bool(goal):
            raise ValidationError(_("An indicator belongs to a measure or to a goal."))
        strategy = measure.strategy if measure else goal.priority.strategy
        indicator = Indicator(strategy=strategy, measure=measure, goal=goal)
    require(actor, "change" if indicator.pk else "add", indicator)
    return save_audited(
        instance=indicator,
        data=_only(data, INDICATOR_FIELDS),
        actor=actor,
        action="strategies.indicator.changed" if indicator.pk else "strategies.indicator.added",
    )


@transaction.atomic
def milestone_save(
    *,
    actor,
    strategy: Strategy,
    data: dict,
    measure: Measure | None = None,
    milestone: Milestone | None = None,
) -> Milestone:
    """Add a milestone to ``strategy`` (or to one of its measures) or change one. Its editors."""
    milestone = milestone or Milestone(strategy=strategy, measure=measure)
    if milestone.strategy_id != strategy.pk:
        raise ValidationError(_("The milestone belongs to another strategy."))
    require(actor, "change" if milestone.pk else "add", milestone)
    return save_audited(
        instance=milestone,
        data=_only(data, MILESTONE_FIELDS),
        actor=actor,
        action="strategies.milestone.changed" if milestone.pk else "strategies.milestone.added",
    )


# --- reports of the responsible partners -----------------------------------------------------


@transaction.atomic
def measure_report(*, actor, measure: Measure, status: str, progress: int) -> Measure:
    """Record where ``measure`` stands: its status and progress (0–100). Its responsible
    partners and the strategy's editors; nothing else of the measure changes."""
    require(actor, "report", measure)
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if status == Measure.Status.COMPLETED and progress is not None and progress < 100:
        raise ValidationError(
            {"progress": _("A completed measure is at 100%: raise its progress or keep it open.")}
        )
    return save_audited(
        instance=measure,
        data={"status": status, "progress": progress},
        actor=actor,
        action="strategies.measure.reported",
    )


@transaction.atomic
def indicator_value_record(
    *, actor, indicator: Indicator, year: int, value: Decimal, note: str = ""
) -> IndicatorValue:
    """Record the actual value of ``indicator`` for ``year`` (once per year; a recorded one is
    changed with ``indicator_value_update``). The measure's responsible partners (a goal's
    indicator: the strategy's editors)."""
    require(actor, "report", indicator)
    if IndicatorValue.objects.filter(indicator=indicator, year=year).exists():
        raise ValidationError(
            {
                "year": _(
                    "A value for %(year)s is already recorded for this indicator: change that "
                    "one instead."
                )
                % {"year": year}
            }
        )
    row = IndicatorValue(indicator=indicator, year=year)
    return save_audited(
        instance=row,
        data={"value": value, "note": (note or "").strip()},
        actor=actor,
        action="strategies.indicator.value_recorded",
    )


@transaction.atomic
def indicator_value_update(
    *, actor, value: IndicatorValue, actual: Decimal, note: str = ""
) -> IndicatorValue:
    """Correct a recorded actual value (its year stays). As ``indicator_value_record``."""
    require(actor, "report", value)
    return save_audited(
        instance=value,
        data={"value": actual, "note": (note or "").strip()},
        actor=actor,
        action="strategies.indicator.value_changed",
    )


@transaction.atomic
def milestone_reach(*, actor, milestone: Milestone, reached_on: datetime.date | None) -> Milestone:
    """Record that ``milestone`` was reached on ``reached_on`` (``None``: not reached after
    all). A measure's milestone: its responsible partners; the strategy's: its editors."""
    require(actor, "report", milestone)
    if reached_on is not None and reached_on > datetime.date.today():
        raise ValidationError({"reached_on": _("A milestone cannot be reached in the future.")})
    before = snapshot(milestone)
    milestone.reached_on = reached_on
    milestone.full_clean()
    milestone.save(update_fields=["reached_on"])
    audit_log(
        actor=actor,
        action="strategies.milestone.reached",
        instance=milestone,
        before=before,
        after=snapshot(milestone),
    )
    return milestone


@transaction.atomic
def strategy_part_delete(*, actor, instance) -> None:
    """Delete a priority, goal, measure, indicator, actual value or milestone of a strategy
    (with what is below it). The strategy's editors. Refused when it would leave the remaining
    siblings' weights adding up to zero. Audited, with what was deleted."""
    require(actor, "delete", instance)
    siblings = {
        Priority: lambda: Priority.objects.filter(strategy_id=instance.strategy_id),
        Goal: lambda: Goal.objects.filter(priority_id=instance.priority_id),
        Measure: lambda: Measure.objects.filter(goal_id=instance.goal_id),
    }.get(type(instance))
    if siblings is not None:
        others = siblings().exclude(pk=instance.pk)
        if others.exists() and (others.aggregate(total=Sum("weight"))["total"] or 0) <= 0:
            raise ValidationError(
                _("Deleting it leaves the others with weights adding up to zero: give one of "
                  "them a weight above zero first.")
            )  # fmt: skip
    audit_log(
        actor=actor,
        action=f"strategies.{type(instance).__name__.lower()}.deleted",
        instance=instance,
        before=snapshot(instance),
    )
    instance.delete()
