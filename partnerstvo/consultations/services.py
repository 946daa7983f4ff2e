"""Writes to public consultations: publication, versions of the draft, proposals, moderation,
answers, the справка and the adoption.

Every service is keyword-only, atomic, checks the policy (``require``), validates everything
before it writes, audits, and sends its e-mails on commit. A step the consultation's state does
not allow raises ``ValidationError`` with a message saying why (and naming the rule of the law
where there is one), and changes nothing.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.permissions import require
from partnerstvo.core.services import save_audited
from partnerstvo.core.transliteration import unique_slug
from partnerstvo.directory.roles import roles_of

from . import notices, selectors
from . import sections as splitter
from .models import (
    MINIMUM_DAYS,
    SHORTENED_MINIMUM_DAYS,
    AnswerTemplate,
    Comment,
    Consultation,
    ConsultationDocument,
    DraftVersion,
    Section,
    SummaryPdf,
)
from .validators import validate_document, validate_docx

Kind = ConsultationDocument.Kind
MAX_COMMENT_LENGTH = 10_000

DOCUMENT_FIELDS = {
    Kind.DRAFT: "draft_document",
    Kind.MOTIVES: "motives_document",
    Kind.IMPACT: "impact_document",
}


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def check_period(*, starts_on, ends_on, reason: str) -> None:
    """At least 30 days; 14 to 29 only with a stated reason (чл. 26, ал. 4 ЗНА)."""
    if not starts_on or not ends_on:
        return
    days = (ends_on - starts_on).days
    if days < SHORTENED_MINIMUM_DAYS:
        raise ValidationError(
            {
                "ends_on": _(
                    "The period for comments is %(days)s days; the law allows no fewer than "
                    "%(minimum)s even with a reason (чл. 26, ал. 4 ЗНА)."
                )
                % {"days": days, "minimum": SHORTENED_MINIMUM_DAYS}
            },
            code="period_too_short",
        )
    if days < MINIMUM_DAYS and not (reason or "").strip():
        raise ValidationError(
            {
                "short_period_reason": _(
                    "The period for comments is %(days)s days: a period shorter than %(minimum)s "
                    "days needs a stated reason, which is published (чл. 26, ал. 4 ЗНА)."
                )
                % {"days": days, "minimum": MINIMUM_DAYS}
            },
            code="reason_required",
        )


def _parts(*, text: str = "", docx=None) -> list[splitter.Part]:
    if docx:
        try:
            validate_docx(docx)
        except ValidationError as error:
            raise ValidationError({"docx": error.messages}) from None
        return splitter.split_docx(docx)
    return splitter.split_text(text)


def _collect(errors: dict, error: ValidationError, key: str = "__all__") -> None:
    """Add a refusal's messages to ``errors``, beside its fields (or ``key``)."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {key: error.messages}
    for name, messages in by_field.items():
        errors.setdefault(name, []).extend(messages)


def _write_version(*, actor, consultation, parts, note: str) -> DraftVersion:
    last = consultation.versions.order_by("-number").values_list("number", flat=True).first()
    version = DraftVersion.objects.create(
        consultation=consultation, number=(last or 0) + 1, note=note, created_by=_user(actor)
    )
    Section.objects.bulk_create(
        Section(version=version, order=index, heading=part.heading, text=part.text)
        for index, part in enumerate(parts, start=1)
    )
    audit_log(
        actor=actor,
        action="consultations.version.created",
        instance=version,
        after={"number": version.number, "note": note, "sections": len(parts)},
    )
    return version


def _document(consultation, kind, file, title: str = "") -> ConsultationDocument:
    document = ConsultationDocument(
        consultation=consultation,
        kind=kind,
        title=title or str(Kind(kind).label),
        file=file,
        filename=Path(file.name or "").name[:255],
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def consultation_create(
    *, actor, data: dict, documents: dict, text: str = "", docx=None
) -> Consultation:
    """Publish a draft act or policy for comments. ``documents`` maps a document kind (draft,
    motives, impact) to its file; the draft's text is ``text`` or a DOCX file, cut into
    sections. An officer of the municipality's administration; nothing is written on refusal."""
    data = dict(data)
    if not data.get("administration"):
        administrations = list(roles_of(actor).administrations)
        if len(administrations) != 1:
            raise ValidationError(
                {"administration": _("Choose the administration that publishes the draft.")},
                code="required",
            )
        data["administration_id"] = administrations[0]
        data.pop("administration", None)
    consultation = Consultation(created_by=_user(actor))
    if "administration" in data:
        consultation.administration = data.pop("administration")
    else:
        consultation.administration_id = data.pop("administration_id")
    require(actor, "add", consultation)

    errors: dict[str, list] = {}
    if data.get("starts_on") and data["starts_on"] < timezone.localdate():
        errors["starts_on"] = [
            _("The period for comments starts on the day of publication or later, not before.")
        ]
    try:
        check_period(
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            reason=data.get("short_period_reason", ""),
        )
    except ValidationError as error:
        _collect(errors, error, "ends_on")
    required = [Kind.DRAFT, Kind.MOTIVES]
    if data.get("kind") == Consultation.Kind.ORDINANCE:
        required.append(Kind.IMPACT)
    for kind in required:
        if not documents.get(kind):
            errors.setdefault(DOCUMENT_FIELDS[kind], []).append(
                _("Attach the %(document)s.") % {"document": str(Kind(kind).label).lower()}
                if kind != Kind.IMPACT
                else _("An ordinance needs its preliminary impact assessment (чл. 28, ал. 2 ЗНА).")
            )
    for kind, file in documents.items():
        if file:
            try:
                validate_document(file)
            except ValidationError as error:
                errors.setdefault(DOCUMENT_FIELDS.get(kind, "__all__"), []).extend(error.messages)
    parts = []
    try:
        parts = _parts(text=text, docx=docx)
    except ValidationError as error:
        _collect(errors, error, "text")
    if errors:
        raise ValidationError(errors)

    data["slug"] = unique_slug(data.get("title", ""), queryset=Consultation.objects.all())
    consultation = save_audited(
        instance=consultation,
        data=data,
        actor=actor,
        action="consultations.consultation.published",
    )
    for kind, file in documents.items():
        if file:
            _document(consultation, kind, file)
    _write_version(actor=actor, consultation=consultation, parts=parts, note="")
    if consultation.status == Consultation.Status.OPEN:
        transaction.on_commit(lambda: notices.announce_opened(consultation))
    return consultation


EDITABLE_FIELDS = {
    "title",
    "summary",
    "responsible_name",
    "responsible_email",
    "responsible_phone",
    "target_groups",
    "areas",
    "ends_on",
    "short_period_reason",
}


@transaction.atomic
def consultation_update(*, actor, consultation: Consultation, data: dict) -> Consultation:
    """Correct the description, the contacts, or extend the period (never shorten it below
    the law's minimum, nor change it once the consultation has ended)."""
    stored = Consultation.objects.select_for_update().get(pk=consultation.pk)
    require(actor, "change", stored)
    data = {key: value for key, value in data.items() if key in EDITABLE_FIELDS}
    ends_on = data.get("ends_on", stored.ends_on)
    if ends_on != stored.ends_on:
        if stored.has_ended:
            raise ValidationError(
                {"ends_on": _("The consultation has ended; its period can no longer change.")},
                code="ended",
            )
        if ends_on < timezone.localdate():
            raise ValidationError(
                {"ends_on": _("The last day for comments cannot be in the past.")},
                code="past",
            )
    check_period(
        starts_on=stored.starts_on,
        ends_on=ends_on,
        reason=data.get("short_period_reason", stored.short_period_reason),
    )
    return save_audited(
        instance=consultation, data=data, actor=actor, action="consultations.consultation.changed"
    )


@transaction.atomic
def version_create(
    *, actor, consultation: Consultation, text: str = "", docx=None, note: str = ""
) -> DraftVersion:
    """A new version of the draft (after the comments, or to correct it while open)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    require(actor, "manage", consultation)
    if consultation.adopted_on:
        raise ValidationError(
            _("The act has been adopted; the draft can no longer change."), code="adopted"
        )
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what changed in this version.")}, code="required")
    parts = _parts(text=text, docx=docx)
    return _write_version(actor=actor, consultation=consultation, parts=parts, note=note.strip())


def current_version(consultation: Consultation) -> DraftVersion | None:
    return consultation.versions.order_by("-number").first()


def _check_section(consultation, section, quote) -> None:
    if section is not None and section.version.consultation_id != consultation.pk:
        raise ValidationError(
            {"section": _("That section is not of this draft.")}, code="foreign_section"
        )
    quote = (quote or "").strip()
    if quote:
        if section is None:
            raise ValidationError(
                {"section": _("Choose the section the quoted passage is from.")},
                code="quote_without_section",
            )
        if " ".join(quote.split()) not in " ".join(section.text.split()):
            raise ValidationError(
                {
                    "quote": _("The quoted passage is not in the text of %(section)s.")
                    % {"section": section.heading}
                },
                code="quote_not_found",
            )


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your proposal.")}, code="required")
    if len(text) > MAX_COMMENT_LENGTH:
        raise ValidationError(
            {
                "text": _(
                    "A proposal is at most %(limit)s characters; attach a longer one "
                    "as a submission to the administration."
                )
                % {"limit": MAX_COMMENT_LENGTH}
            },
            code="too_long",
        )
    return text


def refuse_unless_open(consultation: Consultation) -> None:
    today = timezone.localdate()
    if consultation.status_on(today) == Consultation.Status.PLANNED:
        raise ValidationError(
            _("Comments are accepted from %(date)s.") % {"date": _date(consultation.starts_on)},
            code="not_yet_open",
        )
    if today > consultation.ends_on or consultation.summary_published_at:
        raise ValidationError(
            _("The consultation ended on %(date)s; comments are no longer accepted.")
            % {"date": _date(consultation.ends_on)},
            code="ended",
        )


@transaction.atomic
def comment_create(
    *,
    actor,
    consultation: Consultation,
    text: str,
    section: Section | None = None,
    quote: str = "",
    on_behalf_of=None,
    show_name: bool = False,
) -> Comment:
    """A registered person's proposal, as themselves or on behalf of a CSO they belong to."""
    require(actor, "comment", consultation)
    refuse_unless_open(consultation)
    text = _check_text(text)
    _check_section(consultation, section, quote)
    if on_behalf_of is not None and on_behalf_of.pk not in roles_of(actor).organisations:
        raise ValidationError(
            {
                "on_behalf_of": _(
                    "You can comment on behalf only of an organisation you are a member of."
                )
            },
            code="not_a_member",
        )
    person = getattr(actor, "person", None)
    comment = Comment.objects.create(
        consultation=consultation,
        section=section,
        quote=(quote or "").strip(),
        text=text,
        author=_user(actor),
        author_name=(person.full_name if person else actor.get_full_name())[:200],
        show_name=bool(show_name),
        on_behalf_of=on_behalf_of,
    )
    audit_log(
        actor=actor,
        action="consultations.comment.created",
        instance=comment,
        after=snapshot(comment),
    )
    return comment


@transaction.atomic
def comment_enter(*, actor, consultation: Consultation, data: dict) -> Comment:
    """A submission received by e-mail or through the registry office, entered by an officer
    with its incoming number and date (received within the period)."""
    require(actor, "manage", consultation)
    if consultation.summary_published_at:
        raise ValidationError(
            _("The справка has been published; no more submissions can be entered."),
            code="summary_published",
        )
    errors = {}
    channel = data.get("channel")
    if channel not in (Comment.Channel.EMAIL, Comment.Channel.REGISTRY):
        errors["channel"] = _("Say how the submission arrived: by e-mail or the registry office.")
    if not (data.get("incoming_number") or "").strip():
        errors["incoming_number"] = _("Enter the submission's incoming number.")
    received_on = data.get("received_on")
    if not received_on:
        errors["received_on"] = _("Enter the date the submission was received.")
    elif received_on < consultation.starts_on or received_on > consultation.ends_on:
        errors["received_on"] = _(
            "The submission was received on %(date)s, outside the period for comments "
            "(%(start)s – %(end)s)."
        ) % {
            "date": _date(received_on),
            "start": _date(consultation.starts_on),
            "end": _date(consultation.ends_on),
        }
    if not (
        (data.get("author_name") or "").strip() or (data.get("organisation_name") or "").strip()
    ):
        errors["author_name"] = _("Enter the name of the person or the organisation who sent it.")
    if errors:
        raise ValidationError(errors)
    text = _check_text(data.get("text", ""))
    section = data.get("section")
    _check_section(consultation, section, data.get("quote", ""))
    comment = Comment.objects.create(
        consultation=consultation,
        section=section,
        quote=(data.get("quote") or "").strip(),
        text=text,
        author_name=(data.get("author_name") or "").strip()[:200],
        organisation_name=(data.get("organisation_name") or "").strip()[:300],
        show_name=bool(data.get("show_name")),
        channel=channel,
        incoming_number=data["incoming_number"].strip()[:50],
        received_on=received_on,
        entered_by=_user(actor),
        created_at=timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(12))),
    )
    audit_log(
        actor=actor,
        action="consultations.comment.entered",
        instance=comment,
        after=snapshot(comment),
    )
    return comment


@transaction.atomic
def comment_hide(*, actor, comment: Comment, reason: str) -> Comment:
    """Hide a proposal's text from the public page, with the reason shown in its place. It
    still counts and still needs an answer."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    require(actor, "moderate", comment)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"hidden_reason": _("Say why the comment is hidden; the reason is shown publicly.")},
            code="required",
        )
    before = {"hidden_reason": comment.hidden_reason}
    comment.hidden_reason = reason[:300]
    comment.hidden_at = timezone.now()
    comment.save(update_fields=["hidden_reason", "hidden_at"])
    audit_log(
        actor=actor,
        action="consultations.comment.hidden",
        instance=comment,
        before=before,
        after={"hidden_reason": comment.hidden_reason},
    )
    return comment


@transaction.atomic
def comment_answer(*, actor, comment: Comment, answer: str, reasons: str) -> Comment:
    """The administration's answer to one proposal, with its reasons; after the end, until the
    справка is published."""
    comment = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    require(actor, "answer", comment)
    consultation = comment.consultation
    if not consultation.has_ended:
        raise ValidationError(
            _("Proposals are answered after the consultation ends on %(date)s.")
            % {"date": _date(consultation.ends_on)},
            code="still_open",
        )
    if consultation.summary_published_at:
        raise ValidationError(
            _("The справка has been published; its answers can no longer change."),
            code="summary_published",
        )
    errors = {}
    if answer not in Comment.Answer.values:
        errors["answer"] = _("Choose the answer: accepted, partly accepted or not accepted.")
    reasons = (reasons or "").strip()
    if not reasons:
        errors["answer_reasons"] = _("Give the reasons for the answer (чл. 26, ал. 5 ЗНА).")
    if errors:
        raise ValidationError(errors)
    before = {"answer": comment.answer, "answer_reasons": comment.answer_reasons}
    comment.answer = answer
    comment.answer_reasons = reasons
    comment.answered_by = _user(actor)
    comment.answered_at = timezone.now()
    comment.save(update_fields=["answer", "answer_reasons", "answered_by", "answered_at"])
    audit_log(
        actor=actor,
        action="consultations.comment.answered",
        instance=comment,
        before=before,
        after={"answer": answer, "answer_reasons": reasons},
    )
    return comment


@transaction.atomic
def summary_publish(*, actor, consultation: Consultation) -> Consultation:
    """Publish the справка: only after the end, and only when every proposal has its answer."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    require(actor, "answer", consultation)
    if not consultation.has_ended:
        raise ValidationError(
            _("The справка is published after the consultation ends on %(date)s.")
            % {"date": _date(consultation.ends_on)},
            code="still_open",
        )
    if consultation.summary_published_at:
        raise ValidationError(_("The справка has already been published."), code="published")
    unanswered = consultation.comments.filter(answer="").count()
    if unanswered:
        raise ValidationError(
            ngettext(
                "%(count)s proposal has no answer yet: every proposal must be answered, with "
                "reasons, before the справка is published.",
                "%(count)s proposals have no answer yet: every proposal must be answered, with "
                "reasons, before the справка is published.",
                unanswered,
            )
            % {"count": unanswered},
            code="unanswered",
        )
    consultation.summary_published_at = timezone.now()
    consultation.save(update_fields=["summary_published_at", "updated_at"])
    audit_log(
        actor=actor,
        action="consultations.summary.published",
        instance=consultation,
        after={"summary_published_at": consultation.summary_published_at.isoformat()},
    )
    notices.announce_summary(consultation)
    return consultation


@transaction.atomic
def consultation_adopt(
    *, actor, consultation: Consultation, decision_number: str, decision_date, adopted_act
) -> Consultation:
    """The adopted act and the municipal council's decision close the consultation."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    require(actor, "manage", consultation)
    if consultation.adopted_on:
        raise ValidationError(_("The adoption has already been recorded."), code="adopted")
    if not consultation.summary_published_at:
        raise ValidationError(
            _("Publish the справка of the proposals and answers before recording the adoption."),
            code="no_summary",
        )
    errors = {}
    if not (decision_number or "").strip():
        errors["decision_number"] = _("Enter the number of the council's decision.")
    if not decision_date:
        errors["decision_date"] = _("Enter the date of the council's decision.")
    elif decision_date < consultation.ends_on:
        errors["decision_date"] = _(
            "The decision cannot be earlier than the end of the consultation (%(date)s)."
        ) % {"date": _date(consultation.ends_on)}
    elif decision_date > timezone.localdate():
        errors["decision_date"] = _("The decision's date cannot be in the future.")
    if not adopted_act:
        errors["adopted_act"] = _("Attach the adopted act.")
    else:
        try:
            validate_document(adopted_act)
        except ValidationError as error:
            errors["adopted_act"] = error.messages
    if errors:
        raise ValidationError(errors)
    before = {"decision_number": "", "adopted_on": None}
    consultation.decision_number = decision_number.strip()[:50]
    consultation.decision_date = decision_date
    consultation.adopted_on = decision_date
    consultation.save(
        update_fields=["decision_number", "decision_date", "adopted_on", "updated_at"]
    )
    _document(consultation, Kind.ADOPTED, adopted_act)
    audit_log(
        actor=actor,
        action="consultations.consultation.adopted",
        instance=consultation,
        before=before,
        after={
            "decision_number": consultation.decision_number,
            "adopted_on": decision_date.isoformat(),
        },
    )
    return consultation


@transaction.atomic
def answer_template_save(*, actor, template: AnswerTemplate, data: dict) -> AnswerTemplate:
    if template.pk is None:
        template.administration = data.get("administration") or template.administration
        require(actor, "add", template)
        action = "consultations.answer_template.created"
    else:
        require(actor, "change", AnswerTemplate.objects.get(pk=template.pk))
        action = "consultations.answer_template.changed"
    if "administration" in data:
        require(actor, "add", AnswerTemplate(administration=data["administration"]))
    return save_audited(instance=template, data=data, actor=actor, action=action)


@transaction.atomic
def answer_template_delete(*, actor, template: AnswerTemplate) -> None:
    require(actor, "delete", template)
    audit_log(
        actor=actor,
        action="consultations.answer_template.deleted",
        instance=template,
        before=snapshot(template),
    )
    template.delete()


# --- The справка's PDF ------------------------------------------------------------------------

# Up to this many proposals the PDF is laid out in the request (a fraction of a second; at
# about 25 ms a proposal, 50 take about 1.5 s): the reader gets the file at once, not a waiting
# page, and it is still kept as the job's file. Beyond it a worker builds it.
SUMMARY_PDF_INLINE_MAX = 50

# A waiting or running job older than this is taken for lost (a worker died): asking again
# starts a new one instead of pointing at it.
SUMMARY_PDF_STALE_AFTER = datetime.timedelta(hours=1)


def summary_pdf_request(*, actor, consultation: Consultation) -> SummaryPdf:
    """The справка's PDF in the current language: the ready or still-building job of the same
    content (see ``selectors.summary_pdf_content``), or a new one, laid out now when the
    справка is small and enqueued for a worker otherwise. The same readers as the справка:
    anyone once it is published, its administration's officers before. Not audited: it is a
    read of what is already public (or of the officers' own draft), kept to be served again."""
    job, total, created = _summary_pdf_job(actor=actor, consultation=consultation)
    if created:
        from .tasks import build_summary_pdf, summary_pdf_build

        if total <= SUMMARY_PDF_INLINE_MAX:
            summary_pdf_build(job.pk)
            job.refresh_from_db()
        else:
            transaction.on_commit(lambda: build_summary_pdf.enqueue(job.pk))
            job.refresh_from_db()  # ready already where tasks run at once (development)
    return job


@transaction.atomic
def _summary_pdf_job(*, actor, consultation: Consultation) -> tuple[SummaryPdf, int, bool]:
    draft = consultation.summary_published_at is None
    if draft:
        require(actor, "manage", consultation)
    # One asker at a time per consultation, so two requests of the same content share one job.
    Consultation.objects.select_for_update().filter(pk=consultation.pk).exists()
    key, total = selectors.summary_pdf_content(consultation)
    language = translation.get_language() or settings.LANGUAGE_CODE
    reusable = Q(status=SummaryPdf.Status.READY) & ~Q(file="") | Q(
        status__in=SummaryPdf.ACTIVE_STATUSES,
        created_at__gte=timezone.now() - SUMMARY_PDF_STALE_AFTER,
    )
    existing = (
        SummaryPdf.objects.filter(consultation=consultation, content_key=key, language=language)
        .filter(reusable)
        .order_by("-created_at", "-pk")
        .first()
    )
    if existing is not None:
        existing.consultation = consultation
        return existing, total, False
    job = SummaryPdf.objects.create(
        consultation=consultation,
        content_key=key,
        draft=draft,
        language=language,
        requested_by=actor if getattr(actor, "pk", None) else None,
    )
    return job, total, True
