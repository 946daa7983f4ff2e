"""Who may do what with problem analyses. See partnerstvo.core.permissions.

- Everyone reads a published analysis, with its rows and its public documents.
- An analysis is written by its owning party: the admins and editors of the owning CSO, the
  officers of the owning administration; and by coordinators (and superusers and the system
  actor). They create, change, publish and unpublish it, and add or remove its documents.
- Its own people read its draft and its internal documents: those who write it, every active
  member of the owning CSO, the admins and editors of a co-authoring CSO, the officers of a
  co-authoring administration; coordinators and auditors read everything.
- Anyone else does not see a draft at all (404), nor an internal document.
"""

from __future__ import annotations

from django.db.models import Q

from partnerstvo.core.permissions import ALL, NONE, Policy, both, either, register, within
from partnerstvo.directory.roles import roles_of

from .models import (
    AnalysisAuthor,
    AnalysisDocument,
    AnalysisPartner,
    Finding,
    ProblemAnalysis,
    Recommendation,
    Stakeholder,
    SwotItem,
)

WRITING_ROLES = ("admin", "editor")


def may_write_any(user) -> bool:
    """May ``user`` write an analysis for some party at all?"""
    roles = roles_of(user)
    return bool(roles.is_coordinator or roles.orgs_with(*WRITING_ROLES) or roles.administrations)


def writable(user, prefix: str = ""):
    """The analyses ``user`` writes: of the CSOs they are an admin or editor of, of the
    administrations they are an officer of; every one for a coordinator."""
    roles = roles_of(user)
    if roles.is_coordinator:
        return ALL
    return either(
        within(f"{prefix}organisation_id", roles.orgs_with(*WRITING_ROLES)),
        within(f"{prefix}administration_id", list(roles.administrations)),
    )


def _coauthored(user, field: str):
    """The analyses a party ``user`` writes for is a co-author of."""
    roles = roles_of(user)
    organisations = roles.orgs_with(*WRITING_ROLES)
    administrations = list(roles.administrations)
    if not (organisations or administrations):
        return NONE
    partners = AnalysisPartner.objects.filter(
        Q(organisation_id__in=organisations) | Q(administration_id__in=administrations)
    )
    return within(field, partners.values("analysis_id"))


def insiders(user, prefix: str = ""):
    """The analyses whose drafts and internal documents ``user`` reads."""
    roles = roles_of(user)
    if roles.reads_everything:
        return ALL
    field = f"{prefix[:-2]}_id" if prefix else "pk"
    return either(
        writable(user, prefix),
        within(f"{prefix}organisation_id", list(roles.organisations)),
        _coauthored(user, field),
    )


def visible(user, prefix: str = ""):
    return either(
        Q(**{f"{prefix}status": ProblemAnalysis.Status.PUBLISHED}), insiders(user, prefix)
    )


@register(ProblemAnalysis)
class ProblemAnalysisPolicy(Policy):
    def rule_view(self, user):
        return visible(user)

    def rule_view_internal(self, user):
        return insiders(user)

    def rule_add(self, user):
        # Over the record's own owner fields, so an unsaved analysis is judged without a query.
        return writable(user)

    def any_add(self, user):
        return may_write_any(user)

    def rule_change(self, user):
        return writable(user)

    rule_publish = rule_change
    rule_unpublish = rule_change
    rule_delete = rule_change


class _RowPolicy(Policy):
    def rule_view(self, user):
        return visible(user, "analysis__")

    def rule_change(self, user):
        return writable(user, "analysis__")

    rule_add = rule_change
    rule_delete = rule_change


@register(AnalysisPartner)
class AnalysisPartnerPolicy(_RowPolicy):
    pass


@register(Stakeholder)
class StakeholderPolicy(_RowPolicy):
    pass


@register(Finding)
class FindingPolicy(_RowPolicy):
    pass


@register(SwotItem)
class SwotItemPolicy(_RowPolicy):
    pass


@register(Recommendation)
class RecommendationPolicy(_RowPolicy):
    pass


@register(AnalysisAuthor)
class AnalysisAuthorPolicy(_RowPolicy):
    pass


@register(AnalysisDocument)
class AnalysisDocumentPolicy(_RowPolicy):
    def rule_view(self, user):
        return either(
            both(Q(is_public=True), visible(user, "analysis__")), insiders(user, "analysis__")
        )
