"""The screens of the people who take part and of those who run a course, in Chromium at a
phone's and a laptop's width: no horizontal scrolling, targets of at least 24 × 24 px, no
axe-core violation (the checks of ``core/tests/test_public_pages_browser.py``) and valid HTML
(``core/tests/test_html_validity.py``). Screenshots land beside the public pages' as
``trainings-<screen>.png``."""

from __future__ import annotations

import pytest

from conftest import add_member, make_user
from partnerstvo.core.tests.test_html_validity import _describe, check_html
from partnerstvo.core.tests.test_public_pages_browser import (
    WIDTHS,
    _session_cookie,
    axe_violations,
    horizontal_overflow,
    output_dir,
    screenshot,
    small_targets,
)
from partnerstvo.trainings import services

from .conftest import correct_answers

# Every visible control in <main> receives a click at its centre: no other element (such as a
# card's covering link whose box escaped its card) lies over it.
COVERED_JS = """() => [...document.querySelectorAll(
    'main a[href], main button, main input:not([type=hidden]), main select, main textarea')]
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1; })
  .map(e => {
    e.scrollIntoView({block: 'center', inline: 'center'});
    const r = e.getClientRects()[0];  // a link's first line: a wrapped link's middle is a gap
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const ok = hit && (e === hit || e.contains(hit)
      || [...(e.labels || [])].some(label => label.contains(hit)));
    return ok ? null : e.outerHTML.slice(0, 100) + ' lies under '
      + (hit ? hit.outerHTML.slice(0, 100) : 'nothing');
  })
  .filter(Boolean)"""


@pytest.mark.django_db(transaction=True)
def test_participant_and_trainer_screens_in_chromium(
    live_server, request, tmp_path, course, participant, trainer, coordinator, iskar
):
    browser = request.getfixturevalue("_playwright_browser")
    done = services.enrolment_create(actor=participant, course=course, person=participant.person)
    for session in course.sessions.all():
        services.attendance_mark(actor=trainer, session=session, present={done.pk: True})
    services.attempt_submit(
        actor=participant, enrolment=done, kind="post", answers=correct_answers(done, "post")
    )
    certificate = services.certificate_issue(actor=coordinator, enrolment=done)
    newcomer = add_member(make_user("nov@iskar-bg.org", "Мария", "Петрова"), iskar, "member")
    waiting = services.enrolment_create(actor=newcomer, course=course, person=newcomer.person)
    admin = add_member(make_user("predsedatel@iskar-bg.org", "Иван", "Колев"), iskar, "admin")
    archive = services.certificate_archive_request(actor=coordinator, course=course)
    screens = {
        "my-trainings": (participant, "/trainings/my/"),
        "my-trainings-coming": (newcomer, "/trainings/my/"),
        "calendar": (newcomer, "/trainings/"),
        "course": (newcomer, course.get_absolute_url()),
        "attendance": (trainer, f"/trainings/sessions/{course.sessions.first().pk}/attendance/"),
        "test-take": (participant, f"/trainings/enrolments/{done.pk}/tests/pre/"),
        "test-submitted": (participant, f"/trainings/enrolments/{done.pk}/tests/post/"),
        "evaluation": (participant, f"/trainings/enrolments/{done.pk}/evaluation/"),
        "participant-data": (participant, "/trainings/my/participant-data/"),
        "enrolment-cancel": (newcomer, f"/trainings/enrolments/{waiting.pk}/cancel/"),
        "enrol-others": (admin, f"/trainings/courses/{course.slug}/enrol-others/"),
        "course-manage": (trainer, f"/trainings/courses/{course.slug}/manage/"),
        "certificate-revoke": (coordinator, f"/trainings/certificates/{certificate.code}/revoke/"),
        "certificate-archive": (coordinator, f"/trainings/certificate-archives/{archive.pk}/"),
    }
    failures = []
    shots = output_dir() / "screenshots"
    for width in WIDTHS:
        (shots / str(width)).mkdir(parents=True, exist_ok=True)
        context = browser.new_context(locale="bg-BG", viewport={"width": width, "height": 900})
        context.set_default_timeout(15000)
        page = context.new_page()
        for name, (user, path) in screens.items():
            where = f"{name} @ {width} px"
            page.context.clear_cookies()
            page.context.add_cookies([_session_cookie(user, live_server.url)])
            response = page.goto(live_server.url + path)
            if response.status != 200:
                failures.append(f"{where}: HTTP {response.status}")
            if width == WIDTHS[0]:
                (tmp_path / f"{name}.html").write_text(response.text(), encoding="utf-8")
            screenshot(page, shots / str(width) / f"trainings-{name}.png")
            if overflow := horizontal_overflow(page):
                failures.append(f"{where}: {overflow}")
            failures += [f"{where}: small target {target}" for target in small_targets(page)]
            failures += [f"{where}: axe {violation}" for violation in axe_violations(page)]
            failures += [f"{where}: {covered}" for covered in page.evaluate(COVERED_JS)]
        context.close()
    failures += [f"HTML: {_describe(message)}" for message in check_html(tmp_path)]
    assert not failures, "\n".join(failures)


@pytest.mark.django_db(transaction=True)
def test_the_certificate_check_prints_as_a_plain_record(
    live_server, request, course, participant, trainer, coordinator
):
    """Whoever checks a certificate prints the page as evidence: the verdict, the record and
    the address it was checked at, without the site's header, menu or footer links."""
    browser = request.getfixturevalue("_playwright_browser")
    done = services.enrolment_create(actor=participant, course=course, person=participant.person)
    for session in course.sessions.all():
        services.attendance_mark(actor=trainer, session=session, present={done.pk: True})
    services.attempt_submit(
        actor=participant, enrolment=done, kind="post", answers=correct_answers(done, "post")
    )
    certificate = services.certificate_issue(actor=coordinator, enrolment=done)
    context = browser.new_context(locale="bg-BG", viewport={"width": 794, "height": 1123})
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/certificates/verify/{certificate.code}/")
    shots = output_dir() / "screenshots" / "print"
    shots.mkdir(parents=True, exist_ok=True)
    screenshot(page, shots / "trainings-certificate-verified.png")
    assert page.locator("#certificate-state[data-state=valid]").is_visible()
    assert page.locator("#certificate-holder").inner_text() == "Радка Иванова"
    assert page.locator(".certificate-checked").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-footer__links").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    context.close()
