from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin_views import PolicyModelViewSet
from .models import AuditEntry


class AuditEntryViewSet(PolicyModelViewSet):
    """The audit trail, read-only: who changed what and when, with each field before and after."""

    model = AuditEntry
    icon = "history"
    menu_label = _("Audit trail")
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["timestamp", "actor_repr", "action", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["action", "object_repr", "actor_repr"]
    search_backend_name = None
    list_per_page = 50
    inspect_view_fields = [
        "timestamp",
        "actor_repr",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "changes",
        "data",
    ]
    form_fields = ["action"]  # never edited: the policy refuses add, change and delete


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEntryViewSet("audit")


@hooks.register("register_admin_urls")
def register_pattern_urls():
    from django.urls import path

    from .pattern_views import PatternLibraryView, pattern_preview

    return [
        path("patterns/", PatternLibraryView.as_view(), name="core_patterns"),
        path("patterns/<slug:name>/", pattern_preview, name="core_pattern_preview"),
    ]


@hooks.register("register_help_menu_item")
def register_pattern_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    return MenuItem(_("Design system"), reverse("core_patterns"), icon_name="doc-full", order=900)
