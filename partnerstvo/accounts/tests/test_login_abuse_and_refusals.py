"""Login throttling on both doors, and a word for people the back office turns away."""

import pytest
from django.test import Client

from conftest import PASSWORD

DOORS = ["/accounts/login/", "/admin/login/"]


def _wrong_then_right(client, door, email, *, tries=30):
    for _ in range(tries):
        client.post(door, {"username": email, "password": "not-the-password"})
    return client.post(door, {"username": email, "password": PASSWORD})


@pytest.mark.parametrize("door", DOORS)
def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, iskar_editor, door):
    response = _wrong_then_right(client, door, iskar_editor.email)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    body = response.content.decode()
    assert "Твърде много опити за вход" in body  # says why, in Bulgarian


@pytest.mark.parametrize("door", DOORS)
def test_the_account_is_paused_from_every_address(iskar_editor, door):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    _wrong_then_right(attacker, door, iskar_editor.email.upper())
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    response = elsewhere.post(door, {"username": iskar_editor.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in elsewhere.session


def test_an_address_is_paused_for_every_account(iskar_editor, iskar_admin):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(30):
        attacker.post(
            "/accounts/login/", {"username": f"guess{number}@example.bg", "password": "x"}
        )
    response = attacker.post(
        "/accounts/login/", {"username": iskar_admin.email, "password": PASSWORD}
    )
    assert response.status_code == 429


def test_a_forged_forwarded_for_does_not_reset_the_login_count(iskar_editor, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(30):
        attacker.post(
            "/accounts/login/",
            {"username": f"guess{number}@example.bg", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    response = attacker.post(
        "/accounts/login/",
        {"username": iskar_editor.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="192.0.2.250",
    )
    assert response.status_code == 429


def test_a_few_mistakes_do_not_lock_anyone_out(client, iskar_editor):
    response = _wrong_then_right(client, "/accounts/login/", iskar_editor.email, tries=3)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(iskar_editor.pk)


def test_a_member_who_logs_in_to_the_back_office_is_told_why_not(client, iskar_member):
    response = client.post(
        "/admin/login/", {"username": iskar_member.email, "password": PASSWORD}, follow=True
    )
    body = response.content.decode()
    assert "Нямате достъп до администрацията" in body
    assert 'href="/accounts/profile/"' in body  # their own page
    assert 'href="/"' in body  # the public site


def test_a_person_refused_a_screen_is_told_why(client, iskar_editor):
    client.force_login(iskar_editor)
    response = client.get("/admin/directory/import/", follow=True)
    assert response.redirect_chain  # sent to the dashboard
    assert "Нямате право да отворите тази страница" in response.content.decode()
