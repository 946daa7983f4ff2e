"""Searches fold Cyrillic case on SQLite (the embedded default) as on PostgreSQL.

These run on whichever database the suite uses; on SQLite they exercise ``core.sqlite`` (the
backend), on PostgreSQL they pin that both databases answer alike.
"""

import pytest
from django.db import connection
from django.db.models import Value
from django.db.models.functions import Lower, Upper
from wagtail.models import Page

from partnerstvo.directory.models import Organisation


def test_sqlite_keeps_its_own_like_for_case_sensitive_lookups(db):
    """Wagtail's tree queries (path__startswith) stay in SQLite's C LIKE, not in Python."""
    query = str(Page.objects.filter(path__startswith="0001").query)
    assert "LOWER(" not in query.upper()


def test_case_sensitive_lookups_are_case_sensitive_and_the_tree_index_is_used(iskar):
    """``contains`` and ``startswith`` match case as on PostgreSQL, ASCII included, while the
    ``i…`` lookups fold it; and a page-tree prefix is answered from the path index."""
    iskar.short_name = "Iskar BG"
    iskar.save()
    assert Organisation.objects.filter(short_name__contains="Iskar").exists()
    assert not Organisation.objects.filter(short_name__contains="iskar").exists()
    assert not Organisation.objects.filter(short_name__startswith="ISKAR").exists()
    assert Organisation.objects.filter(short_name__icontains="iskar").exists()
    if connection.vendor == "sqlite":
        plan = Page.objects.filter(path__startswith="0001").explain()
        assert "SEARCH" in plan and "path>? AND path<?" in plan, plan


@pytest.fixture
def iskar_org(iskar):
    return iskar  # name "ССИЗП „Искър БГ“", short name "Искър БГ"


def test_orm_lookups_fold_cyrillic_case(iskar_org):
    assert Organisation.objects.filter(name__icontains="искър").get() == iskar_org
    assert Organisation.objects.filter(short_name__istartswith="ИСКЪР").get() == iskar_org
    assert Organisation.objects.filter(short_name__iexact="искър бг").get() == iskar_org
    assert Organisation.objects.filter(short_name__iendswith="ър бг").get() == iskar_org
    # Django escapes % and _ in the pattern: they stay literal.
    assert not Organisation.objects.filter(name__icontains="и%ър").exists()
    assert not Organisation.objects.filter(name__icontains="иск_р").exists()
    # A pattern that is an expression, not a parameter.
    assert Organisation.objects.filter(name__icontains=Value("искър")).exists()
    assert Organisation.objects.filter(short_name__istartswith=Value("искър")).exists()
    assert Organisation.objects.filter(short_name__iendswith=Value("ЪР бг")).exists()


def test_lower_and_upper_fold_cyrillic(iskar_org):
    row = Organisation.objects.annotate(low=Lower("short_name"), up=Upper("short_name")).get()
    assert (row.low, row.up) == ("искър бг", "ИСКЪР БГ")
    assert Organisation.objects.annotate(low=Lower("name")).filter(low__contains="искър").exists()


def test_connection_has_the_functions_on_sqlite(db):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL folds case itself")
    with connection.cursor() as cursor:
        cursor.execute("SELECT lower('ИСКЪР'), upper('искър')")
        assert cursor.fetchone() == ("искър", "ИСКЪР")


def test_public_cso_list_finds_iskar_from_lower_case(client, iskar_org):
    response = client.get("/organisations/", {"q": "искър"})
    assert iskar_org.name in response.content.decode()
    response = client.get("/api/v1/organisations/", {"search": "искър"})
    assert response.json()["count"] == 1


def test_back_office_listings_and_searches_find_iskar_from_lower_case(
    client, coordinator, iskar_org
):
    client.force_login(coordinator)
    response = client.get("/admin/organisations/", {"q": "искър"})
    assert response.status_code == 200
    assert iskar_org.name in response.content.decode()


def test_wagtail_page_search_and_chooser_find_iskar_from_lower_case(client, coordinator):
    home = Page.objects.get(depth=2)
    page = home.add_child(instance=Page(title="Читалище „Искър“", slug="chitalishte-iskar"))
    superuser = coordinator
    superuser.is_superuser = True
    superuser.save()
    client.force_login(superuser)
    response = client.get("/admin/pages/search/", {"q": "искър"})
    assert response.status_code == 200
    assert page.title in response.content.decode()
    response = client.get("/admin/choose-page/search/", {"q": "искър"})
    assert response.status_code == 200
    assert page.title in response.content.decode()
