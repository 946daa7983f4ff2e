"""Back-office (Wagtail admin) screens of events, grouped under "Events". Every screen obeys the
policies (organisers see and edit only their events; coordinators all) and writes through the
services (see core.admin_views).

An event's own screen (``events_admin:event``) gathers the rest: publish or cancel, its
organisers, agenda and questions (each a filtered list of its own viewset), the registrations
with their answers, check-in and attendance, invitations, and the participants as XLSX."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSetGroup

from partnerstvo.core.admin_views import PolicyModelViewSet
from partnerstvo.core.permissions import get_for_user_or_404, scope
from partnerstvo.directory.models import Administration, Organisation
from partnerstvo.directory.roles import roles_of

from . import exports, services
from .models import (
    AgendaDocument,
    AgendaItem,
    Event,
    EventDocument,
    EventOrganiser,
    EventPhoto,
    Registration,
    RegistrationQuestion,
)
from .selectors.minutes import (
    GENDERS,
    attendance_summary,
    attendance_table,
    gender_labels,
    participant_type_labels,
)
from .services import backoffice

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class EventLinkColumn(Column):
    cell_template_name = "events/admin/link_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = reverse("events_admin:event", kwargs={"pk": instance.pk})
        context["link_text"] = _("Manage")
        return context


def _limit_to_managed_events(form, user):
    if "event" in form.fields:
        form.fields["event"].queryset = scope(user, "change", Event.objects.all())


def _limit_organiser_choices(form, user):
    """The events one organises, and the parties one acts for (coordinators: any visible)."""
    _limit_to_managed_events(form, user)
    roles = roles_of(user)
    organisations = scope(user, "view", Organisation.objects.all())
    administrations = Administration.objects.all()
    if not roles.is_coordinator:
        organisations = organisations.filter(pk__in=roles.orgs_with("admin", "editor"))
        administrations = administrations.filter(pk__in=roles.administrations)
    form.fields["organisation"].queryset = organisations.order_by("name")
    form.fields["administration"].queryset = administrations.order_by("name")


class EventViewSet(PolicyModelViewSet):
    model = Event
    icon = "date"
    menu_order = 100
    # The back office lists the events one organises (all for coordinators and auditors), not
    # every public one.
    index_scope_action = "view_participants"
    list_display = [
        "title", "kind", "starts_at", "municipality", "status",
        EventLinkColumn("manage", label=gettext_lazy("Manage")),
    ]  # fmt: skip
    list_filter = ["status", "kind", "format"]
    search_fields = ["title"]
    search_backend_name = None
    list_per_page = 50
    form_fields = [
        "kind", "title", "summary", "description", "audience", "format", "municipality",
        "venue", "online_url", "starts_at", "ends_at", "capacity", "registration",
        "registration_closes_at", "is_listed",
    ]  # fmt: skip

    @staticmethod
    def create_service(*, actor, data):
        return backoffice.event_create_for_actor(actor=actor, data=data)

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.event_update(actor=actor, event=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.event_delete(actor=actor, event=instance)


def _managed_events(request):
    if request is None:
        return Event.objects.none()
    return scope(request.user, "change", Event.objects.all()).order_by("-starts_at", "pk")


def _part_filterset(part_model):
    """Filter a part list by event, offering only the events the user organises (the default
    filter would name every event, drafts of others included)."""

    class PartFilterSet(WagtailFilterSet):
        event = django_filters.ModelChoiceFilter(
            queryset=_managed_events, label=gettext_lazy("event")
        )

        class Meta:
            model = part_model
            fields = ["event"]

    return PartFilterSet


class _EventPartViewSet(PolicyModelViewSet):
    index_scope_action = "change"  # the parts of one's own events, not of every public one
    search_backend_name = None
    limit_choices = staticmethod(_limit_to_managed_events)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=self.model._default_manager.select_related("event"), **kwargs
        )


def _part_services(model, save, delete, name):
    """The create/update/delete services of a part of an event, as PolicyModelViewSet wants."""

    def create(*, actor, data):
        return save(actor=actor, **{name: model()}, data=data)

    def update(*, actor, instance, data):
        return save(actor=actor, **{name: instance}, data=data)

    def remove(*, actor, instance):
        delete(actor=actor, **{name: instance})

    return staticmethod(create), staticmethod(update), staticmethod(remove)


class EventOrganiserViewSet(_EventPartViewSet):
    model = EventOrganiser
    filterset_class = _part_filterset(EventOrganiser)
    icon = "group"
    menu_order = 110
    list_display = ["event", "organisation", "administration", "order"]
    form_fields = ["event", "organisation", "administration", "order"]
    limit_choices = staticmethod(_limit_organiser_choices)
    create_service, update_service, delete_service = _part_services(
        EventOrganiser, services.organiser_save, services.organiser_delete, "organiser"
    )


class AgendaItemViewSet(_EventPartViewSet):
    model = AgendaItem
    filterset_class = _part_filterset(AgendaItem)
    icon = "list-ol"
    menu_order = 120
    list_display = ["title", "event", "starts_at", "ends_at", "speakers"]
    search_fields = ["title", "speakers"]
    form_fields = ["event", "starts_at", "ends_at", "title", "speakers", "description", "order"]
    create_service, update_service, delete_service = _part_services(
        AgendaItem, services.agenda_item_save, services.agenda_item_delete, "item"
    )


class RegistrationQuestionViewSet(_EventPartViewSet):
    model = RegistrationQuestion
    filterset_class = _part_filterset(RegistrationQuestion)
    icon = "help"
    menu_order = 130
    list_display = ["label", "event", "kind", "required", "order"]
    search_fields = ["label"]
    form_fields = ["event", "order", "label", "help_text", "kind", "choices", "required"]
    create_service, update_service, delete_service = _part_services(
        RegistrationQuestion, services.question_save, services.question_delete, "question"
    )


def _limit_to_managed_agenda_items(form, user):
    """The agenda items of the events one organises, named with their event."""
    if "item" in form.fields:
        field = form.fields["item"]
        field.queryset = (
            AgendaItem.objects.filter(event__in=scope(user, "change", Event.objects.all()))
            .select_related("event")
            .order_by("-event__starts_at", "event_id", "starts_at", "order", "pk")
        )
        field.label_from_instance = lambda item: (
            f"{item.event.title} — {item.starts_at:%H:%M} {item.title}"
        )


class AgendaDocumentFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(
        field_name="item__event", queryset=_managed_events, label=gettext_lazy("event")
    )

    class Meta:
        model = AgendaDocument
        fields = ["event"]


class AgendaDocumentViewSet(_EventPartViewSet):
    """The public documents of agenda items (a presentation, a draft under discussion), shown
    under their item on the event's page; checked for type, content and size by the model."""

    model = AgendaDocument
    filterset_class = AgendaDocumentFilterSet
    icon = "doc-full-inverse"
    menu_order = 125
    list_display = ["title", "item", "created_at"]
    search_fields = ["title"]
    form_fields = ["item", "title", "file"]
    limit_choices = staticmethod(_limit_to_managed_agenda_items)
    create_service, update_service, delete_service = _part_services(
        AgendaDocument, services.agenda_document_save, services.agenda_document_delete, "document"
    )

    def get_index_view_kwargs(self, **kwargs):
        return PolicyModelViewSet.get_index_view_kwargs(
            self, queryset=AgendaDocument.objects.select_related("item__event"), **kwargs
        )


class EventDocumentViewSet(_EventPartViewSet):
    model = EventDocument
    filterset_class = _part_filterset(EventDocument)
    icon = "doc-full"
    menu_order = 140
    list_display = ["title", "event", "created_at"]
    search_fields = ["title"]
    form_fields = ["event", "title", "file"]
    create_service, update_service, delete_service = _part_services(
        EventDocument, services.event_document_save, services.event_document_delete, "document"
    )


class EventPhotoViewSet(_EventPartViewSet):
    model = EventPhoto
    filterset_class = _part_filterset(EventPhoto)
    icon = "image"
    menu_order = 150
    list_display = ["__str__", "event", "created_at"]
    search_fields = ["caption"]
    # An uploaded file only: the library's chooser would offer other sites' images.
    form_fields = ["event", "file", "alt_text", "caption", "order"]
    create_service, update_service, delete_service = _part_services(
        EventPhoto, services.event_photo_save, services.event_photo_delete, "photo"
    )


class EventsViewSetGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Events")
    menu_icon = "date"
    menu_order = 320
    items = [
        # Named apart from the public site's "events" namespace; all under /admin/events/.
        EventViewSet("events_event", url_prefix="events/list"),
        EventOrganiserViewSet("events_organiser", url_prefix="events/organisers"),
        AgendaItemViewSet("events_agenda_item", url_prefix="events/agenda"),
        AgendaDocumentViewSet("events_agenda_document", url_prefix="events/agenda-documents"),
        RegistrationQuestionViewSet("events_question", url_prefix="events/questions"),
        EventDocumentViewSet("events_document", url_prefix="events/documents"),
        EventPhotoViewSet("events_photo", url_prefix="events/photos"),
    ]


# The event's own screen and its actions.

EVENTS = Event.objects.select_related("municipality")


class CancelForm(forms.Form):
    cancellation_reason = forms.CharField(
        label=gettext_lazy("Reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class InvitationForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Organisations"),
        queryset=Organisation.objects.exclude(email="").order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=gettext_lazy("Invited at their contact e-mail."),
    )
    emails = forms.CharField(
        label=gettext_lazy("E-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        help_text=gettext_lazy("One per line, or separated by commas."),
    )

    def clean_emails(self):
        text = self.cleaned_data["emails"].replace(",", "\n").replace(";", "\n")
        return [line.strip() for line in text.splitlines() if line.strip()]


class EventScreenMixin(WagtailAdminTemplateMixin):
    header_icon = "date"
    action = "change"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise PermissionDenied
        self.event = get_for_user_or_404(request.user, self.action, EVENTS, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("events_event:index"), "label": _("Events")},
            {"url": reverse("events_admin:event", kwargs={"pk": self.event.pk}),
             "label": self.event.title},
        ]  # fmt: skip

    def back(self):
        return redirect("events_admin:event", pk=self.event.pk)


class EventScreenView(EventScreenMixin, TemplateView):
    """An event's organisers, agenda, questions and registrations (paginated), and its actions."""

    template_name = "events/admin/event.html"
    action = "view_participants"
    per_page = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.event
        questions = list(event.questions.order_by("order", "pk"))
        registrations = event.registrations.select_related("person", "on_behalf_of").order_by(
            "status", "created_at", "pk"
        )
        status = self.request.GET.get("status", "")
        if status in Registration.Status.values:
            registrations = registrations.filter(status=status)
        page = Paginator(registrations, self.per_page).get_page(self.request.GET.get("p"))
        rows = [
            {
                "registration": registration,
                "answers": [registration.answers.get(str(q.pk), "") for q in questions],
            }
            for registration in page
        ]
        counts = dict(
            event.registrations.order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        summary = attendance_summary(event=event)
        context.update(
            event=event,
            attendance_tables=[
                {
                    "id": "attendance-counts",
                    "caption": _("Attendance by participant type"),
                    "labels": list(participant_type_labels().values()),
                    "rows": attendance_table(summary["types"]),
                },
                {
                    "id": "attendance-gender-counts",
                    "caption": _("Attendance by gender"),
                    "labels": list(gender_labels().values()),
                    "rows": attendance_table(summary["genders"], GENDERS),
                },
            ],
            organisers=list(event.organisers.select_related("organisation", "administration")),
            agenda=list(event.agenda_items.all()),
            questions=questions,
            page=page,
            rows=rows,
            status=status,
            statuses=Registration.Status.choices,
            counts={label: counts.get(value, 0) for value, label in Registration.Status.choices},
            cancel_form=CancelForm(),
            may_change=self.request.user.has_perm("events.change_event", event),
        )
        return context


class PublishView(EventScreenMixin, TemplateView):
    action = "publish"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.event_publish(actor=request.user, event=self.event)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The event is published."))
        return self.back()


class CancelView(EventScreenMixin, TemplateView):
    action = "cancel"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = CancelForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why the event is cancelled."))
            return self.back()
        try:
            services.event_cancel(
                actor=request.user,
                event=self.event,
                reason=form.cleaned_data["cancellation_reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The event is cancelled; participants are told."))
        return self.back()


class InvitationsView(EventScreenMixin, TemplateView):
    action = "invite"
    template_name = "events/admin/invitations.html"

    def get_page_title(self):
        return _("Invitations: %(title)s") % {"title": self.event.title}

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        invitations = self.event.invitations.select_related("organisation").order_by("-pk")
        context.update(
            event=self.event,
            form=form or InvitationForm(),
            invitations=Paginator(invitations, 50).get_page(self.request.GET.get("p")),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                sent = backoffice.invitations_send(
                    actor=request.user,
                    event=self.event,
                    organisations=form.cleaned_data["organisations"],
                    emails=form.cleaned_data["emails"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Invitations sent: %(count)s.") % {"count": len(sent)})
                return redirect("events_admin:invitations", pk=self.event.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ParticipantsXlsxView(EventScreenMixin, TemplateView):
    action = "view_participants"

    def get(self, request, *args, **kwargs):
        response = HttpResponse(exports.participants_xlsx(event=self.event), content_type=XLSX)
        filename = f"participants-{self.event.slug}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
