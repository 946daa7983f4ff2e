"""A service's ValidationError reaches the person as a message on the form, never a server error."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from partnerstvo.core.forms import form_add_service_errors
from partnerstvo.directory.models import AdministrationUnit


class _Form(forms.Form):
    name = forms.CharField()


def test_field_errors_go_on_their_field_and_others_above_the_form():
    form = _Form({"name": "x"})
    assert form.is_valid()
    form_add_service_errors(
        form,
        ValidationError(
            {
                "name": "Името е заето.",
                "hidden_field": "Полето не е на формата.",
                NON_FIELD_ERRORS: "Общо правило.",
            }
        ),
    )
    assert form.errors["name"] == ["Името е заето."]
    assert form.non_field_errors() == ["Полето не е на формата.", "Общо правило."]


def test_a_plain_error_goes_above_the_form():
    form = _Form({"name": "x"})
    form.is_valid()
    form_add_service_errors(form, ValidationError(["Първо.", "Второ."]))
    assert form.non_field_errors() == ["Първо.", "Второ."]


def test_a_back_office_save_refused_by_its_service_shows_why_on_the_form(
    client, coordinator, administration, other_administration
):
    from partnerstvo.core.permissions import SYSTEM
    from partnerstvo.directory import services

    foreign_parent = services.administration_unit_save(
        actor=SYSTEM,
        unit=AdministrationUnit(),
        data={"administration": other_administration, "name": "Чужд отдел"},
    )
    before = AdministrationUnit.objects.count()
    client.force_login(coordinator)
    response = client.post(
        "/admin/administration_units/new/",
        {
            "administration": administration.pk,
            "parent": foreign_parent.pk,
            "name": "Нов отдел",
            "email": "",
            "phone": "",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["parent"] == ["Горестоящото звено принадлежи на друга администрация."]
    assert "Горестоящото звено принадлежи на друга администрация." in response.content.decode()
    assert AdministrationUnit.objects.count() == before
