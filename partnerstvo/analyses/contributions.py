"""What analyses tell CSO websites: the published analyses the organisation wrote or co-wrote,
for the website's activities page (registered with ``partnerstvo.core.contributions``). Drafts
never."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from partnerstvo.core.contributions import Contribution, register

from .models import AnalysisPartner, ProblemAnalysis


@register("analyses", sources=(ProblemAnalysis, AnalysisPartner))
def analyses_of(organisation, *, limit: int) -> list[Contribution]:
    """One query, whatever the number of analyses."""
    analyses = (
        ProblemAnalysis.objects.published()
        .filter(
            Q(organisation=organisation)
            | Q(
                pk__in=AnalysisPartner.objects.filter(organisation=organisation).values(
                    "analysis_id"
                )
            )
        )
        .order_by("-published_at", "-pk")[:limit]
    )
    return [
        Contribution(
            kind="analyses",
            title=analysis.title,
            date=timezone.localtime(analysis.published_at).date(),
            url=analysis.get_absolute_url(),
            summary=analysis.summary[:300],
        )
        for analysis in analyses
    ]
