"""The pages: the list with its filters and pagination, an analysis's page (every section, the
same number of queries for 3 and for 30 rows of each kind), the PDF report (real, cached,
renewed on change), the form with its formsets (bad input is a message beside the field and
nothing is written), documents behind the policy, and 404 rather than 500 for bad addresses."""

import io

import pytest
from django.urls import reverse

from conftest import PASSWORD
from partnerstvo.analyses import services
from partnerstvo.analyses.models import AnalysisDocument, ProblemAnalysis

from .conftest import PDF, analysis_data, build, pdf

pytestmark = pytest.mark.django_db

KINDS = ["stakeholders", "findings", "swot", "recommendations", "authors"]


def _login(client, user):
    assert client.login(username=user.email, password=PASSWORD)


def _listed(client, query=""):
    response = client.get(f"/en/analyses/?{query}")
    assert response.status_code == 200
    return {a.pk for a in response.context["page_obj"].object_list}


def test_the_list_shows_published_analyses_and_filters_them(
    client, published, draft, go2000, coordinator, gorna_oryahovitsa, area
):
    other = build(
        coordinator,
        organisation=go2000,
        municipalities=[gorna_oryahovitsa],
        publish=True,
        title="Старите хора в селата",
        areas=[],
        period_start=published.period_start.replace(year=2023),
        period_end=published.period_end.replace(year=2023),
    )
    assert _listed(client) == {published.pk, other.pk}
    assert _listed(client, "municipality=dolna-mitropolia") == {published.pk}
    assert _listed(client, f"municipality={gorna_oryahovitsa.slug}") == {other.pk}
    assert _listed(client, f"area={area.slug}") == {published.pk}
    assert _listed(client, "year=2023") == {other.pk}
    assert _listed(client, "year=2025") == {published.pk}
    # Unknown values are errors beside the fields, the list then unfiltered; never a 500.
    response = client.get("/en/analyses/?municipality=nowhere&year=abc&area=x&page=zzz")
    assert response.status_code == 200 and response.context["form"].errors
    assert client.get("/en/analyses/?year=99999").status_code == 200


def test_the_owner_sees_its_draft_in_the_list_and_others_do_not(
    client, draft, published, iskar_member, go2000_editor
):
    _login(client, iskar_member)
    assert _listed(client) == {draft.pk, published.pk}
    client.logout()
    _login(client, go2000_editor)
    assert _listed(client) == {published.pk}
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("analyses:pdf", args=[draft.slug])).status_code == 404
    assert client.get(reverse("analyses:edit", args=[draft.slug])).status_code == 404
    assert client.get(reverse("analyses:edit", args=[published.slug])).status_code == 403
    for name in ("publish", "unpublish", "document-add"):
        assert client.post(reverse(f"analyses:{name}", args=[draft.slug])).status_code == 404
    assert client.post(reverse("analyses:unpublish", args=[published.slug])).status_code == 403
    published.refresh_from_db()
    assert published.is_published


def test_the_list_is_paginated_with_constant_queries(
    client,
    iskar_admin,
    iskar,
    dolna_mitropolia,
    area,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    for n in range(3):
        build(iskar_admin, organisation=iskar, municipalities=[dolna_mitropolia], publish=True,
              title=f"Анализ {n}", n=1)  # fmt: skip
    with django_assert_max_num_queries(12) as few:
        client.get("/en/analyses/")
    for n in range(3, 25):
        build(iskar_admin, organisation=iskar, municipalities=[dolna_mitropolia], publish=True,
              title=f"Анализ {n}", n=1)  # fmt: skip
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/en/analyses/")
    assert len(response.context["page_obj"].object_list) == 20
    assert client.get("/en/analyses/?page=2").status_code == 200


def test_the_page_shows_every_section(client, published):
    services.analysis_document_add(
        actor=published.created_by, analysis=published, title="Пълен доклад", file=pdf()
    )
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for anchor in (
        'id="problem"',
        'id="territory"',
        'id="stakeholders"',
        'id="findings"',
        'id="swot"',
        'id="recommendations"',
        'id="authors"',
        'id="documents"',
    ):
        assert anchor in html  # fmt: skip
    assert html.count('class="swot__quadrant') == 4
    assert "Работодател 2" in html and "Препоръка 1" in html and "Пълен доклад" in html
    assert "12 %" in html  # a figure with its unit
    assert 'id="edit-analysis"' not in html  # a visitor does not manage it


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_page_costs_the_same_queries_for_3_and_30_rows(
    client,
    iskar_admin,
    iskar,
    dolna_mitropolia,
    area,
    logged_in,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    if logged_in:
        _login(client, iskar_admin)
    small = build(iskar_admin, organisation=iskar, municipalities=[dolna_mitropolia],
                  publish=True, n=3, title="Малък")  # fmt: skip
    large = build(iskar_admin, organisation=iskar, municipalities=[dolna_mitropolia],
                  publish=True, n=30, title="Голям")  # fmt: skip
    for analysis in (small, large):
        for n in range(3 if analysis is small else 30):
            services.analysis_document_add(
                actor=iskar_admin, analysis=analysis, title=f"Документ {n}", file=pdf()
            )
    with django_assert_max_num_queries(30) as few:
        assert client.get(small.get_absolute_url()).status_code == 200
    count = len(few.captured_queries)
    with django_assert_num_queries(count):
        response = client.get(large.get_absolute_url())
    assert len(response.context["stakeholders"]) == 30
    assert len(response.context["documents"]) == 30


def test_the_pdf_report_is_a_real_pdf_with_the_analysis_in_it(client, published):
    import pypdf

    url = reverse("analyses:pdf", args=[published.slug])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert "Достъп до социални услуги в селата" in text
    assert "Работодател 1" in text and "Препоръка 2" in text


def test_the_pdf_of_a_published_analysis_is_cached_until_it_changes(
    client, published, iskar_admin, django_assert_max_num_queries
):
    url = reverse("analyses:pdf", args=[published.slug])
    first = client.get(url).content
    with django_assert_max_num_queries(2):  # the analysis's row; the report from the cache
        assert client.get(url).content == first
    services.analysis_update(
        actor=iskar_admin, analysis=published, data={"title": "Ново заглавие на анализа"}
    )
    import pypdf

    changed = client.get(url).content
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(changed)).pages)
    assert "Ново заглавие на анализа" in text


def _post_data(form: dict, rows: dict | None = None) -> dict:
    data = dict(form)
    for kind in KINDS:
        kind_rows = (rows or {}).get(kind, [])
        data[f"{kind}-TOTAL_FORMS"] = str(len(kind_rows))
        data[f"{kind}-INITIAL_FORMS"] = "0"
        data[f"{kind}-MIN_NUM_FORMS"] = "0"
        data[f"{kind}-MAX_NUM_FORMS"] = "200"
        for index, row in enumerate(kind_rows):
            for key, value in row.items():
                data[f"{kind}-{index}-{key}"] = value
    return data


def _form(iskar, dolna_mitropolia, **extra):
    data = analysis_data()
    form = {
        "owner": f"o{iskar.pk}",
        "title": data["title"],
        "problem": data["problem"],
        "summary": data["summary"],
        "methodology": data["methodology"],
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "municipalities": [str(dolna_mitropolia.pk)],
    }
    form.update(extra)
    return form


def test_the_form_creates_an_analysis_with_ordered_rows(
    client, iskar_admin, iskar, dolna_mitropolia, area, go2000
):
    _login(client, iskar_admin)
    assert client.get("/en/analyses/new/").status_code == 200
    rows = {
        "swot": [
            {"quadrant": "threat", "text": "Втора", "ORDER": "2"},
            {"quadrant": "strength", "text": "Първа", "ORDER": "1"},
            {"quadrant": "", "text": ""},  # an untouched extra row is left out
        ],
        "stakeholders": [
            {"party": f"o{go2000.pk}", "kind": "cso", "influence": "medium"},
            {"name": "Бюро по труда", "kind": "public_body", "influence": "high",
             "interest": "Заетост."},
        ],
        "findings": [{"text": "Безработица", "value": "21.5", "unit": "%", "year": "2024",
                      "source": "Агенция по заетостта"}],
        "authors": [{"person": str(iskar_admin.person.pk), "role": "водещ автор"},
                    {"name": "Д-р Петров", "affiliation": "Университет"}],
    }  # fmt: skip
    form = _form(iskar, dolna_mitropolia, areas=[str(area.pk)], partners=[f"o{go2000.pk}"])
    response = client.post("/en/analyses/new/", _post_data(form, rows))
    assert response.status_code == 302, response.context and [
        fs.errors for _k, fs, _h in response.context["formsets"]
    ]
    analysis = ProblemAnalysis.objects.get()
    assert response["Location"] == analysis.get_absolute_url()
    assert [i.text for i in analysis.swot.order_by("order")] == ["Първа", "Втора"]
    assert [s.display_name for s in analysis.stakeholders.all()] == [go2000.name, "Бюро по труда"]
    assert analysis.stakeholders.first().organisation == go2000
    assert [a.display_name for a in analysis.authors.all()] == ["Иван Цветков", "Д-р Петров"]
    assert analysis.partners.get().organisation == go2000
    assert analysis.created_by == iskar_admin

    # Changing: the rows come back as initial forms; one is deleted, the rest are kept.
    edit = reverse("analyses:edit", args=[analysis.slug])
    page = client.get(edit)
    assert page.status_code == 200
    swot = next(fs for kind, fs, _h in page.context["formsets"] if kind == "swot")
    assert swot.initial_form_count() == 2
    data = _post_data(_form(iskar, dolna_mitropolia, title="Променено"))
    data.pop("owner")
    data.update({"swot-TOTAL_FORMS": "2", "swot-INITIAL_FORMS": "2",
                 "swot-0-quadrant": "strength", "swot-0-text": "Първа", "swot-0-ORDER": "1",
                 "swot-1-quadrant": "threat", "swot-1-text": "Втора", "swot-1-ORDER": "2",
                 "swot-1-DELETE": "on"})  # fmt: skip
    assert client.post(edit, data).status_code == 302
    analysis.refresh_from_db()
    assert analysis.title == "Променено" and [i.text for i in analysis.swot.all()] == ["Първа"]
    assert analysis.organisation == iskar


@pytest.mark.parametrize(
    ("extra", "rows", "field"),
    [
        ({"municipalities": []}, {}, "municipalities"),
        ({"period_end": "2024-01-01"}, {}, "period_end"),
        ({"owner": "o999999"}, {}, "owner"),
        ({}, {"swot": [{"quadrant": "dream", "text": "Неизвестен"}]}, "swot"),
        ({}, {"findings": [{"text": "Без число", "unit": "%"}]}, "findings"),
        ({}, {"stakeholders": [{"kind": "cso", "influence": "low"}]}, "stakeholders"),
        ({}, {"authors": [{"person": "999999"}]}, "authors"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_nothing_is_written(
    client, iskar_admin, iskar, dolna_mitropolia, extra, rows, field
):
    _login(client, iskar_admin)
    response = client.post(
        "/en/analyses/new/", _post_data(_form(iskar, dolna_mitropolia, **extra), rows)
    )
    assert response.status_code == 400
    if field in response.context["form"].errors:
        assert response.context["form"].errors[field]
    else:
        formset = next(fs for kind, fs, _h in response.context["formsets"] if kind == field)
        assert any(formset.errors)
    assert 'role="alert"' in response.content.decode()
    assert not ProblemAnalysis.objects.exists()


def test_a_cso_cannot_create_for_another_party(client, go2000_editor, iskar, dolna_mitropolia):
    _login(client, go2000_editor)
    response = client.post("/en/analyses/new/", _post_data(_form(iskar, dolna_mitropolia)))
    assert response.status_code == 400 and response.context["form"].errors["owner"]
    assert not ProblemAnalysis.objects.exists()


def test_someone_without_a_party_may_not_create(client, iskar_member):
    _login(client, iskar_member)
    assert client.get("/en/analyses/new/").status_code == 403
    client.logout()
    assert client.get("/en/analyses/new/").status_code == 302  # to the login page


def test_publishing_through_the_page(client, draft, iskar_admin):
    _login(client, iskar_admin)
    response = client.post(reverse("analyses:publish", args=[draft.slug]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    client.post(reverse("analyses:publish", args=[draft.slug]))  # twice: a message, no 500
    client.post(reverse("analyses:unpublish", args=[draft.slug]))
    draft.refresh_from_db()
    assert not draft.is_published
    assert client.get(reverse("analyses:publish", args=[draft.slug])).status_code == 405


def test_documents_through_the_page_public_and_internal(
    client, published, iskar_admin, go2000_editor, tmp_path, settings
):
    _login(client, iskar_admin)
    add = reverse("analyses:document-add", args=[published.slug])
    response = client.post(add, {"title": "Доклад", "file": pdf(), "is_public": "on"})
    assert response.status_code == 302
    response = client.post(add, {"title": "Вътрешен", "file": pdf("vatreshen.pdf")})
    assert response.status_code == 302
    public = AnalysisDocument.objects.get(title="Доклад")
    internal = AnalysisDocument.objects.get(title="Вътрешен")
    assert not internal.is_public
    # Kept outside public media.
    assert str(settings.PRIVATE_MEDIA_ROOT) in internal.file.path
    bad = client.post(add, {"title": "Вирус", "file": pdf("virus.exe")})
    assert bad.status_code == 400 and bad.context["document_form"].errors["file"]
    settings.PARTNERSTVO_MAX_SCAN_BYTES = 5
    big = client.post(add, {"title": "Голям", "file": pdf()})
    assert big.status_code == 400 and big.context["document_form"].errors["file"]
    assert AnalysisDocument.objects.count() == 2

    download = reverse("analyses:document", args=[published.slug, internal.pk])
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    client.logout()
    assert client.get(download).status_code == 404
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Доклад" in page and "Вътрешен" not in page
    assert (
        client.get(reverse("analyses:document", args=[published.slug, public.pk])).status_code
        == 200
    )
    _login(client, go2000_editor)
    assert client.get(download).status_code == 404
    remove = reverse("analyses:document-remove", args=[published.slug, public.pk])
    assert client.post(remove).status_code == 403
    client.logout()
    _login(client, iskar_admin)
    assert client.post(remove).status_code == 302
    assert not AnalysisDocument.objects.filter(pk=public.pk).exists()


def test_bad_addresses_answer_404_never_500(client, published, iskar_admin):
    _login(client, iskar_admin)
    for url in [
        "/analyses/no-such-analysis/",
        "/analyses/no-such-analysis/report.pdf",
        "/analyses/no-such-analysis/edit/",
        f"/analyses/{published.slug}/documents/999999/",
        f"/analyses/{published.slug}/documents/999999999999999999999/",
        "/analyses/no-such/documents/1/",
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        "/analyses/no-such-analysis/publish/",
        f"/analyses/{published.slug}/documents/999999/remove/",
        "/analyses/no-such-analysis/documents/",
    ]:
        assert client.post(url).status_code == 404, url
    assert client.get("/analyses/%D0%B0%D0%B1/").status_code == 404


def test_a_draft_is_deleted_with_its_rows_and_a_published_one_is_not(
    client, draft, published, iskar_admin, go2000_editor, django_capture_on_commit_callbacks
):
    services.analysis_document_add(actor=iskar_admin, analysis=draft, title="Д", file=pdf())
    stored = AnalysisDocument.objects.get(analysis=draft).file
    path = stored.path
    _login(client, go2000_editor)
    assert client.post(reverse("analyses:delete", args=[draft.slug])).status_code == 404
    assert client.post(reverse("analyses:delete", args=[published.slug])).status_code == 403
    client.logout()
    _login(client, iskar_admin)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="delete-form"' in page
    response = client.post(reverse("analyses:delete", args=[published.slug]))
    assert response.status_code == 302 and ProblemAnalysis.objects.filter(pk=published.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("analyses:delete", args=[draft.slug]))
    assert response.status_code == 302 and response["Location"].endswith("/analyses/")
    assert not ProblemAnalysis.objects.filter(pk=draft.pk).exists()
    assert not AnalysisDocument.objects.filter(analysis_id=draft.pk).exists()
    import os

    assert not os.path.exists(path)
    assert client.post(reverse("analyses:delete", args=[draft.slug])).status_code == 404


def test_the_form_costs_the_same_queries_for_3_and_30_rows(
    client, iskar_admin, iskar, dolna_mitropolia, area, django_assert_num_queries,
    django_assert_max_num_queries,
):  # fmt: skip
    _login(client, iskar_admin)
    small = build(iskar_admin, organisation=iskar, municipalities=[dolna_mitropolia], n=3,
                  title="Малък")  # fmt: skip
    large = build(iskar_admin, organisation=iskar, municipalities=[dolna_mitropolia], n=30,
                  title="Голям")  # fmt: skip
    with django_assert_max_num_queries(40) as few:
        assert client.get(reverse("analyses:edit", args=[small.slug])).status_code == 200
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("analyses:edit", args=[large.slug]))
    swot = next(fs for kind, fs, _h in response.context["formsets"] if kind == "swot")
    assert swot.initial_form_count() == 30
