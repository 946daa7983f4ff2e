"""Who may do what with public consultations. See partnerstvo.core.permissions.

- Consultations are public from their publication, with their documents, sections and
  proposals (a hidden proposal is shown as hidden, with the reason).
- Only officers of the municipality's administration publish a consultation, change it, enter
  submissions received by e-mail or through the registry office, hide proposals, answer them,
  publish the справка and record the adoption (rule ``manage``). Coordinators and auditors read
  the back office's lists; they do not answer for a municipality.
- Any registered person may comment; whether the consultation is open is the service's
  question, answered with a message.
- Answer templates: the officers of their administration.
- The справка's PDF (a background job and its file): as the справка itself, whoever may read it
  once it is published; a draft's only the officers of its administration.
"""

from __future__ import annotations

from django.db.models import Q

from partnerstvo.core.permissions import ALL, Policy, either, only_if, register, within
from partnerstvo.directory.roles import roles_of

from .models import (
    AnswerTemplate,
    Comment,
    Consultation,
    ConsultationDocument,
    DraftVersion,
    Section,
    SummaryPdf,
)


def officer_of(user, field: str = "administration_id"):
    return within(field, list(roles_of(user).administrations))


@register(Consultation)
class ConsultationPolicy(Policy):
    def rule_view(self, user):
        return ALL

    def rule_add(self, user):
        return officer_of(user)

    def rule_manage(self, user):
        return officer_of(user)

    rule_change = rule_manage
    rule_answer = rule_manage

    def rule_list_back_office(self, user):
        return ALL if roles_of(user).reads_everything else officer_of(user)

    def rule_comment(self, user):
        return only_if(roles_of(user).authenticated)


class ConsultationPartPolicy(Policy):
    prefix = "consultation__"

    def rule_view(self, user):
        return ALL

    def rule_change(self, user):
        return officer_of(user, f"{self.prefix}administration_id")

    rule_add = rule_change
    rule_delete = rule_change


for _model, _prefix in (
    (ConsultationDocument, "consultation__"),
    (DraftVersion, "consultation__"),
    (Section, "version__consultation__"),
):
    register(_model)(
        type(f"{_model.__name__}Policy", (ConsultationPartPolicy,), {"prefix": _prefix})
    )


@register(Comment)
class CommentPolicy(Policy):
    def rule_view(self, user):
        return ALL

    def rule_moderate(self, user):
        return officer_of(user, "consultation__administration_id")

    rule_answer = rule_moderate
    rule_change = rule_moderate


@register(AnswerTemplate)
class AnswerTemplatePolicy(Policy):
    def rule_view(self, user):
        return ALL if roles_of(user).reads_everything else officer_of(user)

    def rule_change(self, user):
        return officer_of(user)

    rule_add = rule_change
    rule_delete = rule_change


@register(SummaryPdf)
class SummaryPdfPolicy(Policy):
    def rule_view(self, user):
        published = Q(draft=False, consultation__summary_published_at__isnull=False)
        return either(published, officer_of(user, "consultation__administration_id"))
