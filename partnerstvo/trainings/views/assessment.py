"""Knowledge tests: taking one online, and the paper version."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstvo.core.permissions import get_for_user_or_404, require
from partnerstvo.directory.roles import roles_of

from .. import selectors, services
from ..models import Attempt, Enrolment, KnowledgeTest
from ._common import ENROLMENT, _show_errors


def _parse_answers(post) -> dict:
    """``q<question id>`` fields of a test form -> {id: [chosen option indexes]}; ids that are
    not numbers are passed on as they are, for the service to refuse."""
    answers = {}
    for key in post:
        if key.startswith("q") and key != "q":
            answers[key[1:]] = post.getlist(key)
    return answers


def _test_page(request, enrolment: Enrolment, kind: str, *, source: str):
    if kind not in KnowledgeTest.Kind.values:
        raise Http404
    test = KnowledgeTest.objects.filter(course_id=enrolment.course_id, kind=kind).first()
    if test is None:
        raise Http404
    questions = list(selectors.test_questions(enrolment=enrolment, kind=kind))
    attempt = Attempt.objects.filter(enrolment=enrolment, kind=kind).first()
    selected: dict[int, list[str]] = {}
    status = 200
    if request.method == "POST":
        answers = _parse_answers(request.POST)
        try:
            attempt = services.attempt_submit(
                actor=request.user, enrolment=enrolment, kind=kind, answers=answers, source=source
            )
        except ValidationError as error:
            _show_errors(request, error)
            selected = {str(key): value for key, value in answers.items()}
            status = 400
            attempt = Attempt.objects.filter(enrolment=enrolment, kind=kind).first()
        else:
            messages.success(
                request,
                _("The test is submitted: %(score)s of %(max)s points.")
                % {"score": attempt.score, "max": attempt.max_score},
            )
            if source == Attempt.Source.PAPER:
                return redirect(
                    reverse("trainings:course-manage", kwargs={"slug": enrolment.course.slug})
                )
            return redirect(reverse("trainings:my-trainings"))
    now = timezone.now()
    for question in questions:
        chosen = selected.get(str(question.pk), [])
        question.choices = [
            {"index": index, "text": option["text"], "checked": str(index) in chosen}
            for index, option in enumerate(question.options)
        ]
    return render(
        request,
        "trainings/test_take.html",
        {
            "enrolment": enrolment,
            "test": test,
            "questions": questions,
            "attempt": attempt,
            "form_letter": enrolment.form_for(kind),
            "paper": source == Attempt.Source.PAPER,
            "is_open": test.is_open(now)
            if source == Attempt.Source.ONLINE
            else now >= test.opens_at,
        },
        status=status,
    )


@login_required
def test_take(request, pk: int, kind: str):
    enrolment = get_for_user_or_404(request.user, "view", ENROLMENT, pk=pk)
    if enrolment.person_id != roles_of(request.user).person_id:
        raise PermissionDenied
    return _test_page(request, enrolment, kind, source=Attempt.Source.ONLINE)


@login_required
def test_paper(request, pk: int, kind: str):
    enrolment = get_for_user_or_404(request.user, "view", ENROLMENT, pk=pk)
    require(request.user, "change", enrolment)
    return _test_page(request, enrolment, kind, source=Attempt.Source.PAPER)
