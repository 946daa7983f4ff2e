"""The back-office pattern page: who sees it, that it renders every component, and that it lists
every component the templates use."""

import re
from pathlib import Path

import pytest

from partnerstvo.core.patterns import patterns

PROJECT = Path(__file__).resolve().parents[2]
INCLUDE = re.compile(r"""\{%\s*include\s+["'](includes/[^"']+)["']""")


def _template_files():
    return [path for path in PROJECT.rglob("templates/**/*.html") if ".venv" not in path.parts]


def _component_files():
    return {
        f"includes/components/{path.name}"
        for path in PROJECT.rglob("templates/includes/components/*.html")
    }


def test_every_component_has_an_entry_and_every_entry_a_template():
    registered = {pattern.template for pattern in patterns()}
    assert _component_files(), "no component templates found"
    missing = _component_files() - registered
    assert not missing, f"components without an entry in core/patterns.py: {sorted(missing)}"
    for pattern in patterns():
        found = list(PROJECT.rglob(f"templates/{pattern.template}"))
        assert found, f"{pattern.name}: no template {pattern.template}"


def test_every_included_component_is_on_the_pattern_page():
    registered = {pattern.template for pattern in patterns()}
    used = {}
    for path in _template_files():
        for name in INCLUDE.findall(path.read_text(encoding="utf-8")):
            used.setdefault(name, path.relative_to(PROJECT))
    components = {name: where for name, where in used.items() if name.startswith("includes/")}
    assert "includes/components/pagination.html" in components  # the scan finds real includes
    unlisted = {name: str(where) for name, where in components.items() if name not in registered}
    assert not unlisted, f"templates include components the pattern page does not show: {unlisted}"


def test_a_back_office_user_sees_every_component_in_bulgarian(client, coordinator):
    client.force_login(coordinator)
    page = client.get("/admin/patterns/", HTTP_ACCEPT_LANGUAGE="bg")
    assert page.status_code == 200
    html = page.content.decode()
    for pattern in patterns():
        assert f'id="pattern-{pattern.name}"' in html
        assert pattern.template in html
        preview = client.get(f"/admin/patterns/{pattern.name}/")
        assert preview.status_code == 200, pattern.name
        assert preview["X-Frame-Options"] == "SAMEORIGIN"
        body = preview.content.decode()
        assert '<html lang="bg">' in body and "core/css/site.css" in body
    assert "Страници" in client.get("/admin/patterns/pagination/").content.decode()
    assert "Страница 2 от 5" in client.get("/admin/patterns/pagination/").content.decode()
    assert "field--error" in client.get("/admin/patterns/form_field/").content.decode()


def test_an_unknown_component_is_a_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/admin/patterns/no-such-thing/").status_code == 404


@pytest.mark.parametrize("url", ["/admin/patterns/", "/admin/patterns/card/"])
def test_visitors_and_members_without_back_office_access_do_not_see_it(client, iskar_member, url):
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    client.force_login(iskar_member)
    member = client.get(url)
    assert member.status_code in (302, 403)
    assert b"pattern-card" not in member.content
