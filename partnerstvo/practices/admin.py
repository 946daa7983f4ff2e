"""Back-office (Wagtail admin) screens of good practices, grouped under "Good practices".

CSO admins and editors see and write their own organisation's practices (and their results,
pictures and documents); coordinators see all, and have the review queue: the submitted practices,
oldest first, each linked to its page where the decision is taken. Every screen obeys the policies
and writes through the services (see core.admin_views)."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.images.permissions import permission_policy as image_permission_policy

from partnerstvo.core.admin_views import IndexView, PolicyModelViewSet, PolicyPermissionPolicy
from partnerstvo.core.permissions import scope, user_can
from partnerstvo.directory.models import Organisation
from partnerstvo.directory.roles import roles_of
from partnerstvo.events.models import Event

from . import services
from .models import Practice, PracticeAttachment, PracticeImage, PracticeResult, ReplicationRequest


class PageLinkColumn(Column):
    """A link to the practice's page, where it is submitted and reviewed."""

    cell_template_name = "practices/admin/link_cell.html"

    def __init__(self, name, *, through: str = "", **kwargs):
        super().__init__(name, **kwargs)
        self.through = through

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        practice = getattr(instance, self.through) if self.through else instance
        context["url"] = reverse("practices:practice-detail", kwargs={"slug": practice.slug})
        context["link_text"] = _("Open the page")
        return context


def _limit_practice_choices(form, user):
    roles = roles_of(user)
    if "organisation" in form.fields and not roles.is_coordinator:
        form.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=roles.orgs_with("admin", "editor")
        ).order_by("name")
    if "presented_at" in form.fields:
        form.fields["presented_at"].queryset = scope(
            user, "view", Event.objects.public().filter(status=Event.Status.PUBLISHED)
        ).order_by("-starts_at")
    if "partner_organisations" in form.fields:
        form.fields["partner_organisations"].queryset = scope(
            user, "view", Organisation.objects.order_by("name")
        )


def _limit_to_writable_practices(form, user):
    if "image" in form.fields:
        # Only images of the collections the user may use (their site's), never another's.
        form.fields[
            "image"
        ].queryset = image_permission_policy.instances_user_has_any_permission_for(
            user, ["choose", "change"]
        ).order_by("-created_at")
    if "practice" in form.fields:
        form.fields["practice"].queryset = scope(
            user, "change", Practice.objects.select_related("organisation")
        ).order_by("title")


def index_view(*related: str, **filters):
    """The policy-scoped list, with its relations joined (and narrowed by ``filters``)."""

    class View(IndexView):
        def get_base_queryset(self):
            return super().get_base_queryset().filter(**filters).select_related(*related)

    return View


class ReadOnlyPermissionPolicy(PolicyPermissionPolicy):
    WRITES = {"add", "change", "delete"}

    def user_has_permission(self, user, action):
        return action not in self.WRITES and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return action not in self.WRITES and super().user_has_permission_for_instance(
            user, action, instance
        )


class ReviewPermissionPolicy(ReadOnlyPermissionPolicy):
    """The queue is the coordinators' alone: others do not see it, even empty."""

    def user_has_permission(self, user, action):
        return super().user_has_permission(user, action) and user_can(user, "review", Practice)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and super().user_has_permission_for_instance(
            user, action, instance
        )


class PracticeViewSet(PolicyModelViewSet):
    model = Practice
    index_view_class = index_view("organisation")
    icon = "pick"
    menu_label = _("Practices")
    menu_order = 100
    index_scope_action = "manage"
    list_display = [
        "title", "organisation", "status", DateColumn("updated_at", label=_("updated")),
        PageLinkColumn("page", label=_("Page")),
    ]  # fmt: skip
    list_filter = ["status"]
    search_fields = ["title"]
    search_backend_name = None
    form_fields = [
        "organisation", "title", "summary", "problem", "approach", "results", "partners",
        "partner_organisations", "resources", "cost_eur", "cost_note", "transferability",
        "contact_name", "contact_email", "contact_phone", "themes", "municipalities",
        "presented_at",
    ]  # fmt: skip
    limit_choices = staticmethod(_limit_practice_choices)

    @staticmethod
    def create_service(*, actor, data):
        return services.practice_create(actor=actor, data=data)

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.practice_update(actor=actor, practice=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.practice_delete(actor=actor, practice=instance)


class ReviewQueueViewSet(PolicyModelViewSet):
    """The coordinator's queue: submitted practices, decided on their page."""

    model = Practice
    index_view_class = index_view("organisation", status=Practice.Status.SUBMITTED)
    ordering = ["submitted_at", "pk"]
    icon = "tasks"
    menu_label = _("Review queue")
    menu_order = 110
    index_scope_action = "review"
    list_display = [
        "title", "organisation", DateColumn("submitted_at", label=_("submitted")),
        PageLinkColumn("page", label=_("Page")),
    ]  # fmt: skip
    search_fields = ["title"]
    search_backend_name = None
    inspect_view_enabled = False
    form_fields = ["title"]

    @cached_property
    def permission_policy(self):
        return ReviewPermissionPolicy(self.model)


class PracticePartViewSet(PolicyModelViewSet):
    index_view_class = index_view("practice")
    limit_choices = staticmethod(_limit_to_writable_practices)
    search_backend_name = None


class PracticeResultViewSet(PracticePartViewSet):
    model = PracticeResult
    icon = "table"
    menu_label = _("Results with numbers")
    menu_order = 120
    list_display = ["indicator", "value", "unit", "practice"]
    search_fields = ["indicator"]
    form_fields = ["practice", "indicator", "value", "unit", "order"]

    @staticmethod
    def create_service(*, actor, data):
        return services.result_save(actor=actor, result=PracticeResult(), data=data)

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.result_save(actor=actor, result=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.result_delete(actor=actor, result=instance)


class PracticeImageViewSet(PracticePartViewSet):
    model = PracticeImage
    icon = "image"
    menu_label = _("Pictures")
    menu_order = 130
    list_display = ["alt_text", "practice"]
    search_fields = ["alt_text"]
    form_fields = ["practice", "image", "alt_text", "caption", "order"]

    @staticmethod
    def create_service(*, actor, data):
        return services.image_save(actor=actor, image=PracticeImage(), data=data)

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.image_save(actor=actor, image=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.image_delete(actor=actor, image=instance)


class PracticeAttachmentViewSet(PracticePartViewSet):
    model = PracticeAttachment
    icon = "doc-full"
    menu_label = _("Documents")
    menu_order = 140
    list_display = ["title", "practice", DateColumn("created_at", label=_("added"))]
    search_fields = ["title"]
    form_fields = ["practice", "title", "file"]
    inspect_view_enabled = False

    @staticmethod
    def create_service(*, actor, data):
        return services.attachment_save(actor=actor, attachment=PracticeAttachment(), data=data)

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.attachment_save(actor=actor, attachment=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.attachment_delete(actor=actor, attachment=instance)


class ReplicationRequestViewSet(PolicyModelViewSet):
    model = ReplicationRequest
    index_view_class = index_view("practice", "organisation")
    icon = "mail"
    menu_label = _("Replication requests")
    menu_order = 150
    list_display = ["practice", "organisation", DateColumn("created_at", label=_("sent"))]
    search_fields = ["message"]
    search_backend_name = None
    form_fields = ["message"]

    @cached_property
    def permission_policy(self):
        return ReadOnlyPermissionPolicy(self.model)


class PracticesViewSetGroup(ModelViewSetGroup):
    menu_label = _("Good practices")
    menu_icon = "pick"
    menu_order = 320
    items = [
        PracticeViewSet("good_practices"),
        ReviewQueueViewSet("practice_review"),
        PracticeResultViewSet("practice_results"),
        PracticeImageViewSet("practice_images"),
        PracticeAttachmentViewSet("practice_attachments"),
        ReplicationRequestViewSet("practice_replications"),
    ]
