"""A training from start to finish, in a real browser: the participant takes the pre-test, the
trainer marks attendance on the phone screen, the participant takes the post-test, the coordinator
issues the certificates, and the address in the certificate's QR code verifies it. Bad input on
the way (a test sent twice, a non-PDF scan) gets a message and changes nothing."""

import io
import re

import pytest
from pypdf import PdfReader

from conftest import PASSWORD
from partnerstvo.trainings.models import Attempt, Certificate, Enrolment, Question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _browser_as(browser, live_server, email, *, mobile=False):
    context = browser.new_context(
        locale="bg-BG",
        viewport={"width": 390, "height": 844} if mobile else {"width": 1280, "height": 900},
        accept_downloads=True,
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/accounts/profile/$"))
    return context, page


def _answer_correctly(page, enrolment, kind):
    for question in Question.objects.filter(course=enrolment.course, form=enrolment.form_for(kind)):
        for index in sorted(question.correct_indexes):
            page.locator(f"input[name=q{question.pk}][value='{index}']").check()


def test_participant_completes_a_course_and_the_certificate_verifies(
    live_server, chromium, course, participant, trainer, coordinator
):
    browser = chromium
    learner_context, learner = _browser_as(browser, live_server, participant.email)

    # Enrol from the course page; the ESF questionnaire is asked once, consent declined here.
    learner.goto(f"{live_server.url}{course.get_absolute_url()}")
    learner.locator("#enrol-self").click()
    learner.wait_for_url(re.compile(r".*/trainings/my/participant-data/.*"))
    learner.locator("form.form button[name=save]").click()
    learner.wait_for_url(re.compile(rf".*{course.get_absolute_url()}$"))
    enrolment = Enrolment.objects.get(person=participant.person)
    assert learner.locator("#enrolment-status").count() == 1

    # The pre-test, online.
    learner.goto(f"{live_server.url}/trainings/my/")
    learner.locator(f"#take-pre-{enrolment.pk}").click()
    first = Question.objects.filter(course=course, form=enrolment.form_for("pre")).first()
    learner.locator(f"input[name=q{first.pk}]").first.check()
    learner.locator("#submit-test").click()
    learner.wait_for_url(re.compile(r".*/trainings/my/$"))
    pre = Attempt.objects.get(enrolment=enrolment, kind="pre")
    # Sending the same test again (the browser's back button) is refused and changes nothing.
    learner.goto(f"{live_server.url}/trainings/enrolments/{enrolment.pk}/tests/pre/")
    assert learner.locator("#test-result").count() == 1
    assert learner.locator("#test-form").count() == 0
    token = next(c["value"] for c in learner_context.cookies() if c["name"] == "csrftoken")
    response = learner.request.post(
        f"{live_server.url}/trainings/enrolments/{enrolment.pk}/tests/pre/",
        form={f"q{first.pk}": "0"},
        headers={"X-CSRFToken": token},
    )
    assert response.status == 400
    assert Attempt.objects.filter(enrolment=enrolment).count() == 1
    assert Attempt.objects.get(pk=pre.pk).score == pre.score

    # The trainer marks attendance for both days on a phone.
    trainer_context, coach = _browser_as(browser, live_server, trainer.email, mobile=True)
    for session in course.sessions.order_by("starts_at"):
        coach.goto(f"{live_server.url}/trainings/sessions/{session.pk}/attendance/")
        coach.locator(f"#present-{enrolment.pk}").check()
        coach.locator("#save-attendance").click()
        coach.wait_for_url(re.compile(rf".*/trainings/sessions/{session.pk}/attendance/$"))
        assert coach.locator(".message--success").count() == 1
    # A photo instead of the signed PDF scan: a clear message, nothing kept.
    coach.locator("#scan-form input[type=file]").set_input_files(
        {"name": "sheet.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff\xe0 photo"}
    )
    coach.locator("#scan-form button[type=submit]").click()
    assert coach.locator(".message--error").count() >= 1
    session.refresh_from_db()
    assert not session.signed_sheet
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ATTENDED
    trainer_context.close()

    # The post-test, on the other form, answered correctly.
    learner.goto(f"{live_server.url}/trainings/my/")
    learner.locator(f"#take-post-{enrolment.pk}").click()
    assert enrolment.form_for("post") != enrolment.form_for("pre")
    _answer_correctly(learner, enrolment, "post")
    learner.locator("#submit-test").click()
    learner.wait_for_url(re.compile(r".*/trainings/my/$"))
    post = Attempt.objects.get(enrolment=enrolment, kind="post")
    assert post.score == post.max_score

    # The coordinator issues the certificates of the course.
    office_context, office = _browser_as(browser, live_server, coordinator.email)
    office.goto(f"{live_server.url}/trainings/courses/{course.slug}/manage/")
    office.locator("#issue-certificates").click()
    office.wait_for_url(re.compile(rf".*/trainings/courses/{course.slug}/manage/$"))
    certificate = Certificate.objects.get(enrolment=enrolment)
    office_context.close()

    # The participant downloads it; the address its QR code carries opens the verification page.
    learner.goto(f"{live_server.url}/trainings/my/")
    with learner.expect_download() as download_info:
        learner.locator(f"#certificate-{enrolment.pk}").click()
    content = open(download_info.value.path(), "rb").read()  # noqa: SIM115
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert certificate.code in text
    match = re.search(r"(http://\S+/certificates/verify/[A-Z0-9-]+/)", text)
    assert match, text
    from partnerstvo.trainings.documents import qr_svg, verification_url

    url = match.group(1)
    assert url == verification_url(certificate, base_url=live_server.url)
    assert qr_svg(url).startswith("<svg")
    learner_context.close()

    # Anyone, without logging in, can verify it.
    visitor = browser.new_context(locale="bg-BG")
    check = visitor.new_page()
    response = check.goto(url)
    assert response.status == 200
    assert check.locator("#certificate-state").get_attribute("data-state") == "valid"
    assert check.locator("#certificate-holder").inner_text() == "Радка Иванова"
    missing = check.goto(f"{live_server.url}/certificates/verify/NOPE-NOPE-NOPE/")
    assert missing.status == 404
    visitor.close()
