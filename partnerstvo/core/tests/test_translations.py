"""Bulgarian first, English complete: our catalogues are complete and compiled, and every Wagtail
admin string a CSO editor or municipal officer meets is in Bulgarian."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
import wagtail
from django.conf import settings
from django.utils.translation import trans_real

PROJECT = Path(settings.BASE_DIR) / "partnerstvo"
WAGTAIL = Path(wagtail.__file__).resolve().parent


# Wagtail catalogues behind the screens of the back office (everything but the style guide).
def _installed(path: Path) -> bool:
    from django.apps import apps

    package = path.parents[3].relative_to(WAGTAIL.parent)
    return apps.is_installed(".".join(package.parts))


WAGTAIL_CATALOGUES = sorted(
    path for path in WAGTAIL.glob("**/locale/en/LC_MESSAGES/django*.po") if _installed(path)
)


def _catalogue_files():
    for language in ("bg", "en"):
        for domain in ("django",):
            yield PROJECT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"


@pytest.mark.parametrize("po_path", list(_catalogue_files()), ids=str)
def test_our_catalogues_are_complete(po_path):
    catalogue = polib.pofile(str(po_path))
    missing = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags and not e.obsolete]
    assert not missing, f"untranslated in {po_path}: {missing[:20]}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy[:20]}"


@pytest.mark.parametrize(
    "po_path",
    [
        *list(_catalogue_files()),
        PROJECT / "locale_wagtail" / "bg" / "LC_MESSAGES" / "django.po",
        PROJECT / "locale_wagtail" / "bg" / "LC_MESSAGES" / "djangojs.po",
    ],
    ids=str,
)
def test_compiled_catalogues_match_their_sources(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages`"
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.pofile(str(po_path))
        if e.translated() and not e.obsolete
    }
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.mofile(str(mo_path))
        if e.msgid
    }
    assert source == compiled, f"{mo_path} is stale: run `make messages`"


def _bulgarian_catalog(domain: str = "django") -> dict:
    if domain == "django":
        return trans_real.translation("bg")._catalog
    # The JavaScript catalogue, as Django's JavaScriptCatalog view builds it.
    return trans_real.DjangoTranslation("bg", domain=domain)._catalog


def _english_entries(domain: str | None = None):
    for path in WAGTAIL_CATALOGUES:
        if domain is not None and path.stem != domain:
            continue
        for entry in polib.pofile(str(path)):
            if not entry.obsolete and entry.msgid:
                yield path, entry


def _has_translation(catalog, entry) -> bool:
    key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
    if entry.msgid_plural:
        return bool(catalog.get((key, 0))) and bool(catalog.get((key, 1)))
    return bool(catalog.get(key))


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_wagtail_admin_string_has_a_bulgarian_translation(db, domain):
    catalog = _bulgarian_catalog(domain)
    missing = [
        f"{path.relative_to(WAGTAIL)}: {entry.msgid!r}"
        for path, entry in _english_entries(domain)
        if not _has_translation(catalog, entry)
    ]
    assert not missing, f"{len(missing)} Wagtail strings lack Bulgarian, e.g. {missing[:10]}"


class _TextCollector(HTMLParser):
    SKIP = {"script", "style", "template", "svg"}

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        for name, value in attrs:
            if name in {"title", "placeholder", "aria-label", "alt"} and value:
                self.texts.append(value.strip())

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.texts.append(" ".join(data.split()))


# Text that is not a message: Wagtail renders the Python value None in a hidden side-panel counter.
NOT_MESSAGES = {"None"}


def _english_only_strings() -> set[str]:
    """Wagtail's English strings (without placeholders) whose Bulgarian differs from them."""
    catalog = _bulgarian_catalog()
    strings = set()
    for _path, entry in _english_entries("django"):
        if entry.msgid_plural or re.search(r"%|\{", entry.msgid) or len(entry.msgid) < 3:
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if catalog.get(key, entry.msgid) != entry.msgid:
            strings.add(entry.msgid)
    return strings - NOT_MESSAGES


@pytest.mark.parametrize("who", ["iskar_editor", "officer"])
def test_screens_an_editor_or_officer_meets_show_no_english(
    client, who, request, iskar, administration
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    english = _english_only_strings()
    screens = ["/admin/", "/admin/account/", "/admin/people/"]
    if who == "iskar_editor":
        # The CSO's website: its page tree, editor, images, documents, settings, inbox.
        from partnerstvo.core.permissions import SYSTEM
        from partnerstvo.websites.models import NewsIndexPage
        from partnerstvo.websites.services import website_enable

        website = website_enable(actor=SYSTEM, organisation=iskar)
        home = website.site.root_page
        news_index = NewsIndexPage.objects.child_of(home).get()
        screens += [
            f"/admin/pages/{home.pk}/",
            f"/admin/pages/{home.pk}/edit/",
            f"/admin/pages/add/websites/newsitempage/{news_index.pk}/",
            "/admin/images/",
            "/admin/images/add/",
            "/admin/documents/",
            f"/admin/cso_websites/edit/{website.pk}/",
            "/admin/inbox/",
            "/admin/websites/freshness/",
            "/trainings/my/",
        ]
        screens += [
            "/admin/organisations/",
            "/admin/organisation_memberships/",
            f"/admin/organisations/edit/{iskar.pk}/",
            f"/admin/organisations/inspect/{iskar.pk}/",
            f"/admin/organisations/history/{iskar.pk}/",
        ]
    else:
        screens += [
            "/admin/administrations/",
            "/admin/administration_memberships/",
            f"/admin/administrations/edit/{administration.pk}/",
            "/admin/administration_units/",
            "/admin/administration_units/new/",
        ]
    shown_in_english = {}
    for url in screens:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="bg")
        assert response.status_code == 200, (url, response.status_code)
        collector = _TextCollector()
        collector.feed(response.content.decode())
        found = sorted({text for text in collector.texts if text in english})
        if found:
            shown_in_english[url] = found
    assert not shown_in_english, f"English strings shown to a Bulgarian user: {shown_in_english}"
