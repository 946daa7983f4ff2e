"""Writes to the catalogue: programmes, courses and their content (modules, sessions, questions,
knowledge tests, evaluation items)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.permissions import require
from partnerstvo.core.services import assign_fields, save_audited, stored_version
from partnerstvo.core.transliteration import unique_slug

from ..models import (
    Course,
    EvaluationItem,
    EvaluationPool,
    KnowledgeTest,
    Module,
    Programme,
    Question,
    Session,
)
from ._common import _promote_waiting, _unseal


@transaction.atomic
def programme_save(*, actor, programme: Programme, data: dict) -> Programme:
    """Create or change a programme. Coordinators only."""
    if programme.pk:
        require(actor, "change", stored_version(programme))
    else:
        require(actor, "add", Programme)
    data = dict(data)
    if not data.get("slug") and not programme.slug:
        data["slug"] = unique_slug(data.get("title", ""), queryset=Programme.objects.all())
    action = "trainings.programme.changed" if programme.pk else "trainings.programme.created"
    return save_audited(instance=programme, data=data, actor=actor, action=action)


@transaction.atomic
def programme_delete(*, actor, programme: Programme) -> None:
    require(actor, "delete", programme)
    if programme.courses.exists():
        raise ValidationError(_("The programme has courses; delete or move them first."))
    audit_log(
        actor=actor,
        action="trainings.programme.deleted",
        instance=programme,
        before=snapshot(programme),
    )
    programme.delete()


DEFAULT_EVALUATION_ITEMS = [
    ("likert", gettext_noop("The course met its learning objectives.")),
    ("likert", gettext_noop("The trainer explained the topics clearly and answered questions.")),
    ("likert", gettext_noop("The materials and exercises were useful.")),
    ("likert", gettext_noop("I will use what I learned in my work.")),
    ("likert", gettext_noop("The organisation (venue, time, online platform) was good.")),
    ("text", gettext_noop("What was most useful to you?")),
    ("text", gettext_noop("What should be improved?")),
]


@transaction.atomic
def course_create(*, actor, data: dict) -> Course:
    """Create a course with the standard evaluation items. Coordinators only. Audited."""
    require(actor, "add", Course)
    data = dict(data)
    if not data.get("slug"):
        data["slug"] = unique_slug(data.get("title", ""), queryset=Course.objects.all())
    course = save_audited(
        instance=Course(), data=data, actor=actor, action="trainings.course.created"
    )
    # The items are content of the course, written in the platform's language.
    with translation.override(settings.LANGUAGE_CODE):
        EvaluationItem.objects.bulk_create(
            [
                EvaluationItem(
                    course=course, order=index, kind=kind, text=_(text), required=kind == "likert"
                )
                for index, (kind, text) in enumerate(DEFAULT_EVALUATION_ITEMS, start=1)
            ]
        )
    return course


@transaction.atomic
def course_update(*, actor, course: Course, data: dict) -> Course:
    """Change a course. Coordinators only. More capacity promotes people from the waiting list."""
    require(actor, "change", stored_version(course))
    Course.objects.select_for_update().filter(pk=course.pk).first()
    course = save_audited(
        instance=course, data=data, actor=actor, action="trainings.course.changed"
    )
    _promote_waiting(course=course, actor=actor)
    return course


@transaction.atomic
def course_delete(*, actor, course: Course) -> None:
    require(actor, "delete", course)
    if course.enrolments.exists():
        raise ValidationError(_("People are enrolled in this course; it cannot be deleted."))
    audit_log(
        actor=actor, action="trainings.course.deleted", instance=course, before=snapshot(course)
    )
    try:
        course.delete()
    except ProtectedError as error:
        raise ValidationError(_("The course has records that must be kept.")) from error


def _save_course_content(*, actor, instance, data: dict, name: str):
    """Create or change a module, session, question, test or evaluation item of a course."""
    if instance.pk:
        stored = stored_version(instance)
        require(actor, "change", stored)
        if "course" in data and data["course"] != stored.course:
            raise ValidationError({"course": _("This cannot be moved to another course.")})
    course = data.get("course") or getattr(instance, "course", None)
    if course is None:
        raise ValidationError({"course": _("Choose a course.")})
    require(actor, "add", type(instance)(course=course))
    action = f"trainings.{name}.changed" if instance.pk else f"trainings.{name}.created"
    if isinstance(instance, Question):
        return _save_audited_with_json(
            instance=instance, data=data, actor=actor, action=action, json_fields=("options",)
        )
    return save_audited(instance=instance, data=data, actor=actor, action=action)


def _save_audited_with_json(*, instance, data: dict, actor, action: str, json_fields: tuple):
    """``save_audited`` for a model with JSON list fields: core.audit's snapshot sorts lists,
    which fails on lists of objects, so those fields go into the entry's data instead."""
    stored = stored_version(instance)
    fields = [f.name for f in instance._meta.concrete_fields if f.name not in json_fields]
    before = snapshot(stored, fields) if stored is not None else None
    assign_fields(instance, data)
    instance.full_clean()
    instance.save()
    json_changes = {
        name: [getattr(stored, name, None) if stored else None, getattr(instance, name)]
        for name in json_fields
        if stored is None or getattr(stored, name) != getattr(instance, name)
    }
    audit_log(
        actor=actor,
        action=action,
        instance=instance,
        before=before,
        after=snapshot(instance, fields),
        data=json_changes,
    )
    return instance


def _delete_course_content(*, actor, instance, name: str) -> None:
    require(actor, "delete", instance)
    audit_log(
        actor=actor,
        action=f"trainings.{name}.deleted",
        instance=instance,
        before=snapshot(instance),
    )
    try:
        instance.delete()
    except ProtectedError as error:
        raise ValidationError(_("This has been used and must be kept.")) from error


@transaction.atomic
def module_save(*, actor, module: Module, data: dict) -> Module:
    """Coordinators and the course's trainers."""
    return _save_course_content(actor=actor, instance=module, data=data, name="module")


@transaction.atomic
def module_delete(*, actor, module: Module) -> None:
    _delete_course_content(actor=actor, instance=module, name="module")


@transaction.atomic
def session_save(*, actor, session: Session, data: dict) -> Session:
    """Coordinators and the course's trainers."""
    return _save_course_content(actor=actor, instance=session, data=data, name="session")


@transaction.atomic
def session_delete(*, actor, session: Session) -> None:
    if session.attendance.exists():
        raise ValidationError(_("Attendance has been marked for this session; it must be kept."))
    _delete_course_content(actor=actor, instance=session, name="session")


@transaction.atomic
def question_save(*, actor, question: Question, data: dict) -> Question:
    """Coordinators and the course's trainers. A question that has been answered keeps its
    options and form, so earlier scores stay true."""
    if question.pk and question.answers.exists():
        stored = stored_version(question)
        for field in ("options", "form", "kind", "points"):
            if field in data and data[field] != getattr(stored, field):
                raise ValidationError(
                    {
                        field: _(
                            "This question has been answered; its options, form, kind and "
                            "points cannot change. Add a new question instead."
                        )
                    }
                )
    return _save_course_content(actor=actor, instance=question, data=data, name="question")


@transaction.atomic
def question_delete(*, actor, question: Question) -> None:
    if question.answers.exists():
        raise ValidationError(_("This question has been answered; it must be kept."))
    _delete_course_content(actor=actor, instance=question, name="question")


@transaction.atomic
def knowledge_test_save(*, actor, test: KnowledgeTest, data: dict) -> KnowledgeTest:
    """Set the window of a course's pre- or post-test. Coordinators and the course's trainers."""
    if test.pk and "kind" in data and data["kind"] != stored_version(test).kind:
        raise ValidationError({"kind": _("A test's kind cannot change.")})
    return _save_course_content(actor=actor, instance=test, data=data, name="test")


@transaction.atomic
def knowledge_test_delete(*, actor, test: KnowledgeTest) -> None:
    _delete_course_content(actor=actor, instance=test, name="test")


@transaction.atomic
def evaluation_item_save(*, actor, item: EvaluationItem, data: dict) -> EvaluationItem:
    return _save_course_content(actor=actor, instance=item, data=data, name="evaluation_item")


@transaction.atomic
def evaluation_item_delete(*, actor, item: EvaluationItem) -> None:
    pool = EvaluationPool.objects.filter(course_id=item.course_id).first()
    waiting = pool is not None and any(
        answer[0] == item.pk for entry in pool.entries for answer in _unseal(entry) or []
    )
    if waiting or item.answers.exists():
        raise ValidationError(_("This item has been answered; it must be kept."))
    _delete_course_content(actor=actor, instance=item, name="evaluation_item")
