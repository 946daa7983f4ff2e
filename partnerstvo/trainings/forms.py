"""Forms of the public and participant pages. They only read input; services decide."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerstvo.directory.models import AdministrationMembership, OrganisationMembership
from partnerstvo.directory.roles import roles_of

from .models import Certificate, Course, ParticipantData

YES_NO_UNSAID = [("", _("Prefer not to say")), ("yes", _("Yes")), ("no", _("No"))]
YES_NO = [("", _("Not answered")), ("yes", _("Yes")), ("no", _("No"))]


def _to_bool(value):
    return {"yes": True, "no": False}.get(value)


class EnrolmentCancelForm(forms.Form):
    """The confirmation step of a cancellation: without ``confirm`` nothing is cancelled."""

    confirm = forms.BooleanField(widget=forms.HiddenInput)


class CalendarFilterForm(forms.Form):
    """The calendar's filters (GET, work without JS); a value not on the list is an error shown
    beside its field, and the calendar is then shown unfiltered. Mixed courses are shown for
    either target group."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    target_group = forms.ChoiceField(
        label=_("For"),
        required=False,
        choices=[
            ("", _("Everyone")),
            (Course.TargetGroup.CSO, Course.TargetGroup.CSO.label),
            (Course.TargetGroup.MUNICIPAL, Course.TargetGroup.MUNICIPAL.label),
        ],
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("In person or online")), *Format.choices],
    )

    def filters(self) -> dict:
        """The keyword arguments of ``selectors.calendar_sessions`` that were asked for."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "target_group": data["target_group"] or None,
            "online": {"in_person": False, "online": True}.get(data["format"]),
        }


class ParticipantDataForm(forms.Form):
    """The ESF participant questionnaire, with its explicit consent."""

    consent = forms.BooleanField(required=False)
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=[("", _("Not answered")), *ParticipantData.Gender.choices],
    )
    age_group = forms.ChoiceField(
        label=_("Age group"),
        required=False,
        choices=[("", _("Not answered")), *ParticipantData.AgeGroup.choices],
    )
    employment_status = forms.ChoiceField(
        label=_("Employment status"),
        required=False,
        choices=[("", _("Not answered")), *ParticipantData.Employment.choices],
    )
    education_level = forms.ChoiceField(
        label=_("Highest completed education"),
        required=False,
        choices=[("", _("Not answered")), *ParticipantData.Education.choices],
    )
    rural_area = forms.TypedChoiceField(
        label=_("Do you live in a rural area?"),
        required=False,
        choices=YES_NO,
        coerce=_to_bool,
        empty_value=None,
    )
    disability = forms.TypedChoiceField(
        label=_("Do you have a disability?"),
        required=False,
        choices=YES_NO_UNSAID,
        coerce=_to_bool,
        empty_value=None,
    )
    third_country_national = forms.TypedChoiceField(
        label=_("Are you a national of a country outside the EU?"),
        required=False,
        choices=YES_NO_UNSAID,
        coerce=_to_bool,
        empty_value=None,
    )
    foreign_background = forms.TypedChoiceField(
        label=_("Do you have a foreign background (you or your parents born abroad)?"),
        required=False,
        choices=YES_NO_UNSAID,
        coerce=_to_bool,
        empty_value=None,
    )
    minority = forms.TypedChoiceField(
        label=_(
            "Do you belong to a minority, including marginalised communities such as the Roma?"
        ),
        required=False,
        choices=YES_NO_UNSAID,
        coerce=_to_bool,
        empty_value=None,
    )
    homeless = forms.TypedChoiceField(
        label=_("Are you homeless or affected by housing exclusion?"),
        required=False,
        choices=YES_NO_UNSAID,
        coerce=_to_bool,
        empty_value=None,
    )

    SENSITIVE = ParticipantData.SENSITIVE_FIELDS

    def __init__(self, *args, consent_label: str = "", instance=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            initial = {"consent": instance.consent}
            for name in ParticipantData.CHOICE_FIELDS:
                initial[name] = getattr(instance, name)
            for name in ("rural_area", *ParticipantData.SENSITIVE_FIELDS):
                value = getattr(instance, name)
                initial[name] = "" if value is None else ("yes" if value else "no")
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_label

    def data_for_service(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (*ParticipantData.NON_SENSITIVE_FIELDS, *ParticipantData.SENSITIVE_FIELDS)
        }

    def sensitive_fields(self):
        return [self[name] for name in self.SENSITIVE]

    def other_fields(self):
        return [self[name] for name in ParticipantData.NON_SENSITIVE_FIELDS]


def enrolment_options(user) -> list[tuple[str, str]]:
    """Whom ``user`` may enrol besides themselves: members of the CSOs they administer
    (``o<organisation>-<person>``) and staff of their administrations (``a<administration>-…``)."""
    roles = roles_of(user)
    options = []
    admin_orgs = roles.orgs_with("admin")
    if admin_orgs:
        for membership in (
            OrganisationMembership.objects.active()
            .filter(organisation_id__in=admin_orgs)
            .select_related("person", "organisation")
            .order_by("organisation__name", "person__last_name", "person__first_name")
        ):
            options.append(
                (
                    f"o{membership.organisation_id}-{membership.person_id}",
                    f"{membership.person.full_name} — {membership.organisation.name}",
                )
            )
    if roles.administrations:
        for membership in (
            AdministrationMembership.objects.active()
            .filter(administration_id__in=list(roles.administrations))
            .select_related("person", "administration")
            .order_by("administration__name", "person__last_name", "person__first_name")
        ):
            options.append(
                (
                    f"a{membership.administration_id}-{membership.person_id}",
                    f"{membership.person.full_name} — {membership.administration.name}",
                )
            )
    return options


class EnrolOthersForm(forms.Form):
    people = forms.MultipleChoiceField(
        label=_("People to enrol"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = options

    def selections(self) -> list[tuple[str, int, int]]:
        """(kind "o" or "a", organisation/administration id, person id) per chosen option."""
        chosen = []
        for value in self.cleaned_data["people"]:
            kind, ids = value[0], value[1:]
            target, person = ids.split("-")
            chosen.append((kind, int(target), int(person)))
        return chosen


class ScanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Signed sheet (PDF)"), widget=forms.ClearableFileInput(attrs={"accept": ".pdf"})
    )


class CertificateRevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportFilterForm(forms.Form):
    """Which course the reports show (none: every course the user may report on). With a few
    courses, a list to choose from; with many (a list of thousands would weigh more than the
    report), a search by title (``q``) whose matches the page lists as links."""

    SELECT_AT_MOST = 200

    course = forms.ModelChoiceField(
        label=_("Course"), required=False, queryset=Certificate.objects.none()
    )
    q = forms.CharField(
        label=_("Find a course"),
        required=False,
        max_length=100,
        help_text=_("A word of its title."),
    )

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        self.fields["course"].empty_label = _("All courses")
        self.searchable = courses.count() > self.SELECT_AT_MOST
        if self.searchable:
            self.fields["course"].widget = forms.HiddenInput()
        else:
            del self.fields["q"]


class CertificateLookupForm(forms.Form):
    """The code printed on a certificate, typed by whoever checks it (GET, works without JS)."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("As printed on the certificate, for example ABCD-EFGH-JKLM."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
