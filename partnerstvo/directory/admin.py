"""Back-office (Wagtail admin) screens of the directory. Registered in wagtail_hooks.py."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, DateColumn
from wagtail.admin.viewsets.model import ModelViewSetGroup

from partnerstvo.core.admin_views import PolicyModelViewSet
from partnerstvo.core.permissions import scope

from . import services
from .models import (
    Administration,
    AdministrationMembership,
    AdministrationUnit,
    AreaOfWork,
    Municipality,
    Organisation,
    OrganisationMembership,
    Person,
)
from .roles import roles_of

# Fields only coordinators may edit; others see them read-only.
COORDINATOR = "directory.add_organisation"


def _limit_membership_choices(form, user):
    roles = roles_of(user)
    if "organisation" in form.fields and not roles.is_coordinator:
        form.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=roles.orgs_with("admin")
        )
    if "person" in form.fields:
        form.fields["person"].queryset = scope(user, "view", Person.objects.all())


def _limit_unit_choices(form, user):
    roles = roles_of(user)
    if "administration" in form.fields and not roles.is_coordinator:
        form.fields["administration"].queryset = Administration.objects.filter(
            pk__in=list(roles.administrations)
        )
    if "parent" in form.fields:
        form.fields["parent"].queryset = scope(
            user, "change", AdministrationUnit.objects.select_related("administration")
        )


class OrganisationViewSet(PolicyModelViewSet):
    model = Organisation
    icon = "group"
    menu_order = 100
    index_scope_action = "view_private"
    list_display = [
        "name", "seat", "legal_form",
        BooleanColumn("in_programme", label=_("Programme")),
        # Not Wagtail's UpdatedAtColumn: its label is translated once, at import, in English.
        DateColumn("updated_at", label=_("updated")),
    ]  # fmt: skip
    list_filter = ["legal_form", "in_programme", "benefit"]
    search_fields = ["name", "short_name", "eik"]
    search_backend_name = None
    list_per_page = 50
    inspect_view_fields = [
        "name", "short_name", "slug", "legal_form", "eik", "benefit", "seat", "description",
        "address", "email", "phone", "website", "in_programme", "is_public", "updated_at",
    ]  # fmt: skip
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("short_name"),
                FieldPanel("slug", permission=COORDINATOR),
                FieldRowPanel(
                    [
                        FieldPanel("legal_form", permission=COORDINATOR),
                        FieldPanel("eik", permission=COORDINATOR),
                        FieldPanel("benefit"),
                    ]
                ),
            ],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [FieldPanel("seat"), FieldPanel("municipalities"), FieldPanel("areas")],
            heading=_("Where and what"),
        ),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                FieldPanel("website"),
                FieldPanel("logo"),
            ],
            heading=_("Contacts"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("in_programme", permission=COORDINATOR),
                FieldPanel("is_public", permission=COORDINATOR),
            ],
            heading=_("Programme"),
        ),
    ]

    @staticmethod
    def create_service(*, actor, data):
        return services.organisation_create(actor=actor, data=data)

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.organisation_update(actor=actor, organisation=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.organisation_delete(actor=actor, organisation=instance)


class OrganisationMembershipViewSet(PolicyModelViewSet):
    model = OrganisationMembership
    icon = "user"
    menu_order = 110
    list_display = ["person", "organisation", "role", "position", "start_date", "end_date"]
    list_filter = ["role"]
    search_fields = ["person__first_name", "person__last_name", "organisation__name"]
    search_backend_name = None
    form_fields = ["person", "organisation", "role", "position", "start_date", "end_date"]
    limit_choices = staticmethod(_limit_membership_choices)

    @staticmethod
    def create_service(*, actor, data):
        return services.organisation_membership_save(
            actor=actor, membership=OrganisationMembership(), data=data
        )

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.organisation_membership_save(actor=actor, membership=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.organisation_membership_delete(actor=actor, membership=instance)


class PersonViewSet(PolicyModelViewSet):
    model = Person
    icon = "user"
    menu_order = 120
    list_display = ["last_name", "first_name", "email", "phone"]
    search_fields = ["first_name", "last_name", "email"]
    search_backend_name = None
    form_fields = ["first_name", "last_name", "email", "phone"]

    @staticmethod
    def create_service(*, actor, data):
        return services.person_create(actor=actor, data=data)

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.person_update(actor=actor, person=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.person_delete(actor=actor, person=instance)


class MunicipalityViewSet(PolicyModelViewSet):
    model = Municipality
    icon = "site"
    menu_order = 130
    list_display = ["name", "code", "oblast", BooleanColumn("in_programme", label=_("Programme"))]
    list_filter = ["in_programme", "oblast"]
    search_fields = ["name", "code"]
    search_backend_name = None
    list_per_page = 50
    form_fields = ["in_programme"]

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.municipality_update(actor=actor, municipality=instance, data=data)


class AdministrationViewSet(PolicyModelViewSet):
    model = Administration
    icon = "home"
    menu_order = 140
    index_scope_action = "change"
    list_display = ["name", "municipality", "email", "phone"]
    search_fields = ["name", "municipality__name"]
    search_backend_name = None
    form_fields = ["municipality", "name", "address", "email", "phone", "website"]

    @staticmethod
    def create_service(*, actor, data):
        return services.administration_save(actor=actor, administration=Administration(), data=data)

    @staticmethod
    def update_service(*, actor, instance, data):
        data = {k: v for k, v in data.items() if k != "municipality"}
        return services.administration_save(actor=actor, administration=instance, data=data)


class AdministrationUnitViewSet(PolicyModelViewSet):
    model = AdministrationUnit
    icon = "folder-open-inverse"
    menu_order = 150
    index_scope_action = "change"
    list_display = ["name", "administration", "parent"]
    search_fields = ["name", "administration__name"]
    search_backend_name = None
    form_fields = ["administration", "parent", "name", "email", "phone"]
    limit_choices = staticmethod(_limit_unit_choices)

    @staticmethod
    def create_service(*, actor, data):
        return services.administration_unit_save(actor=actor, unit=AdministrationUnit(), data=data)

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.administration_unit_save(actor=actor, unit=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.administration_unit_delete(actor=actor, unit=instance)


class AdministrationMembershipViewSet(PolicyModelViewSet):
    model = AdministrationMembership
    icon = "user"
    menu_order = 160
    list_display = ["person", "administration", "unit", "role", "position"]
    list_filter = ["role"]
    search_fields = ["person__first_name", "person__last_name", "administration__name"]
    search_backend_name = None
    form_fields = ["person", "administration", "unit", "role", "position", "start_date", "end_date"]

    @staticmethod
    def create_service(*, actor, data):
        return services.administration_membership_save(
            actor=actor, membership=AdministrationMembership(), data=data
        )

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.administration_membership_save(actor=actor, membership=instance, data=data)

    @staticmethod
    def delete_service(*, actor, instance):
        services.administration_membership_delete(actor=actor, membership=instance)


class AreaOfWorkViewSet(PolicyModelViewSet):
    model = AreaOfWork
    icon = "tag"
    menu_order = 170
    list_display = ["name", "name_en"]
    search_fields = ["name", "name_en"]
    search_backend_name = None
    form_fields = ["name", "name_en"]

    @staticmethod
    def create_service(*, actor, data):
        return services.area_of_work_save(actor=actor, area=AreaOfWork(), data=data)

    @staticmethod
    def update_service(*, actor, instance, data):
        return services.area_of_work_save(actor=actor, area=instance, data=data)


class DirectoryViewSetGroup(ModelViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "group"
    menu_order = 200
    items = [
        OrganisationViewSet("organisations"),
        OrganisationMembershipViewSet("organisation_memberships"),
        PersonViewSet("people"),
        MunicipalityViewSet("municipalities"),
        AdministrationViewSet("administrations"),
        AdministrationUnitViewSet("administration_units"),
        AdministrationMembershipViewSet("administration_memberships"),
        AreaOfWorkViewSet("areas_of_work"),
    ]
