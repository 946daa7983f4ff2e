"""Reads of public consultations: the public list, a consultation's page with its current
version and a page of proposals, the officers' answer screen, and the справка's rows. Relations
are joined here, so a page costs a fixed number of queries whatever the number of proposals."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from partnerstvo.core.permissions import scope

from .models import (
    AnswerTemplate,
    Comment,
    Consultation,
    ConsultationDocument,
    DraftVersion,
    Section,
)

Status = Consultation.Status


def status_filter(status: str, today=None) -> Q:
    today = today or timezone.localdate()
    not_answered = Q(summary_published_at__isnull=True, adopted_on__isnull=True)
    return {
        Status.PLANNED: not_answered & Q(starts_on__gt=today),
        Status.OPEN: not_answered & Q(starts_on__lte=today, ends_on__gte=today),
        Status.CLOSED: not_answered & Q(ends_on__lt=today),
        Status.ANSWERED: Q(summary_published_at__isnull=False, adopted_on__isnull=True),
        Status.ADOPTED: Q(adopted_on__isnull=False),
    }[status]


def public_consultation_list(*, status: str = "", municipality=None, kind: str = "") -> QuerySet:
    consultations = Consultation.objects.all()
    if status:
        consultations = consultations.filter(status_filter(status))
    if municipality is not None:
        consultations = consultations.filter(administration__municipality=municipality)
    if kind:
        consultations = consultations.filter(kind=kind)
    return (
        consultations.select_related("administration__municipality")
        .prefetch_related("areas")
        .annotate(comment_count=Count("comments"))
        .order_by("-starts_on", "-pk")
    )


def consultation_for_page(*, user, slug: str) -> Consultation:
    """The consultation at ``slug`` with its documents, areas and versions; raises
    ``Consultation.DoesNotExist``."""
    return (
        scope(user, "view", Consultation.objects.all())
        .select_related("administration__municipality")
        .prefetch_related(
            "areas",
            Prefetch("documents", queryset=ConsultationDocument.objects.order_by("pk")),
            Prefetch("versions", queryset=DraftVersion.objects.order_by("number")),
        )
        .get(slug=slug)
    )


def version_sections(version: DraftVersion | None) -> list[Section]:
    if version is None:
        return []
    return list(version.sections.order_by("order").annotate(comment_count=Count("comments")))


def comments_for_page(consultation: Consultation) -> QuerySet[Comment]:
    return consultation.comments.select_related("section", "on_behalf_of").order_by(
        "created_at", "pk"
    )


def comment_counts(consultation: Consultation) -> dict:
    counts = consultation.comments.aggregate(
        total=Count("pk"),
        hidden=Count("pk", filter=Q(hidden_at__isnull=False)),
        accepted=Count("pk", filter=Q(answer=Comment.Answer.ACCEPTED)),
        partly=Count("pk", filter=Q(answer=Comment.Answer.PARTLY)),
        not_accepted=Count("pk", filter=Q(answer=Comment.Answer.NOT_ACCEPTED)),
        unanswered=Count("pk", filter=Q(answer="")),
    )
    return counts


@dataclass
class SectionGroup:
    section: Section | None
    version_number: int | None
    comments: list[Comment] = field(default_factory=list)


def answer_groups(consultation: Consultation) -> list[SectionGroup]:
    """Every proposal grouped beside the section it is about (the whole draft first, then each
    version's sections in order); a section without proposals is left out."""
    comments = list(
        consultation.comments.select_related("section__version", "on_behalf_of").order_by(
            "section__version__number", "section__order", "created_at", "pk"
        )
    )
    groups: dict = {}
    whole = SectionGroup(section=None, version_number=None)
    for comment in comments:
        if comment.section_id is None:
            whole.comments.append(comment)
            continue
        group = groups.get(comment.section_id)
        if group is None:
            group = groups[comment.section_id] = SectionGroup(
                section=comment.section, version_number=comment.section.version.number
            )
        group.comments.append(comment)
    result = [whole] if whole.comments else []
    return result + list(groups.values())


def summary_rows(consultation: Consultation) -> QuerySet[Comment]:
    """The справка's rows: every proposal (hidden ones too) with its section and answer."""
    return consultation.comments.select_related("section__version", "on_behalf_of").order_by(
        "section__version__number", "section__order", "created_at", "pk"
    )


def summary_pdf_content(consultation: Consultation) -> tuple[str, int]:
    """What the справка's PDF shows, as a key (one query), with the number of its proposals.

    A published справка changes only when a proposal is hidden (its answers are fixed once it is
    published): its key is the publication and the hidden proposals. A draft changes with every
    proposal, answer and hiding, and with the consultation's own fields: its key holds them all."""
    facts = consultation.comments.aggregate(
        total=Count("pk"),
        hidden=Count("pk", filter=Q(hidden_at__isnull=False)),
        hidden_ids=Sum("pk", filter=Q(hidden_at__isnull=False)),
        last_hidden=Max("hidden_at"),
        last_answer=Max("answered_at"),
        last_comment=Max("pk"),
    )
    published = consultation.summary_published_at
    parts = [facts["hidden"], facts["hidden_ids"], facts["last_hidden"]]
    if published is None:
        parts += [facts["total"], facts["last_answer"], facts["last_comment"]]
        parts.append(consultation.updated_at)
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    state = f"published-{published.timestamp():.6f}" if published else "draft"
    return f"{state}-{digest}", facts["total"]


def answer_templates(consultation: Consultation) -> QuerySet[AnswerTemplate]:
    return AnswerTemplate.objects.filter(administration_id=consultation.administration_id).order_by(
        "title"
    )


def back_office_consultations(user) -> QuerySet[Consultation]:
    return (
        scope(user, "list_back_office", Consultation.objects.all())
        .select_related("administration__municipality")
        .annotate(
            comment_count=Count("comments"),
            unanswered_count=Count("comments", filter=Q(comments__answer="")),
        )
        .order_by("-starts_on", "-pk")
    )
