"""Who may do what: another CSO neither sees nor changes drafts, members who are not editors do
not write, the coordinator reviews; the Wagtail admin screens follow the same rules."""

import pytest
from django.core.exceptions import PermissionDenied

from conftest import PASSWORD
from partnerstvo.core.permissions import SYSTEM, scope, user_can
from partnerstvo.practices import services
from partnerstvo.practices.models import Practice, PracticeResult

from .conftest import build_practice, practice_data

pytestmark = pytest.mark.django_db


def _login(client, user):
    assert client.login(username=user.email, password=PASSWORD)


def test_another_cso_can_neither_see_nor_change_a_draft(draft, go2000_editor, go2000):
    assert not user_can(go2000_editor, "view", draft)
    assert draft not in scope(go2000_editor, "view", Practice.objects.all())
    with pytest.raises(PermissionDenied):
        services.practice_update(actor=go2000_editor, practice=draft, data={"title": "Чужда"})
    with pytest.raises(PermissionDenied):
        services.practice_submit(actor=go2000_editor, practice=draft)
    with pytest.raises(PermissionDenied):
        services.result_save(
            actor=go2000_editor,
            result=PracticeResult(),
            data={"practice": draft, "indicator": "х", "value": 1},
        )
    assert Practice.objects.get(pk=draft.pk).title == draft.title


def test_a_cso_writes_only_for_its_own_organisation(go2000_editor, iskar, dolna_mitropolia):
    with pytest.raises(PermissionDenied):
        services.practice_create(actor=go2000_editor, data=practice_data(iskar, dolna_mitropolia))


def test_members_who_are_not_editors_do_not_write(iskar_member, iskar, dolna_mitropolia, draft):
    with pytest.raises(PermissionDenied):
        services.practice_create(actor=iskar_member, data=practice_data(iskar, dolna_mitropolia))
    assert not user_can(iskar_member, "view", draft)
    assert not user_can(iskar_member, "change", draft)


def test_an_editor_cannot_move_a_practice_to_another_organisation(draft, iskar_editor, go2000):
    with pytest.raises(PermissionDenied):
        services.practice_update(actor=iskar_editor, practice=draft, data={"organisation": go2000})


def test_only_coordinators_review(draft, iskar_admin, go2000_editor, officer, coordinator):
    practice = services.practice_submit(actor=iskar_admin, practice=draft)
    for user in (iskar_admin, go2000_editor, officer):
        assert not user_can(user, "review", practice)
        with pytest.raises(PermissionDenied):
            services.practice_publish(actor=user, practice=practice)
    assert user_can(coordinator, "review", practice)


def test_auditors_read_everything_but_change_nothing(draft, auditor):
    assert user_can(auditor, "view", draft)
    assert not user_can(auditor, "change", draft)


# --- the back office ----------------------------------------------------------------------------


def test_the_back_office_lists_only_the_own_organisations_practices(
    client, draft, go2000, gorna_oryahovitsa, go2000_editor
):
    own = build_practice(
        organisation=go2000, municipality=gorna_oryahovitsa, title="Практика на ГО 2000"
    )
    build_practice(
        organisation=draft.organisation,
        municipality=gorna_oryahovitsa,
        status="published",
        title="Публикувана на Искър",
    )
    _login(client, go2000_editor)
    response = client.get("/admin/good_practices/")
    assert response.status_code == 200
    assert own.title in response.text
    assert draft.title not in response.text
    assert "Публикувана на Искър" not in response.text
    assert client.get(f"/admin/good_practices/edit/{draft.pk}/").status_code == 404
    assert client.get(f"/admin/good_practices/edit/{own.pk}/").status_code == 200
    assert client.get("/admin/practice_review/").status_code in (302, 403)


def test_an_editor_creates_a_practice_in_the_back_office(
    client, iskar_editor, iskar, dolna_mitropolia, go2000
):
    _login(client, iskar_editor)
    form = {
        "organisation": iskar.pk,
        "title": "Читалня на открито",
        "problem": "Няма къде да се чете през лятото.",
        "approach": "Пейки и библиотека в парка.",
        "contact_name": "Петя Николова",
        "contact_email": "petya@example.bg",
        "municipalities": [dolna_mitropolia.pk],
    }
    # Another organisation is not among the choices: the form refuses it, nothing is written.
    response = client.post("/admin/good_practices/new/", {**form, "organisation": go2000.pk})
    assert response.status_code == 200
    assert not Practice.objects.exists()
    response = client.post("/admin/good_practices/new/", form)
    assert response.status_code == 302
    practice = Practice.objects.get()
    assert practice.organisation == iskar
    assert practice.status == Practice.Status.DRAFT


def test_the_back_office_refuses_edits_under_review_with_a_message(
    client, iskar_editor, iskar, dolna_mitropolia
):
    practice = build_practice(organisation=iskar, municipality=dolna_mitropolia, status="submitted")
    _login(client, iskar_editor)
    response = client.post(
        f"/admin/good_practices/edit/{practice.pk}/",
        {
            "organisation": iskar.pk,
            "title": "Друго заглавие",
            "problem": practice.problem,
            "approach": practice.approach,
            "contact_name": practice.contact_name,
            "contact_email": practice.contact_email,
            "municipalities": [dolna_mitropolia.pk],
        },
    )
    assert response.status_code == 200
    assert "Практиката се преглежда" in response.text
    assert Practice.objects.get(pk=practice.pk).title == practice.title


def test_the_coordinators_review_queue(client, coordinator, iskar, dolna_mitropolia, draft):
    submitted = build_practice(
        organisation=iskar, municipality=dolna_mitropolia, status="submitted", title="Чака преглед"
    )
    _login(client, coordinator)
    response = client.get("/admin/practice_review/")
    assert response.status_code == 200
    assert submitted.title in response.text
    assert draft.title not in response.text


def test_results_of_another_csos_practice_are_out_of_reach_in_the_back_office(
    client, draft, go2000_editor, iskar_editor
):
    result = draft.result_rows.get()
    _login(client, go2000_editor)
    assert client.get(f"/admin/practice_results/edit/{result.pk}/").status_code == 404
    assert "гласували" not in client.get("/admin/practice_results/").text
    _login(client, iskar_editor)
    assert client.get(f"/admin/practice_results/edit/{result.pk}/").status_code == 200


def test_the_review_page_actions_are_refused_to_others(client, draft, go2000_editor, iskar_member):
    practice = services.practice_submit(actor=SYSTEM, practice=draft)
    for user in (go2000_editor, iskar_member):
        _login(client, user)
        response = client.post(
            f"/practices/{practice.slug}/review/", {"decision": "publish", "note": ""}
        )
        assert response.status_code == 404
    assert Practice.objects.get(pk=practice.pk).status == Practice.Status.SUBMITTED
