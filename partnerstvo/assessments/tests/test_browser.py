"""In Chromium: a CSO admin opens a round for their organisation, answers the capacity
assessment (a question left out first: refused beside it, nothing written), closes the round,
sees the radar chart with its table and the recommendations, and turns one into an action that
appears in the plan. The results page passes axe and does not scroll sideways at 360 px, and
its chart is drawn without JavaScript."""

import datetime
import re

import pytest
from django.utils import timezone

from conftest import PASSWORD
from partnerstvo.assessments.models import Action, Answer, Question, Round
from partnerstvo.core.tests.test_public_pages_browser import (
    _session_cookie,
    axe_violations,
    horizontal_overflow,
    output_dir,
    screenshot,
)

from .conftest import answer_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/accounts/profile/$"))


def test_a_cso_admin_assesses_sees_the_radar_and_plans_an_action(
    live_server, page, chromium, shipped, iskar, iskar_admin, iskar_member
):
    _log_in(page, live_server, iskar_admin.email)
    page.goto(f"{live_server.url}/assessments/")
    page.locator(f'[data-subject="o{iskar.pk}"]').click()
    page.wait_for_url(re.compile(r".*/assessments/new/o\d+/$"))
    page.locator("#id_title").fill("Базова оценка 2026")
    page.get_by_label(iskar_admin.person.full_name).check()
    page.get_by_label(iskar_member.person.full_name).check()
    page.locator("#round-submit").click()
    page.wait_for_url(re.compile(r".*/assessments/rounds/\d+/$"))
    round_ = Round.objects.get()
    answer_all(iskar_member, round_, 3, {"finansi": 4})

    page.locator("#answer-round").click()
    page.wait_for_url(re.compile(r".*/answer/$"))
    questions = list(
        Question.objects.filter(dimension__version=round_.version).select_related("dimension")
    )
    for question in questions[1:]:
        value = {"finansi": "4", "uslugi": "5"}.get(question.dimension.code, "2")
        page.locator(f'input[name="q{question.pk}"][value="{value}"]').check()
    page.locator(f'textarea[name="c{questions[1].pk}"]').fill("Нямаме писмени правила.")
    page.locator("#answer-submit").click()
    page.wait_for_load_state()
    # The first question left out: refused beside it, nothing written.
    assert page.locator(f'[data-question="q{questions[0].pk}"] [role=alert]').count() == 1
    assert Answer.objects.filter(respondent__person=iskar_admin.person).count() == 0
    page.locator(f'input[name="q{questions[0].pk}"][value="2"]').check()
    page.locator("#answer-submit").click()
    page.wait_for_url(re.compile(rf".*/assessments/rounds/{round_.pk}/$"))
    assert Answer.objects.filter(respondent__person=iskar_admin.person).count() == len(questions)

    page.locator("#close-round").click()
    page.wait_for_url(re.compile(r".*/results/$"))
    assert page.locator("svg.chart__svg[role=img]").count() == 1
    assert page.locator("svg.chart__svg polygon.chart__area--0").count() == 1
    assert page.locator(".chart--radar table tbody tr").count() == 7
    recommendations = page.locator("#recommendations > li")
    assert recommendations.count() >= 3
    page.locator("[data-make-action]").first.click()
    page.wait_for_url(re.compile(r".*/plan/\?recommendation=\d+"))
    page.locator("#id_title").fill("Годишен график на заседанията")
    page.locator("#id_owner").select_option(str(iskar_member.person.pk))
    deadline = timezone.localdate() + datetime.timedelta(days=60)
    page.locator("#id_deadline").fill(deadline.isoformat())
    page.locator("#action-submit").click()
    page.wait_for_url(re.compile(r".*/plan/$"))
    action = Action.objects.get()
    assert action.recommendation is not None and action.owner == iskar_member.person
    assert page.locator(f'tr[data-action="{action.pk}"]').count() == 1
    assert "Годишен график на заседанията" in page.locator("#action-table").inner_text()

    results_url = f"{live_server.url}{round_.get_results_url()}"
    problems = []
    for path in (results_url, f"{live_server.url}/assessments/rounds/{round_.pk}/plan/"):
        page.goto(path)
        problems += [f"{path}: {violation}" for violation in axe_violations(page)]
    # Without JavaScript, at a phone's width: the chart is there and nothing scrolls sideways.
    context = chromium.new_context(
        locale="bg-BG", viewport={"width": 360, "height": 800}, java_script_enabled=False
    )
    context.add_cookies([_session_cookie(iskar_admin, live_server.url)])
    phone = context.new_page()
    phone.goto(results_url)
    assert phone.locator("svg.chart__svg").count() == 1
    folder = output_dir() / "assessments"
    folder.mkdir(parents=True, exist_ok=True)
    screenshot(phone, folder / "results-360.png")
    page.goto(results_url)
    screenshot(page, folder / "results-1280.png")
    if overflow := horizontal_overflow(phone):
        problems.append(f"results at 360 px scroll sideways: {overflow}")
    context.close()
    assert not problems, "\n".join(problems)


def test_the_answer_form_passes_axe(live_server, page, shipped, iskar, iskar_admin):
    from .conftest import open_round

    round_ = open_round(iskar_admin, organisation=iskar, respondents=[iskar_admin])
    _log_in(page, live_server, iskar_admin.email)
    page.goto(f"{live_server.url}/assessments/rounds/{round_.pk}/answer/")
    assert not axe_violations(page)
