"""The public register (filters, pagination, constant queries), an agreement's page and its
actions through the pages (refusals are messages, never server errors), documents behind the
policy, the CSV, the API and the CSO website's partnerships page."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from conftest import PASSWORD
from partnerstvo.core.contributions import contributors
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.partnerships import services
from partnerstvo.partnerships.models import Agreement

from .conftest import PDF, confirmed, pdf, propose
from .meetings import held_meeting

pytestmark = pytest.mark.django_db


def _login(client, user):
    assert client.login(username=user.email, password=PASSWORD)


def test_the_register_lists_confirmed_agreements_only(client, active, draft):
    response = client.get("/partnerships/agreements/")
    assert response.status_code == 200
    assert [a.pk for a in response.context["page_obj"].object_list] == [active.pk]
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(active.get_absolute_url()).status_code == 200


def test_a_party_admin_sees_its_draft_in_the_register(client, draft, iskar_admin):
    _login(client, iskar_admin)
    response = client.get("/partnerships/agreements/")
    assert [a.pk for a in response.context["page_obj"].object_list] == [draft.pk]
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_the_register_filters_by_municipality_kind_and_status(
    client, active, iskar_admin, officer, iskar, administration, gorna_oryahovitsa
):
    terminated = confirmed(
        iskar_admin,
        officer,
        organisation=iskar,
        administration=administration,
        kind=Agreement.Kind.MEMORANDUM,
    )
    services.agreement_terminate(actor=officer, agreement=terminated, reason="Изпълнено.")

    def listed(query):
        response = client.get(f"/partnerships/agreements/?{query}")
        assert response.status_code == 200
        return {a.pk for a in response.context["page_obj"].object_list}

    assert listed("municipality=dolna-mitropoliya") == {active.pk, terminated.pk}
    assert listed(f"municipality={gorna_oryahovitsa.slug}") == set()
    assert listed("kind=memorandum") == {terminated.pk}
    assert listed("status=active") == {active.pk}
    assert listed("status=terminated") == {terminated.pk}
    assert listed("q=социалните") == {active.pk, terminated.pk}
    # An unknown value is an error beside its field, the register then unfiltered; never a 500.
    response = client.get("/partnerships/agreements/?status=nonsense&page=abc")
    assert response.status_code == 200 and response.context["form"].errors


def test_the_register_is_paginated_with_constant_queries(
    client, iskar_admin, officer, iskar, administration, django_assert_max_num_queries
):
    for _ in range(3):
        confirmed(iskar_admin, officer, organisation=iskar, administration=administration)
    with django_assert_max_num_queries(6) as few:
        client.get("/partnerships/agreements/")
    for _ in range(22):
        confirmed(iskar_admin, officer, organisation=iskar, administration=administration)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/partnerships/agreements/")
    assert len(response.context["page_obj"].object_list) == 20
    assert response.context["page_obj"].paginator.num_pages == 2
    assert client.get("/partnerships/agreements/?page=2").status_code == 200


def test_the_csv_lists_the_register(client, active, draft):
    response = client.get("/partnerships/agreements.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "kind", "title"]
    assert [row[0] for row in rows[1:]] == [str(active.pk)]
    assert rows[1][4] == "active"
    assert "Искър БГ" in rows[1][7] and "Долна Митрополия" in rows[1][7]


def test_documents_follow_the_agreement(client, draft, active, iskar_admin):
    document = draft.documents.get()
    url = f"/partnerships/agreements/{draft.pk}/documents/{document.pk}/"
    assert client.get(url).status_code == 404
    public = active.documents.get()
    response = client.get(f"/partnerships/agreements/{active.pk}/documents/{public.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    # Another agreement's id in the address: not found.
    assert (
        client.get(f"/partnerships/agreements/{draft.pk}/documents/{public.pk}/").status_code == 404
    )
    _login(client, iskar_admin)
    assert client.get(url).status_code == 200


def test_proposing_through_the_page(client, iskar_admin, iskar, administration, officer):
    _login(client, iskar_admin)
    response = client.get("/partnerships/agreements/new/")
    assert response.status_code == 200
    today = timezone.localdate()
    data = {
        "kind": "memorandum",
        "title": "Меморандум за сътрудничество",
        "subject": "Сътрудничество по младежките политики.",
        "starts_on": today.isoformat(),
        "ends_on": (today - datetime.timedelta(days=3)).isoformat(),
        "own_party": f"o{iskar.pk}",
        "party_1": f"a{administration.pk}",
    }
    response = client.post("/partnerships/agreements/new/", data)
    assert response.status_code == 400
    assert "не може да изтича преди началото си" in response.content.decode()
    assert not Agreement.objects.exists()
    # A forged party (not in the choices) is refused by the form.
    response = client.post(
        "/partnerships/agreements/new/",
        {**data, "ends_on": today.isoformat(), "own_party": f"a{administration.pk}"},
    )
    assert response.status_code == 400 and not Agreement.objects.exists()
    # One party only.
    response = client.post(
        "/partnerships/agreements/new/",
        {**data, "ends_on": today.isoformat(), "party_1": f"o{iskar.pk}"},
    )
    assert response.status_code == 400 and not Agreement.objects.exists()
    response = client.post(
        "/partnerships/agreements/new/",
        {**data, "ends_on": (today + datetime.timedelta(days=90)).isoformat(), "document": pdf()},
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302 and response["Location"] == agreement.get_absolute_url()
    assert agreement.documents.count() == 1 and agreement.status == "draft"


def test_the_proposal_page_is_for_party_admins(client, iskar_member, outsider):
    assert client.get("/partnerships/agreements/new/").status_code == 302  # to log in
    _login(client, iskar_member)
    assert client.get("/partnerships/agreements/new/").status_code == 403


def test_confirming_through_the_page(client, draft, officer, iskar_admin):
    party = draft.parties.get(administration__isnull=False)
    own = draft.parties.get(organisation__isnull=False)
    _login(client, iskar_admin)
    # The CSO admin forging the municipality's party: refused, nothing changes.
    response = client.post(f"/partnerships/agreements/{draft.pk}/confirm/", {"party": party.pk})
    assert response.status_code == 400
    response = client.post(f"/partnerships/agreements/{draft.pk}/confirm/", {"party": own.pk})
    assert response.status_code == 400  # already confirmed: a message, not a 500
    draft.refresh_from_db()
    assert draft.confirmed_at is None
    client.logout()
    _login(client, officer)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="confirm-form"' in page
    response = client.post(f"/partnerships/agreements/{draft.pk}/confirm/", {"party": party.pk})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "active"


def test_renewing_and_terminating_through_the_page(client, active, officer, outsider):
    url = f"/partnerships/agreements/{active.pk}"
    _login(client, outsider)
    assert client.post(f"{url}/terminate/", {"reason": "х"}).status_code == 403  # not its party
    client.logout()
    _login(client, officer)
    response = client.post(
        f"{url}/renew/",
        {
            "new_end": active.ends_on.isoformat(),
            "signed_on": timezone.localdate().isoformat(),
            "file": pdf(),
        },
    )
    assert response.status_code == 400
    assert "след края му" in response.content.decode()
    new_end = active.ends_on + datetime.timedelta(days=100)
    response = client.post(
        f"{url}/renew/",
        {
            "new_end": new_end.isoformat(),
            "signed_on": timezone.localdate().isoformat(),
            "file": pdf("anex.pdf"),
        },
    )
    assert response.status_code == 302
    active.refresh_from_db()
    assert active.ends_on == new_end
    page = client.get(active.get_absolute_url()).content.decode()
    assert 'id="renewals"' in page
    response = client.post(
        f"{url}/terminate/", {"reason": "", "terminated_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 400
    response = client.post(
        f"{url}/terminate/",
        {"reason": "Целите са постигнати.", "terminated_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    active.refresh_from_db()
    assert active.status == "terminated"


def test_agreements_show_on_the_cso_website(iskar, active, draft, go2000):
    (contributor,) = contributors(["agreements"])
    items = contributor(iskar, limit=10)
    assert [item.url for item in items] == [active.get_absolute_url()]
    assert "Долна Митрополия" in items[0].summary
    assert contributor(go2000, limit=10) == []


def test_agreements_in_the_api(client, active, draft, iskar, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/agreements/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [item["id"] for item in results] == [active.pk]
    assert results[0]["status"] == "active"
    assert {party["kind"] for party in results[0]["parties"]} == {"organisation", "administration"}
    assert client.get(f"/api/v1/agreements/{draft.pk}/").status_code == 404
    assert client.get("/api/v1/agreements/?status=expired").json()["results"] == []
    by_party = client.get(f"/api/v1/agreements/?organisation={iskar.slug}").json()["results"]
    assert [item["id"] for item in by_party] == [active.pk]
    assert client.get("/api/v1/agreements/?organisation=nobody").json()["results"] == []
    assert client.get("/api/v1/agreements/?status=bogus").status_code == 400


def test_transparent_councils_in_the_api(client, council, private_council, officer):
    held_meeting(council, officer, publish=True)
    response = client.get("/api/v1/councils/")
    assert response.status_code == 200
    (item,) = response.json()["results"]
    assert item["slug"] == council.slug
    assert {m["position"] for m in item["members"]} == {"secretary", "chair"}
    assert len(item["meetings"]) == 1
    assert item["decisions"][0]["text"] == "Приема плана за 2026 г."
    assert len(item["decisions"][0]["actions"]) == 2
    assert client.get(f"/api/v1/councils/{private_council.slug}/").status_code == 404


def test_system_may_act_for_the_demo(iskar, administration):
    agreement = propose(SYSTEM, organisation=iskar, administration=administration)
    party = agreement.parties.get(administration__isnull=False)
    services.agreement_confirm(actor=SYSTEM, agreement=agreement, party=party)
    agreement.refresh_from_db()
    assert agreement.status == "active"


def test_changing_a_draft_through_the_page(client, draft, officer, outsider, iskar_admin):
    url = f"/partnerships/agreements/{draft.pk}/edit/"
    assert client.get(url).status_code == 302  # to log in
    _login(client, outsider)
    assert client.get(url).status_code == 404  # a draft of others: not even seen
    client.logout()
    _login(client, officer)
    assert client.get(url).status_code == 200
    party = draft.parties.get(administration__isnull=False)
    data = {
        "kind": draft.kind,
        "title": "Ново заглавие",
        "subject": draft.subject,
        "starts_on": draft.starts_on.isoformat(),
        "ends_on": (draft.starts_on - datetime.timedelta(days=1)).isoformat(),
        f"obligations_{party.pk}": "Осигурява зала и техника.",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.title != "Ново заглавие"
    data["ends_on"] = draft.ends_on.isoformat()
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Ново заглавие"
    assert not draft.parties.get(organisation__isnull=False).confirmed_at


def test_a_confirmed_agreement_has_no_edit_page(client, active, iskar_admin):
    _login(client, iskar_admin)
    response = client.get(f"/partnerships/agreements/{active.pk}/edit/")
    assert response.status_code == 302 and response["Location"] == active.get_absolute_url()


def test_changing_a_council_through_the_page(client, council, secretary, iskar_admin):
    url = f"/partnerships/councils/{council.slug}/edit/"
    _login(client, iskar_admin)
    assert client.get(url).status_code == 403
    client.logout()
    _login(client, secretary)
    response = client.get(url)
    assert response.status_code == 200
    data = {
        "kind": council.kind,
        "name": council.name,
        "legal_basis": council.legal_basis,
        "basis_number": "124",
        "basis_date": "2026-03-01",
        "purpose": "",
        "decision_making": "",
        "visibility": "private",
    }
    assert client.post(url, data).status_code == 400  # the purpose is required
    data["purpose"] = "Нова цел."
    assert client.post(url, data).status_code == 302
    council.refresh_from_db()
    assert (council.purpose, council.visibility, council.basis_number) == (
        "Нова цел.",
        "private",
        "124",
    )
