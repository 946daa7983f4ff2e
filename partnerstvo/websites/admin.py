"""Back-office screens of CSO websites, in one place: the websites and their settings, the inbox,
and the freshness report (editors see their stale pages, coordinators see every site).
``wagtail_hooks.py`` registers them with Wagtail; ``isolation.py`` keeps Wagtail's own screens
within a user's reach."""

from django import forms
from django.core.paginator import Paginator
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSetGroup

from partnerstvo.core.admin_views import PolicyModelViewSet
from partnerstvo.core.permissions import scope
from partnerstvo.directory.models import Organisation
from partnerstvo.directory.roles import roles_of

from . import selectors, services
from .models import ContactMessage, CsoWebsite

COORDINATOR = "websites.add_csowebsite"


class NewWebsiteForm(forms.ModelForm):
    """Turning on a website is one choice: which CSO."""

    class Meta:
        model = CsoWebsite
        fields = ["organisation"]


def _limit_new_website_choices(form, user):
    if "organisation" in form.fields:
        form.fields["organisation"].queryset = Organisation.objects.filter(
            cso_website__isnull=True
        ).order_by("name")


def _limit_image_choices(form, user):
    website = getattr(form, "instance", None)
    if website is None or not website.pk:
        return
    from wagtail.images import get_image_model

    images = get_image_model().objects.filter(collection=website.image_collection)
    for name in ("logo", "header_image"):
        if name in form.fields:
            form.fields[name].queryset = images


class CsoWebsiteViewSet(PolicyModelViewSet):
    model = CsoWebsite
    icon = "site"
    menu_order = 300
    menu_label = _("Websites")
    list_display = [
        "organisation",
        Column("hostname", label=_("address"), accessor="site.hostname"),
        BooleanColumn("is_active", label=_("online")),
        DateColumn("updated_at", label=_("updated")),
    ]
    list_filter = ["is_active"]
    search_fields = ["organisation__name", "site__hostname"]
    search_backend_name = None
    list_per_page = 50
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("is_active", permission=COORDINATOR),
                FieldPanel("custom_domain", permission=COORDINATOR),
                FieldPanel("languages"),
                FieldPanel("stale_after_days"),
            ],
            heading=_("Website"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("theme"),
                FieldPanel("logo"),
                FieldPanel("header_image"),
                FieldPanel("primary_colour"),
            ],
            heading=_("Look"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldPanel("contact_address"),
            ],
            heading=_("Contacts"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("facebook_url"), FieldPanel("instagram_url")]),
                FieldRowPanel([FieldPanel("youtube_url"), FieldPanel("linkedin_url")]),
            ],
            heading=_("Social links"),
        ),
    ]
    limit_choices = staticmethod(_limit_image_choices)

    def get_form_class(self, for_update=False):
        if not for_update:
            return NewWebsiteForm
        return super().get_form_class(for_update=for_update)

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(**kwargs) | {
            "panel": None,
            "limit_choices": _limit_new_website_choices,
        }

    @staticmethod
    def create_service(*, actor, data):
        return services.website_enable(actor=actor, organisation=data["organisation"])

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.website_update(actor=actor, website=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.website_disable(actor=actor, website=instance)


class ContactMessageViewSet(PolicyModelViewSet):
    model = ContactMessage
    icon = "mail"
    menu_order = 310
    menu_label = _("Inbox")
    list_display = [
        "subject",
        "name",
        "email",
        BooleanColumn("is_read", label=_("read")),
        DateColumn("created_at", label=_("received")),
    ]
    list_filter = ["is_read"]
    search_fields = ["subject", "name", "email", "message"]
    search_backend_name = None
    inspect_view_fields = ["website", "name", "email", "subject", "message", "created_at"]
    form_fields = ["is_read"]

    @staticmethod
    def update_service(*, actor, instance, data):
        if data.get("is_read"):
            return services.contact_message_mark_read(actor=actor, message=instance)
        return instance

    @staticmethod
    def delete_service(*, actor, instance):
        services.contact_message_delete(actor=actor, message=instance)


class WebsitesViewSetGroup(ModelViewSetGroup):
    menu_label = _("Websites")
    menu_icon = "site"
    menu_order = 150
    items = [CsoWebsiteViewSet("cso_websites"), ContactMessageViewSet("inbox")]


def scoped_websites(user):
    return scope(user, "view", CsoWebsite.objects.select_related("organisation", "site"))


# --- Freshness report ------------------------------------------------------------------------


class FreshnessView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Website freshness")
    header_icon = "time"
    template_name = "websites/admin/freshness.html"
    breadcrumbs_items = [
        {"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")},
        {"url": "", "label": _("Website freshness")},
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        websites = scoped_websites(user)
        if roles_of(user).reads_everything:
            overview = selectors.website_freshness(user=user)
            context["overview"] = Paginator(overview, 50).get_page(self.request.GET.get("page"))
        stale = []
        for website in websites.filter(
            organisation_id__in=roles_of(user).orgs_with("admin", "editor")
        )[:20]:
            stale.append((website, selectors.stale_pages(website=website)[:200]))
        context["own_sites"] = stale
        return context


class FreshnessMenuItem(MenuItem):
    def is_shown(self, request):
        roles = roles_of(request.user)
        return roles.reads_everything or bool(roles.orgs_with("admin", "editor"))
