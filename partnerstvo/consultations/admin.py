"""Back-office (Wagtail admin) screens of public consultations, grouped under "Consultations".

Officers see their administration's consultations (coordinators and auditors all of them), each
with links to its page and to the answer screen, and correct a consultation's description,
contacts or period (through ``services.consultation_update``); publishing, answering, the справка
and the adoption are on the consultation's own screens (``views.py``), which the list links to.
Answer templates, the reusable reasons of an administration's answers, are kept here too."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSetGroup

from partnerstvo.core.admin_views import IndexView, PolicyModelViewSet, PolicyPermissionPolicy
from partnerstvo.directory.models import Administration
from partnerstvo.directory.roles import roles_of

from . import services
from .models import AnswerTemplate, Consultation


class LinkColumn(Column):
    cell_template_name = "consultations/admin/link_cell.html"

    def __init__(self, name, *, url_name: str, link_text, **kwargs):
        super().__init__(name, **kwargs)
        self.url_name = url_name
        self.link_text = link_text

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = reverse(self.url_name, kwargs={"slug": instance.slug})
        context["link_text"] = self.link_text
        return context


class StatusColumn(Column):
    def get_value(self, instance):
        return instance.get_status_display()


class ConsultationIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("administration__municipality")


class NoAddPermissionPolicy(PolicyPermissionPolicy):
    """Consultations are published on their own screen (with documents and the draft's text)
    and never deleted: the record of a consultation stays."""

    REFUSED = {"add", "delete"}

    def user_has_permission(self, user, action):
        return action not in self.REFUSED and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return action not in self.REFUSED and super().user_has_permission_for_instance(
            user, action, instance
        )


def _limit_administrations(form, user):
    if "administration" in form.fields:
        form.fields["administration"].queryset = Administration.objects.filter(
            pk__in=list(roles_of(user).administrations)
        ).order_by("name")


class ConsultationViewSet(PolicyModelViewSet):
    model = Consultation
    index_view_class = ConsultationIndexView
    icon = "doc-full-inverse"
    menu_label = _("Consultations")
    menu_order = 100
    index_scope_action = "list_back_office"
    list_display = [
        "title",
        "administration",
        DateColumn("starts_on", label=_("comments from")),
        DateColumn("ends_on", label=_("comments until")),
        StatusColumn("status", label=_("status")),
        LinkColumn("page", url_name="consultations:detail", link_text=_("Open the page")),
        LinkColumn("answers", url_name="consultations:answers", link_text=_("Answers")),
    ]
    search_fields = ["title"]
    search_backend_name = None
    form_fields = sorted(services.EDITABLE_FIELDS)

    @cached_property
    def permission_policy(self):
        return NoAddPermissionPolicy(self.model)

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.consultation_update(actor=actor, consultation=instance, data=data)


class AnswerTemplateViewSet(PolicyModelViewSet):
    model = AnswerTemplate
    icon = "openquote"
    menu_label = _("Answer templates")
    menu_order = 110
    list_display = ["title", "administration"]
    search_fields = ["title", "text"]
    search_backend_name = None
    form_fields = ["administration", "title", "text"]
    limit_choices = staticmethod(_limit_administrations)
    inspect_view_enabled = False

    @staticmethod
    def create_service(*, actor, data):
        return services.answer_template_save(actor=actor, template=AnswerTemplate(), data=data)

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.answer_template_save(actor=actor, template=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.answer_template_delete(actor=actor, template=instance)


class ConsultationsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Consultations")
    menu_icon = "doc-full-inverse"
    menu_order = 330
    items = [
        ConsultationViewSet("consultations_admin"),
        AnswerTemplateViewSet("answer_templates"),
    ]
