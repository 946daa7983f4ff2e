import io

import pytest

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory import services
from partnerstvo.directory.models import AreaOfWork, Municipality

from .factories import organisation_data, valid_eik


@pytest.fixture
def many_organisations(reference_data):
    """60 CSOs spread over the Pleven oblast, a few in Sofia, with areas of work."""
    area = services.area_of_work_save(
        actor=SYSTEM, area=AreaOfWork(), data={"name": "Околна среда"}
    )
    pleven = list(Municipality.objects.filter(oblast__code="PVN").order_by("code"))
    sofia = Municipality.objects.get(code="SOF46")
    for index in range(60):
        seat = pleven[index % len(pleven)] if index < 55 else sofia
        services.organisation_create(
            actor=SYSTEM,
            data=organisation_data(
                name=f"Сдружение „Зелено бъдеще {index:02d}“",
                eik=valid_eik(100 + index),
                seat=seat,
                legal_form="foundation" if index % 2 else "association",
                in_programme=index % 3 == 0,
                areas=[area] if index % 4 == 0 else [],
                municipalities=[sofia] if index == 7 else [],
            ),
        )
    return area


def test_municipality_list_groups_all_265_by_oblast(
    client, reference_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get("/municipalities/")
    assert response.status_code == 200
    body = response.content.decode()
    import re

    assert len(re.findall(r'href="/municipalities/[a-z0-9-]+/"', body)) == 265
    assert "Долна Митрополия" in body


def test_municipality_page_shows_its_csos_and_administration(client, iskar, administration):
    response = client.get("/municipalities/dolna-mitropolia/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "ССИЗП „Искър БГ“" in body
    assert "Общинска администрация Долна Митрополия" in body
    assert "Отдел „Европейски програми“" in body
    trail = body[body.index('<nav class="breadcrumbs"') :]
    trail = trail[: trail.index("</nav>")]
    assert '<a href="/">Начало</a>' in trail and 'href="/municipalities/"' in trail


def test_organisation_list_filters_and_paginates(
    client, many_organisations, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get("/organisations/")
    page = response.context["page_obj"]
    assert page.paginator.count == 60
    assert len(page.object_list) == 24
    assert client.get("/organisations/?page=3").context["page_obj"].number == 3
    # Out-of-range and malformed pages fall back instead of failing.
    assert client.get("/organisations/?page=99").status_code == 200
    assert client.get("/organisations/?page=x").status_code == 200

    def count(query):
        return client.get(f"/organisations/?{query}").context["page_obj"].paginator.count

    assert count("oblast=SOF") == 6  # five seated in Sofia, one acting there
    assert count("municipality=stolichna") == 6
    assert count("legal_form=foundation") == 30
    assert count("programme=yes") == 20
    assert count(f"area={many_organisations.slug}") == 15
    assert count("q=бъдеще+07") == 1
    assert count("q=" + valid_eik(103)[:9]) == 1
    assert count("oblast=SOF&legal_form=foundation") == 4  # 55, 57, 59 seated; 7 acting
    # Filters keep each other in the pagination links.
    response = client.get("/organisations/?legal_form=association")
    assert "legal_form=association&amp;page=2" in response.content.decode()


def test_organisation_list_queries_do_not_grow_with_the_page(
    client, many_organisations, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        client.get("/organisations/?page=2")


def test_organisation_page_shows_public_profile_and_hides_members(client, iskar, iskar_member):
    response = client.get("/organisations/iskar-bg/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "ССИЗП „Искър БГ“" in body
    assert '"@type": "NGO"' in body
    assert "chlen@iskar.example.bg" not in body


def test_members_see_the_member_list_of_their_own_cso_only(
    client, iskar, go2000, iskar_member, go2000_editor
):
    client.force_login(iskar_member)
    assert "chlen@iskar.example.bg" in client.get("/organisations/iskar-bg/").content.decode()
    client.force_login(go2000_editor)
    body = client.get("/organisations/iskar-bg/").content.decode()
    assert "chlen@iskar.example.bg" not in body
    assert (
        "redaktor@go2000.example.bg"
        in client.get("/organisations/gorna-oryahovitsa-2000/").content.decode()
    )


def test_edit_link_only_for_those_who_may_edit(client, iskar, iskar_editor, iskar_member):
    client.force_login(iskar_member)
    assert (
        "/admin/organisations/edit/" not in client.get("/organisations/iskar-bg/").content.decode()
    )
    client.force_login(iskar_editor)
    assert "/admin/organisations/edit/" in client.get("/organisations/iskar-bg/").content.decode()


def test_pages_are_in_english_under_en(client, iskar):
    response = client.get("/en/organisations/iskar-bg/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert "Legal form" in response.content.decode()
    bulgarian = client.get("/organisations/iskar-bg/").content.decode()
    assert '<html lang="bg">' in bulgarian
    assert "Правна форма" in bulgarian
    # The language switcher links to the same page in the other language.
    assert 'href="/en/organisations/iskar-bg/"' in bulgarian


def test_base_layout_is_accessible(client, db):
    body = client.get("/organisations/").content.decode()
    assert 'class="skip-link" href="#main"' in body
    assert '<main id="main"' in body
    assert 'role="banner"' in body and 'role="contentinfo"' in body
    assert '<meta name="viewport"' in body


def test_detail_pages_use_a_fixed_number_of_queries(
    client, iskar, administration, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        assert client.get("/organisations/iskar-bg/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/municipalities/dolna-mitropolia/").status_code == 200


def test_demo_data_loads_twice_without_duplicating_or_overwriting(db, settings):
    """Loading the demo again changes nothing (and it prints every address on the configured
    port: checked here too, as loading the demo is one of the suite's slowest steps)."""
    import re

    from conftest import load_demo_data_for_tests
    from partnerstvo.accounts.models import User
    from partnerstvo.directory.models import Administration, Organisation, OrganisationMembership

    port = "8123"
    settings.PLATFORM_BASE_URL = f"http://localhost:{port}"
    out = io.StringIO()
    load_demo_data_for_tests(stdout=out)
    urls = re.findall(r"https?://\S+", out.getvalue())
    assert f"http://localhost:{port}/accounts/login/" in urls
    assert any(re.fullmatch(rf"http://[a-z0-9-]+\.localhost:{port}/", url) for url in urls)
    assert all(f":{port}/" in url for url in urls), urls
    counts = (
        Organisation.objects.count(),
        User.objects.count(),
        OrganisationMembership.objects.count(),
        Administration.objects.count(),
    )
    assert counts[0] == 25
    assert Municipality.objects.filter(in_programme=True).count() == 25
    iskar = Organisation.objects.get(slug="iskar-bg")
    assert iskar.seat.name == "Долна Митрополия"
    Organisation.objects.filter(pk=iskar.pk).update(description="Редактирано в демото")
    load_demo_data_for_tests()
    assert counts == (
        Organisation.objects.count(),
        User.objects.count(),
        OrganisationMembership.objects.count(),
        Administration.objects.count(),
    )
    assert Organisation.objects.get(pk=iskar.pk).description == "Редактирано в демото"
    roles = set(User.objects.values_list("platform_roles__role", flat=True))
    assert {"coordinator", "auditor", "trainer"} <= roles
    assert Organisation.objects.get(slug="gorna-oryahovitsa-2000").municipalities.count() == 25
