"""Forms of the consultation pages. They only collect input: every check of the law and of the
consultation's state is the services', whose refusals become these forms' errors."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerstvo.directory.models import Administration, AreaOfWork, Municipality, Organisation

from .models import AnswerTemplate, Comment, Consultation, Section


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Consultation.Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Consultation.Kind.choices]
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.filter(administration__isnull=False).order_by("name"),
        to_field_name="slug",
        empty_label=_("All municipalities"),
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return dict(self.cleaned_data)


class ConsultationForm(forms.Form):
    administration = forms.ModelChoiceField(
        label=_("Administration"), queryset=Administration.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Consultation.Kind.choices)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    responsible_name = forms.CharField(label=_("Responsible person"), max_length=200)
    responsible_email = forms.EmailField(label=_("Responsible person's e-mail"))
    responsible_phone = forms.CharField(
        label=_("Responsible person's phone"), max_length=40, required=False
    )
    target_groups = forms.CharField(
        label=_("Target groups"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who the act concerns, one group a line."),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=AreaOfWork.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(label=_("Comments from"), widget=DateInput())
    ends_on = forms.DateField(label=_("Comments until"), widget=DateInput())
    short_period_reason = forms.CharField(
        label=_("Reason for a period shorter than 30 days"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a period of 14 to 29 days; shown publicly (чл. 26, ал. 4 ЗНА)."),
    )
    draft_document = forms.FileField(
        label=_("Draft act"), required=False, help_text=_("Required: PDF, DOCX or ODT.")
    )
    motives_document = forms.FileField(
        label=_("Motives or report"), required=False, help_text=_("Required: PDF, DOCX or ODT.")
    )
    impact_document = forms.FileField(
        label=_("Preliminary impact assessment"),
        required=False,
        help_text=_("Required for an ordinance."),
    )
    text = forms.CharField(
        label=_("Text of the draft"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Pasted; cut into sections at each article (“Чл. 1.”) or heading."),
    )
    docx = forms.FileField(
        label=_("…or import the text from a DOCX file"),
        required=False,
        help_text=_("Word's headings and the articles become the sections."),
    )

    def __init__(self, *args, administrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["administration"].queryset = Administration.objects.filter(
            pk__in=list(administrations)
        ).order_by("name")
        if len(administrations) == 1:
            self.fields["administration"].initial = next(iter(administrations))

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        documents = {
            "draft": data.pop("draft_document"),
            "motives": data.pop("motives_document"),
            "impact": data.pop("impact_document"),
        }
        return {
            "data": data,
            "documents": documents,
            "text": data.pop("text"),
            "docx": data.pop("docx"),
        }


class CommentForm(forms.Form):
    section = forms.ModelChoiceField(
        label=_("About"),
        queryset=Section.objects.none(),
        required=False,
        empty_label=_("The whole draft"),
    )
    quote = forms.CharField(
        label=_("Quoted passage"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: copy the words of the section your proposal is about."),
    )
    text = forms.CharField(label=_("Your proposal"), widget=forms.Textarea(attrs={"rows": 5}))
    on_behalf_of = forms.ModelChoiceField(
        label=_("Comment as"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Myself"),
    )
    show_name = forms.BooleanField(
        label=_("My name may be shown with my comment"),
        required=False,
        help_text=_("Otherwise it is shown as from “a citizen”. An organisation is always named."),
    )

    def __init__(self, *args, sections=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(pk__in=[s.pk for s in sections])
        self.fields["section"].choices = [("", _("The whole draft"))] + [
            (section.pk, section.heading) for section in sections
        ]
        # Every organisation may be named here: the service refuses one the author is not a
        # member of, with a message, so a forged value is never silently ignored.
        self.fields["on_behalf_of"].queryset = Organisation.objects.all()
        self.fields["on_behalf_of"].choices = [("", _("Myself"))] + [
            (organisation.pk, organisation.name) for organisation in organisations
        ]


class EnterForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[
            (c, label) for c, label in Comment.Channel.choices if c != Comment.Channel.PLATFORM
        ],
    )
    incoming_number = forms.CharField(label=_("Incoming number"), max_length=50)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    author_name = forms.CharField(label=_("Sender's name"), max_length=200, required=False)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=300, required=False)
    show_name = forms.BooleanField(label=_("The sender agreed to be named"), required=False)
    section = forms.ModelChoiceField(
        label=_("About"),
        queryset=Section.objects.none(),
        required=False,
        empty_label=_("The whole draft"),
    )
    quote = forms.CharField(
        label=_("Quoted passage"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    text = forms.CharField(label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(pk__in=[s.pk for s in sections])


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=[("", "—"), *Comment.Answer.choices])
    template = forms.ModelChoiceField(
        label=_("Reasons from a template"),
        queryset=AnswerTemplate.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Used when the reasons below are left empty, or added after them."),
    )
    answer_reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, templates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if templates is None:
            del self.fields["template"]
        else:
            self.fields["template"].queryset = AnswerTemplate.objects.filter(
                pk__in=[template.pk for template in templates]
            )
            self.fields["template"].choices = [("", "—")] + [
                (template.pk, template.title) for template in templates
            ]

    def reasons(self) -> str:
        """The typed reasons, with the chosen template's text after them."""
        typed = self.cleaned_data.get("answer_reasons", "").strip()
        template = self.cleaned_data.get("template")
        if template is None:
            return typed
        return f"{typed}\n\n{template.text}".strip() if typed else template.text


class HideForm(forms.Form):
    hidden_reason = forms.CharField(label=_("Reason for hiding"), max_length=300)


class VersionForm(forms.Form):
    note = forms.CharField(label=_("What changed"), widget=forms.Textarea(attrs={"rows": 3}))
    text = forms.CharField(
        label=_("Text of the draft"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    docx = forms.FileField(label=_("…or import the text from a DOCX file"), required=False)


class AdoptForm(forms.Form):
    decision_number = forms.CharField(label=_("Council decision number"), max_length=50)
    decision_date = forms.DateField(label=_("Council decision date"), widget=DateInput())
    adopted_act = forms.FileField(label=_("Adopted act"), help_text=_("PDF, DOCX or ODT."))
