"""The services: an analysis with its rows is written whole or not at all, validated with clear
messages, audited; only the owning party's writers and the coordinator write it; drafts are
seen by the analysis's own people only."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import add_member, make_user
from partnerstvo.analyses import services
from partnerstvo.analyses.models import AnalysisPartner, ProblemAnalysis, Stakeholder, SwotItem
from partnerstvo.core.audit import AuditEntry
from partnerstvo.core.permissions import scope, user_can

from .conftest import analysis_data, build, pdf, rows

pytestmark = pytest.mark.django_db


def test_an_analysis_is_created_with_its_rows_in_order_and_audited(draft, iskar):
    assert draft.status == ProblemAnalysis.Status.DRAFT and draft.published_at is None
    assert draft.organisation == iskar and draft.party == iskar
    assert draft.slug == "mladezhka-bezrabotitsa-v-dolna-mitropolia"
    assert [s.name for s in draft.stakeholders.all()] == [
        "Работодател 0",
        "Работодател 1",
        "Работодател 2",
    ]
    assert [f.order for f in draft.findings.all()] == [1, 2, 3]
    assert draft.swot.count() == 3 and draft.recommendations.count() == 3
    actions = set(
        AuditEntry.objects.filter(object_id=str(draft.pk)).values_list("action", flat=True)
    )
    assert {"analyses.analysis.created", "analyses.analysis.stakeholders",
            "analyses.analysis.swot"} <= actions  # fmt: skip


def test_no_municipality_is_refused_and_nothing_is_written(iskar_admin, iskar, area):
    data = {**analysis_data(), "organisation": iskar, "municipalities": []}
    with pytest.raises(ValidationError) as error:
        services.analysis_create(actor=iskar_admin, data=data, rows=rows())
    assert "municipalities" in error.value.message_dict
    assert not ProblemAnalysis.objects.exists() and not Stakeholder.objects.exists()


def test_a_period_ending_before_it_starts_is_refused(iskar_admin, iskar, dolna_mitropolia):
    data = {
        **analysis_data(period_end=datetime.date(2024, 1, 1)),
        "organisation": iskar,
        "municipalities": [dolna_mitropolia],
    }
    with pytest.raises(ValidationError) as error:
        services.analysis_create(actor=iskar_admin, data=data)
    assert "period_end" in error.value.message_dict
    assert not ProblemAnalysis.objects.exists()


def test_a_bad_row_rolls_back_the_analysis_and_every_row(iskar_admin, iskar, dolna_mitropolia):
    bad = rows()
    bad["swot"].append({"quadrant": "dream", "text": "Неизвестен квадрант"})
    data = {**analysis_data(), "organisation": iskar, "municipalities": [dolna_mitropolia]}
    with pytest.raises(ValidationError) as error:
        services.analysis_create(actor=iskar_admin, data=data, rows=bad)
    assert error.value.message_dict["swot"][0].startswith("Row 4:")
    assert not ProblemAnalysis.objects.exists()
    assert not Stakeholder.objects.exists() and not SwotItem.objects.exists()


def test_a_finding_unit_without_a_figure_and_a_nameless_stakeholder_are_refused(draft, iskar_admin):
    for kind, row in [
        ("findings", {"text": "Без стойност", "unit": "%"}),
        ("stakeholders", {"name": "", "kind": "cso", "influence": "low"}),
        ("authors", {"name": "  "}),
    ]:
        with pytest.raises(ValidationError) as error:
            services.analysis_update(actor=iskar_admin, analysis=draft, data={}, rows={kind: [row]})
        assert kind in error.value.message_dict
    assert draft.findings.count() == 3 and draft.stakeholders.count() == 3


def test_update_replaces_rows_and_co_authors(draft, iskar_admin, go2000, administration):
    services.analysis_update(
        actor=iskar_admin,
        analysis=draft,
        data={"title": "Ново заглавие", "partners": [{"organisation": go2000},
                                                     {"administration": administration}]},
        rows={"swot": [{"quadrant": "threat", "text": "Само една"}]},
    )  # fmt: skip
    draft.refresh_from_db()
    assert draft.title == "Ново заглавие"
    assert [s.text for s in draft.swot.all()] == ["Само една"]
    assert {str(p.party) for p in AnalysisPartner.objects.filter(analysis=draft)} == {
        go2000.name,
        administration.name,
    }
    assert draft.findings.count() == 3  # rows of a kind not given stay
    with pytest.raises(ValidationError):
        services.analysis_update(
            actor=iskar_admin,
            analysis=draft,
            data={"partners": [{"organisation": draft.organisation}]},
        )


def test_publish_and_unpublish(draft, iskar_admin):
    services.analysis_publish(actor=iskar_admin, analysis=draft)
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at is not None
    with pytest.raises(ValidationError):
        services.analysis_publish(actor=iskar_admin, analysis=draft)
    services.analysis_unpublish(actor=iskar_admin, analysis=draft)
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.published_at is None


def test_an_administration_owns_an_analysis_through_its_officer(
    officer, administration, dolna_mitropolia
):
    analysis = build(officer, administration=administration, municipalities=[dolna_mitropolia])
    assert analysis.party == administration


def test_who_may_write_for_which_party(
    iskar,
    go2000,
    iskar_editor,
    iskar_member,
    go2000_editor,
    officer,
    coordinator,
    auditor,
    dolna_mitropolia,
    administration,
):
    def create(actor, **owner):
        return build(actor, municipalities=[dolna_mitropolia], **owner)

    assert create(iskar_editor, organisation=iskar)
    assert create(coordinator, organisation=go2000)
    for actor, owner in [
        (iskar_member, {"organisation": iskar}),  # a plain member reads, does not write
        (go2000_editor, {"organisation": iskar}),  # another CSO
        (officer, {"organisation": iskar}),  # an officer writes for the administration only
        (iskar_editor, {"administration": administration}),
        (auditor, {"organisation": iskar}),
    ]:
        with pytest.raises(PermissionDenied):
            create(actor, **owner)


def test_another_party_neither_sees_a_draft_nor_changes_anything(
    draft, published, go2000_editor, other_administration
):
    outsider_officer = make_user("sluzhitel@go.example.bg")
    from partnerstvo.core.permissions import SYSTEM
    from partnerstvo.directory import services as directory
    from partnerstvo.directory.models import AdministrationMembership

    directory.administration_membership_save(
        actor=SYSTEM,
        membership=AdministrationMembership(),
        data={"person": outsider_officer.person, "administration": other_administration,
              "role": "officer"},
    )  # fmt: skip
    for user in (go2000_editor, outsider_officer, None):
        visible = set(scope(user, "view", ProblemAnalysis.objects.all()))
        assert visible == {published}
        for analysis in (draft, published):
            assert not user_can(user, "change", analysis)
            assert not user_can(user, "publish", analysis)
        if user is not None:
            with pytest.raises(PermissionDenied):
                services.analysis_update(actor=user, analysis=published, data={"title": "X"})
            with pytest.raises(PermissionDenied):
                services.analysis_document_add(
                    actor=user, analysis=published, title="X", file=pdf()
                )


def test_own_people_and_co_authors_read_the_draft(
    draft, iskar_member, go2000, go2000_editor, coordinator, auditor, iskar_admin
):
    for user in (iskar_member, coordinator, auditor):
        assert user_can(user, "view", draft)
    assert not user_can(go2000_editor, "view", draft)
    services.analysis_update(
        actor=iskar_admin, analysis=draft, data={"partners": [{"organisation": go2000}]}
    )
    assert user_can(go2000_editor, "view", draft)
    assert user_can(go2000_editor, "view_internal", draft)
    assert not user_can(go2000_editor, "change", draft)  # a co-author reads; the owner writes
    assert user_can(coordinator, "change", draft) and not user_can(auditor, "change", draft)


def test_documents_are_validated_and_internal_ones_are_private(
    published, iskar_admin, iskar_member, go2000_editor
):
    public = services.analysis_document_add(
        actor=iskar_admin, analysis=published, title="Доклад", file=pdf()
    )
    internal = services.analysis_document_add(
        actor=iskar_admin, analysis=published, title="Сурови данни", file=pdf(), is_public=False
    )
    assert user_can(None, "view", public) and not user_can(None, "view", internal)
    assert not user_can(go2000_editor, "view", internal)
    assert user_can(iskar_member, "view", internal)
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as error:
        services.analysis_document_add(
            actor=iskar_admin,
            analysis=published,
            title="Не",
            file=SimpleUploadedFile("x.exe", b"MZ..."),
        )
    assert "file" in error.value.message_dict
    fake = SimpleUploadedFile("fake.pdf", b"not a pdf at all")
    with pytest.raises(ValidationError):
        services.analysis_document_add(actor=iskar_admin, analysis=published, title="", file=fake)


def test_too_large_a_document_is_refused(published, iskar_admin, settings):
    settings.PARTNERSTVO_MAX_SCAN_BYTES = 10
    with pytest.raises(ValidationError) as error:
        services.analysis_document_add(
            actor=iskar_admin, analysis=published, title="Голям", file=pdf()
        )
    assert error.value.error_dict["file"][0].code == "file_too_large"


def test_editor_of_a_cso_with_another_membership_role(iskar, dolna_mitropolia, area):
    user = add_member(make_user("dvoen@example.bg"), iskar, "editor")
    assert build(user, organisation=iskar, municipalities=[dolna_mitropolia])
