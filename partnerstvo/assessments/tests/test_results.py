"""Results: the page with the radar chart (SVG and its table), compared with the previous round
and with the anonymous average of peers shown only from five peers on; private to the CSO's
admins and the coordinators unless published; other tenants get 404; the page and the round
list cost the same number of queries however many peers and rounds there are."""

from decimal import Decimal

import pytest

from partnerstvo.assessments import selectors, services
from partnerstvo.assessments.models import DimensionScore

from .conftest import answer_all, assessed_peers, open_round

pytestmark = pytest.mark.django_db


def _results(client, round_):
    return client.get(f"/en/assessments/rounds/{round_.pk}/results/")


def test_four_peers_give_no_average(closed_round, dolna_mitropolia):
    assessed_peers(4, seat=dolna_mitropolia)
    averages, count = selectors.peer_average(round=closed_round)
    assert (averages, count) == ({}, 4)
    results = selectors.round_results(round=closed_round)
    assert not results.peers_shown
    assert all(row.peers is None for row in results.rows)


def test_five_peers_give_the_average_of_the_others_only(
    closed_round, dolna_mitropolia, client, iskar_admin
):
    peers = assessed_peers(3, value=4, seat=dolna_mitropolia)
    peers += assessed_peers(2, value=2, seat=dolna_mitropolia, start=10)
    averages, count = selectors.peer_average(round=closed_round)
    assert count == 5
    assert averages["finansi"] == Decimal("3.200")  # (4*3 + 2*2) / 5, Искър БГ left out
    # Seen from a peer, Искър БГ counts and the peer itself does not.
    averages, count = selectors.peer_average(round=peers[0])
    assert count == 5
    client.force_login(iskar_admin)
    response = _results(client, closed_round)
    html = response.content.decode()
    assert "Average of 5 peers" in html
    assert 'id="no-peers"' not in html


def test_only_each_peers_latest_round_counts(closed_round, dolna_mitropolia):
    peers = assessed_peers(5, value=2, seat=dolna_mitropolia)
    admin = peers[0].opened_by
    again = open_round(admin, organisation=peers[0].organisation, respondents=[admin])
    answer_all(admin, again, 5)
    services.round_close(actor=admin, round=again)
    averages, count = selectors.peer_average(round=closed_round)
    assert count == 5
    assert averages["hora"] == Decimal("2.600")  # (5 + 2*4) / 5


def test_the_results_page_has_the_radar_and_its_table(closed_round, client, iskar_admin):
    client.force_login(iskar_admin)
    response = _results(client, closed_round)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg class="chart__svg"' in html and 'role="img"' in html and "<desc" in html
    assert 'id="score-table"' in html and 'data-dimension="finansi"' in html
    assert 'id="recommendations"' in html
    assert "data-make-action" in html
    assert 'id="no-peers"' in html


def test_the_follow_up_round_is_compared_with_the_previous(
    closed_round, iskar, iskar_admin, client
):
    second = open_round(
        iskar_admin, organisation=iskar, respondents=[iskar_admin], title="Повторна"
    )
    answer_all(iskar_admin, second, 4)
    second = services.round_close(actor=iskar_admin, round=second)
    results = selectors.round_results(round=second)
    assert results.previous == closed_round
    hora = next(row for row in results.rows if row.dimension.code == "hora")
    assert (hora.previous, hora.score, hora.change) == (
        Decimal("1.500"),
        Decimal("4.000"),
        Decimal("2.500"),
    )
    client.force_login(iskar_admin)
    html = _results(client, second).content.decode()
    assert "Previous round" in html and "+2.50" in html


def test_results_are_private_until_published(
    closed_round,
    client,
    iskar_admin,
    iskar_member,
    iskar_editor,
    go2000_editor,
    coordinator,
    auditor,
):
    assert _results(client, closed_round).status_code == 404  # anonymous
    for outsider in (go2000_editor, iskar_editor):
        client.force_login(outsider)
        assert _results(client, closed_round).status_code == 404
    client.force_login(iskar_member)  # a respondent sees the round and their answers only
    assert _results(client, closed_round).status_code == 404
    response = client.get(closed_round.get_absolute_url())
    assert response.status_code == 200 and 'id="own-answers"' in response.content.decode()
    for reader in (coordinator, auditor, iskar_admin):
        client.force_login(reader)
        assert _results(client, closed_round).status_code == 200
    services.round_publish(actor=iskar_admin, round=closed_round, published=True)
    client.logout()
    response = _results(client, closed_round)
    assert response.status_code == 200
    assert "data-make-action" not in response.content.decode()
    assert client.get("/en/assessments/published/").content.decode().count("data-round=") == 1
    # The plan stays private.
    assert client.get(f"/en/assessments/rounds/{closed_round.pk}/plan/").status_code == 302
    client.force_login(go2000_editor)
    assert client.get(f"/en/assessments/rounds/{closed_round.pk}/plan/").status_code == 404


def test_only_the_owner_publishes(closed_round, client, coordinator, go2000_editor, iskar_admin):
    for user in (coordinator, go2000_editor):
        client.force_login(user)
        response = client.post(
            f"/en/assessments/rounds/{closed_round.pk}/publish/", {"published": "1"}
        )
        assert response.status_code in (403, 404)
    closed_round.refresh_from_db()
    assert not closed_round.is_published
    client.force_login(iskar_admin)
    client.post(f"/en/assessments/rounds/{closed_round.pk}/publish/", {"published": "1"})
    closed_round.refresh_from_db()
    assert closed_round.is_published


def test_another_cso_cannot_see_or_change_the_round(closed_round, client, go2000_admin):
    client.force_login(go2000_admin)
    pk = closed_round.pk
    for url in (
        f"/en/assessments/rounds/{pk}/",
        f"/en/assessments/rounds/{pk}/results/",
        f"/en/assessments/rounds/{pk}/plan/",
        f"/en/assessments/rounds/{pk}/answer/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/en/assessments/rounds/{pk}/close/",
        f"/en/assessments/rounds/{pk}/publish/",
        f"/en/assessments/rounds/{pk}/plan/",
    ):
        assert client.post(url, {"published": "1", "title": "x"}).status_code == 404, url
    assert f'data-round="{pk}"' not in client.get("/en/assessments/").content.decode()


def test_another_administration_cannot_open_or_see_a_units_round(
    unit_instrument, administration, officer, other_administration, client
):
    from conftest import make_user
    from partnerstvo.core.permissions import SYSTEM
    from partnerstvo.directory import services as directory
    from partnerstvo.directory.models import AdministrationMembership

    unit = administration.units.get()
    round_ = open_round(officer, unit=unit, respondents=[officer])
    stranger = make_user("sluzhitel@go.example.bg", "Надежда", "Колева")
    directory.administration_membership_save(
        actor=SYSTEM,
        membership=AdministrationMembership(),
        data={"person": stranger.person, "administration": other_administration, "role": "officer"},
    )
    client.force_login(stranger)
    assert client.get(round_.get_absolute_url()).status_code == 404
    assert client.get(f"/en/assessments/new/u{unit.pk}/").status_code == 404
    client.force_login(officer)
    assert client.get(f"/en/assessments/new/u{unit.pk}/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "rounds/999999/",
        "rounds/999999/results/",
        "rounds/999999/plan/",
        "rounds/999999/answer/",
        "new/x1/",
        "new/o999999/",
        "new/uabc/",
        "new/o/",
    ],
)
def test_bad_ids_answer_404(client, iskar_admin, path):
    client.force_login(iskar_admin)
    assert client.get(f"/en/assessments/{path}").status_code == 404


def test_a_bad_recommendation_id_answers_404(closed_round, client, iskar_admin):
    client.force_login(iskar_admin)
    for value in ("abc", "999999"):
        url = f"/en/assessments/rounds/{closed_round.pk}/plan/?recommendation={value}"
        assert client.get(url).status_code == 404


def _count(client, url, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_results_page_costs_the_same_with_five_or_twelve_peers(
    closed_round, client, iskar_admin, iskar, dolna_mitropolia, django_assert_num_queries
):
    second = open_round(iskar_admin, organisation=iskar, respondents=[iskar_admin], title="Втора")
    answer_all(iskar_admin, second, 4)
    second = services.round_close(actor=iskar_admin, round=second)
    assessed_peers(5, seat=dolna_mitropolia)
    client.force_login(iskar_admin)
    url = f"/en/assessments/rounds/{second.pk}/results/"
    client.get(url)
    small = _count(client, url, django_assert_num_queries)
    assessed_peers(7, seat=dolna_mitropolia, start=20)
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200


def test_the_round_list_costs_the_same_with_two_or_twelve_rounds(
    shipped, iskar, iskar_admin, iskar_member, client, django_assert_num_queries
):
    for n in range(2):
        open_round(iskar_admin, organisation=iskar, respondents=[iskar_admin], title=f"Р{n}")
    client.force_login(iskar_admin)
    client.get("/en/assessments/")
    small = _count(client, "/en/assessments/", django_assert_num_queries)
    for n in range(10):
        open_round(
            iskar_admin, organisation=iskar, respondents=[iskar_admin, iskar_member], title=f"П{n}"
        )
    with django_assert_num_queries(small):
        response = client.get("/en/assessments/")
    assert response.content.decode().count("data-round=") == 12


def test_scores_rows_are_what_peer_average_reads(closed_round):
    assert DimensionScore.objects.filter(round=closed_round, is_latest=True).count() == 7
