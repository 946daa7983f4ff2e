"""Who may do what with development strategies. See partnerstvo.core.permissions.

- Everyone reads a published strategy and everything in it; a draft (unpublished) is read only by
  its editors and by coordinators and auditors.
- A strategy's editors are the officers of the municipal administration that owns it, and the
  coordinators: they change its structure (priorities, goals, measures, their partners,
  indicators, milestones) and publish it. Officers of an administration create its strategies.
- A measure's responsible partners (the active members of a responsible CSO, the officers of a
  responsible administration) *report* on that measure: its status and progress, its indicators'
  actual values per year, its milestones reached — and nothing else. Editors report too.
"""

from __future__ import annotations

from django.db.models import Q

from partnerstvo.core.permissions import ALL, NONE, Policy, either, register, within
from partnerstvo.directory.roles import roles_of

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


def edited_strategies(user, administration_field: str = "administration_id"):
    """The strategies ``user`` edits: of an administration they are an officer of; every one
    for coordinators (and superusers: the system actor of the demo and commands)."""
    roles = roles_of(user)
    if roles.is_coordinator:
        return ALL
    return within(administration_field, list(roles.administrations))


def visible_strategies(user, prefix: str = ""):
    if roles_of(user).reads_everything:
        return ALL
    return either(
        Q(**{f"{prefix}is_published": True}),
        edited_strategies(user, f"{prefix}administration_id"),
    )


def partner_measure_ids(user):
    """A subquery of the measures ``user`` is a responsible partner of, or ``None``."""
    roles = roles_of(user)
    organisations = list(roles.organisations)
    administrations = list(roles.administrations)
    if not (organisations or administrations):
        return None
    condition = Q(pk__in=[])
    if organisations:
        condition |= Q(organisation_id__in=organisations)
    if administrations:
        condition |= Q(administration_id__in=administrations)
    return MeasurePartner.objects.filter(condition).values("measure_id")


def reported_measures(user, field: str = "pk", strategy_prefix: str = "strategy__"):
    """The measures ``user`` may report on: as a responsible partner, or as an editor."""
    partner_of = partner_measure_ids(user)
    return either(
        edited_strategies(user, f"{strategy_prefix}administration_id"),
        NONE if partner_of is None else within(field, partner_of),
    )


@register(Strategy)
class StrategyPolicy(Policy):
    def rule_view(self, user):
        return visible_strategies(user)

    def rule_add(self, user):
        return edited_strategies(user)

    def rule_change(self, user):
        return edited_strategies(user)

    rule_publish = rule_change
    rule_delete = rule_change


class _StrategyPartPolicy(Policy):
    """A part of a strategy (reached through ``prefix``) is read and edited with it."""

    prefix = "strategy__"

    def rule_view(self, user):
        return visible_strategies(user, self.prefix)

    def rule_change(self, user):
        return edited_strategies(user, f"{self.prefix}administration_id")

    rule_add = rule_change
    rule_delete = rule_change


@register(Priority)
class PriorityPolicy(_StrategyPartPolicy):
    pass


@register(Goal)
class GoalPolicy(_StrategyPartPolicy):
    prefix = "priority__strategy__"


@register(Measure)
class MeasurePolicy(_StrategyPartPolicy):
    def rule_report(self, user):
        return reported_measures(user)


@register(MeasurePartner)
class MeasurePartnerPolicy(_StrategyPartPolicy):
    prefix = "measure__strategy__"


@register(Indicator)
class IndicatorPolicy(_StrategyPartPolicy):
    def rule_report(self, user):
        # A goal's indicator has no partners: its editors report it.
        return reported_measures(user, "measure_id")


@register(IndicatorValue)
class IndicatorValuePolicy(_StrategyPartPolicy):
    prefix = "indicator__strategy__"

    def rule_report(self, user):
        return reported_measures(user, "indicator__measure_id", "indicator__strategy__")


@register(Milestone)
class MilestonePolicy(_StrategyPartPolicy):
    def rule_report(self, user):
        return reported_measures(user, "measure_id")
