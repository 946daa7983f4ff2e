"""Shared test fixtures: the reference data, and people in every role, built through services."""

import datetime

import pytest

from partnerstvo.accounts.services import platform_role_grant, user_create
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory import services as directory
from partnerstvo.directory.models import (
    Administration,
    AdministrationMembership,
    AdministrationUnit,
    Municipality,
    OrganisationMembership,
)
from partnerstvo.directory.tests.factories import organisation_data, valid_eik

PASSWORD = "Test-Password-2026"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language. A request to an /en/ address leaves English
    active in the thread that served it (LocaleMiddleware activates and nothing deactivates), so
    a test that follows one on the same worker built /en/ links: an order-dependent failure."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


def clear_cache():
    """Empty this test process's cache: only its own keys, never the parallel workers'."""
    from partnerstvo.core.cache import cache_clear_own_keys

    cache_clear_own_keys()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (ids are reused between tests, cached pages are not)."""
    clear_cache()
    yield
    clear_cache()


def restore_wagtail_tree():
    """Give an emptied database back the rows migrations create: Wagtail's root page and
    collection, the default locale and the portal site."""
    from importlib import import_module

    from django.apps import apps as django_apps
    from django.conf import settings as django_settings
    from wagtail.models import Collection, Locale, Page

    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if Page.objects.filter(depth=1).exists():
        return
    Locale.objects.get_or_create(language_code=django_settings.LANGUAGE_CODE)
    Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
    portal_migration = import_module("partnerstvo.portal.migrations.0002_portal_home_page")
    portal_migration.create_portal_home(django_apps, None)


MIGRATED_SQLITE = "migrated.sqlite3"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """pytest-django's test database, and on SQLite a file copy of it as migrations left it,
    before any test wrote to it: the demo server's tests start from it instead of migrating a
    second database from nothing (a minute on a loaded machine), and `migrate` there checks
    that it has nothing left to apply."""
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        with django_db_blocker.unblock():
            connection.ensure_connection()
            copy = sqlite3.connect(tmp_path_factory.getbasetemp() / MIGRATED_SQLITE)
            try:
                connection.connection.backup(copy)
            finally:
                copy.close()
            connection.close()
    return django_db_setup


def migrated_sqlite_file(tmp_path_factory):
    """The migrated test database as a file (see ``django_db_setup``), or None on PostgreSQL."""
    path = tmp_path_factory.getbasetemp() / MIGRATED_SQLITE
    return path if path.exists() else None


def load_demo_data_for_tests(stdout=None):
    """``load_demo_data`` as the tests that read the whole demo need it: without updating
    Wagtail's search and reference indexes, which is half the time and which none of them reads
    (``make demo`` and the demo server's tests build them as production does)."""
    import io

    from django.conf import settings as django_settings
    from django.core.management import call_command
    from django.test import override_settings
    from wagtail.signal_handlers import disable_reference_index_auto_update

    restore_wagtail_tree()  # a transactional test before this one may have emptied the tables
    backends = {
        name: {**config, "AUTO_UPDATE": False}
        for name, config in django_settings.WAGTAILSEARCH_BACKENDS.items()
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends), disable_reference_index_auto_update():
        call_command("load_demo_data", stdout=stdout or io.StringIO())


@pytest.fixture(autouse=True)
def _wagtail_tree(request):
    """Transactional tests (browser tests) empty every table when they end; give the next one
    back the rows migrations create."""
    marker = request.node.get_closest_marker("django_db")
    if not marker or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    restore_wagtail_tree()


@pytest.fixture
def reference_data(db):
    directory.reference_data_load()


@pytest.fixture
def dolna_mitropolia(reference_data):
    return Municipality.objects.get(code="PVN10")


@pytest.fixture
def gorna_oryahovitsa(reference_data):
    return Municipality.objects.get(code="VTR06")


@pytest.fixture
def iskar(dolna_mitropolia):
    return directory.organisation_create(
        actor=SYSTEM,
        data=organisation_data(
            name="ССИЗП „Искър БГ“",
            short_name="Искър БГ",
            seat=dolna_mitropolia,
            eik=valid_eik(1),
            legal_form="union",
        ),
    )


@pytest.fixture
def go2000(gorna_oryahovitsa):
    return directory.organisation_create(
        actor=SYSTEM,
        data=organisation_data(
            name="Сдружение „Горна Оряховица 2000“",
            short_name="Горна Оряховица 2000",
            seat=gorna_oryahovitsa,
            eik=valid_eik(2),
        ),
    )


@pytest.fixture
def administration(dolna_mitropolia):
    administration = directory.administration_save(
        actor=SYSTEM,
        administration=Administration(),
        data={"municipality": dolna_mitropolia, "name": "Общинска администрация Долна Митрополия"},
    )
    directory.administration_unit_save(
        actor=SYSTEM,
        unit=AdministrationUnit(),
        data={"administration": administration, "name": "Отдел „Европейски програми“"},
    )
    return administration


@pytest.fixture
def other_administration(gorna_oryahovitsa):
    return directory.administration_save(
        actor=SYSTEM,
        administration=Administration(),
        data={"municipality": gorna_oryahovitsa, "name": "Общинска администрация Горна Оряховица"},
    )


def make_user(email, first="Тест", last="Потребител"):
    person = directory.person_create(
        actor=SYSTEM, data={"first_name": first, "last_name": last, "email": email}
    )
    return user_create(actor=SYSTEM, person=person, email=email, password=PASSWORD, validate=False)


def add_member(user, organisation, role):
    directory.organisation_membership_save(
        actor=SYSTEM,
        membership=OrganisationMembership(),
        data={
            "person": user.person,
            "organisation": organisation,
            "role": role,
            "start_date": datetime.date(2025, 1, 1),
        },
    )
    return user


@pytest.fixture
def coordinator(db):
    user = make_user("koordinator@example.bg", "Мария", "Петрова")
    platform_role_grant(actor=SYSTEM, user=user, role="coordinator")
    return user


@pytest.fixture
def auditor(db):
    user = make_user("oditor@example.bg", "Георги", "Иванов")
    platform_role_grant(actor=SYSTEM, user=user, role="auditor")
    return user


@pytest.fixture
def trainer(db):
    user = make_user("trener@example.bg", "Елена", "Димитрова")
    platform_role_grant(actor=SYSTEM, user=user, role="trainer")
    return user


@pytest.fixture
def iskar_admin(iskar):
    return add_member(make_user("admin@iskar.example.bg", "Иван", "Цветков"), iskar, "admin")


@pytest.fixture
def iskar_editor(iskar):
    return add_member(make_user("redaktor@iskar.example.bg", "Петя", "Николова"), iskar, "editor")


@pytest.fixture
def iskar_member(iskar):
    return add_member(make_user("chlen@iskar.example.bg", "Стефан", "Митов"), iskar, "member")


@pytest.fixture
def go2000_editor(go2000):
    return add_member(
        make_user("redaktor@go2000.example.bg", "Десислава", "Стоянова"), go2000, "editor"
    )


@pytest.fixture
def officer(administration):
    user = make_user("sluzhitel@dm.example.bg", "Красимир", "Пенев")
    directory.administration_membership_save(
        actor=SYSTEM,
        membership=AdministrationMembership(),
        data={"person": user.person, "administration": administration, "role": "officer"},
    )
    return user


@pytest.fixture
def bulgarian(settings):
    settings.LANGUAGE_CODE = "bg"


# --- Headless Chromium (Debian's package) driven by Playwright ---------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def _playwright_browser():
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the Django test code in the same
    # thread is synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (Debian's chromium package)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(_playwright_browser):
    context = _playwright_browser.new_context(
        locale="bg-BG", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()
