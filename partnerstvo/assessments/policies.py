"""Who may do what with capacity assessments. See partnerstvo.core.permissions.

Instruments:
- A published version (its dimensions, questions and scale) is read by everyone: the method is
  open. Drafts are read by coordinators and auditors. Coordinators create instruments and
  versions, edit them and publish them.

Rounds (tenant: the CSO, or the administration of the unit):
- A round is run by its subject's owners: the CSO's admins, the officers of the unit's
  administration. They open it, choose its respondents, close it, publish its results and keep
  its action plan. Coordinators and auditors read every round, its results and plan; they change
  nothing (a round is the subject's own self-assessment).
- A respondent sees the round they were asked to answer, and their own answers; not the other
  respondents' answers, and not the results unless they also own the round or it is published.
- Published results (scores and recommendations) are public; the answers and the action plan
  stay private. Peer averages are never rows anyone reads: they are computed over the scores
  only when enough peers answered (``selectors.peer_average``).
"""

from __future__ import annotations

from django.db.models import Q

from partnerstvo.core.permissions import ALL, NONE, Policy, either, only_if, register, within
from partnerstvo.directory.roles import roles_of

from .models import (
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
)


def owned(user, prefix: str = ""):
    """The rounds (or their parts, through ``prefix``) whose subject ``user`` acts for."""
    roles = roles_of(user)
    if roles.superuser:
        return ALL  # the system (the demo, commands) and superusers, never a coordinator role
    return either(
        within(f"{prefix}organisation_id", roles.orgs_with("admin")),
        within(f"{prefix}administration_id", list(roles.administrations)),
    )


def may_run_any_round(user) -> bool:
    roles = roles_of(user)
    return bool(roles.superuser or roles.orgs_with("admin") or roles.administrations)


def _respondent_of(user, field: str):
    person_id = roles_of(user).person_id
    if not person_id:
        return NONE
    return within(field, Respondent.objects.filter(person_id=person_id).values("round_id"))


def visible_rounds(user, prefix: str = ""):
    if roles_of(user).reads_everything:
        return ALL
    field = f"{prefix[:-2]}_id" if prefix else "pk"
    return either(
        Q(**{f"{prefix}is_published": True, f"{prefix}status": Round.Status.CLOSED}),
        owned(user, prefix),
        _respondent_of(user, field),
    )


def visible_results(user, prefix: str = ""):
    if roles_of(user).reads_everything:
        return ALL
    return either(
        Q(**{f"{prefix}is_published": True, f"{prefix}status": Round.Status.CLOSED}),
        owned(user, prefix),
    )


def private_to_owners(user, prefix: str = ""):
    if roles_of(user).reads_everything:
        return ALL
    return owned(user, prefix)


# --- instruments -------------------------------------------------------------------------------


def _coordinates(user):
    return only_if(roles_of(user).is_coordinator)


def _published_or_reader(user, prefix: str):
    if roles_of(user).reads_everything:
        return ALL
    return Q(**{f"{prefix}status": InstrumentVersion.Status.PUBLISHED})


@register(Instrument)
class InstrumentPolicy(Policy):
    def rule_view(self, user):
        return ALL

    def rule_change(self, user):
        return _coordinates(user)

    rule_add = rule_change
    rule_manage = rule_change


@register(InstrumentVersion)
class InstrumentVersionPolicy(Policy):
    def rule_view(self, user):
        return _published_or_reader(user, "")

    def rule_change(self, user):
        return _coordinates(user)

    rule_add = rule_change
    rule_publish = rule_change


class _VersionPartPolicy(Policy):
    prefix = "version__"

    def rule_view(self, user):
        return _published_or_reader(user, self.prefix)

    def rule_change(self, user):
        return _coordinates(user)

    rule_add = rule_change
    rule_delete = rule_change


@register(ScaleLevel)
class ScaleLevelPolicy(_VersionPartPolicy):
    pass


@register(Dimension)
class DimensionPolicy(_VersionPartPolicy):
    pass


@register(Question)
class QuestionPolicy(_VersionPartPolicy):
    prefix = "dimension__version__"


# --- rounds ------------------------------------------------------------------------------------


@register(Round)
class RoundPolicy(Policy):
    def rule_view(self, user):
        return visible_rounds(user)

    def rule_view_results(self, user):
        return visible_results(user)

    def rule_add(self, user):
        return owned(user)

    def any_add(self, user):
        return may_run_any_round(user)

    def rule_change(self, user):
        return owned(user)

    rule_close = rule_change
    rule_publish = rule_change
    rule_plan = rule_change
    rule_delete = rule_change


@register(Respondent)
class RespondentPolicy(Policy):
    def rule_view(self, user):
        roles = roles_of(user)
        if roles.reads_everything:
            return ALL
        return either(
            Q(person_id=roles.person_id) if roles.person_id else NONE, owned(user, "round__")
        )

    def rule_answer(self, user):
        """Only the respondent, once, while the round is open."""
        person_id = roles_of(user).person_id
        if not person_id:
            return NONE
        return Q(person_id=person_id, submitted_at__isnull=True, round__status=Round.Status.OPEN)

    def rule_change(self, user):
        return owned(user, "round__")

    rule_add = rule_change
    rule_delete = rule_change


@register(Answer)
class AnswerPolicy(Policy):
    """Answers are the respondent's own: the round's owners see them only consolidated."""

    def rule_view(self, user):
        roles = roles_of(user)
        if roles.reads_everything:
            return ALL
        if not roles.person_id:
            return NONE
        return Q(respondent__person_id=roles.person_id)


@register(DimensionScore)
class DimensionScorePolicy(Policy):
    def rule_view(self, user):
        return visible_results(user, "round__")


@register(Recommendation)
class RecommendationPolicy(Policy):
    def rule_view(self, user):
        return visible_results(user, "round__")


@register(Action)
class ActionPolicy(Policy):
    def rule_view(self, user):
        return private_to_owners(user, "round__")

    def rule_change(self, user):
        return owned(user, "round__")

    rule_add = rule_change
    rule_delete = rule_change
