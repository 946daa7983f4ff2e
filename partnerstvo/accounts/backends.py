"""Django's permission questions answered by the platform's policies.

``user.has_perm("directory.change_organisation", org)`` asks the Organisation policy whether
this user may ``change`` that organisation. Wagtail's admin asks this way, so its screens obey the
same rules as our views and API. Models without a policy (Wagtail's own) fall back to Django
groups, and platform coordinators may do everything there; auditors may view everything.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from partnerstvo.core import permissions
from partnerstvo.directory.roles import roles_of

from .models import PlatformRole

ACCESS_ADMIN = "wagtailadmin.access_admin"


class RoleBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        # E-mail addresses are compared case-insensitively (get_by_natural_key).
        if username is not None:
            username = username.strip()
        return super().authenticate(request, username=username, password=password, **kwargs)

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active:
            return False
        roles = roles_of(user_obj)
        if roles.superuser:
            return True
        if perm == ACCESS_ADMIN:
            return roles.back_office
        app_label, _, codename = perm.partition(".")
        action, _, model_name = codename.partition("_")
        try:
            model = apps.get_model(app_label, model_name)
        except (LookupError, ValueError):
            model = None
        if model is not None and permissions.policy_for(model) is not None:
            return permissions.user_can(user_obj, action, obj if obj is not None else model)
        if obj is not None:
            return False
        if roles.is_coordinator:
            return True
        if roles.is_auditor and action == "view":
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if not user_obj.is_active:
            return False
        return roles_of(user_obj).is_coordinator or super().has_module_perms(user_obj, app_label)

    def with_perm(self, perm, is_active=True, include_superusers=True, obj=None):
        """The users every record's ``perm`` is granted to by role: superusers and platform
        coordinators (others hold permissions only on their own organisations' records)."""
        holders = Q(platform_roles__role=PlatformRole.Role.COORDINATOR)
        if include_superusers:
            holders |= Q(is_superuser=True)
        users = get_user_model().objects.filter(holders)
        if is_active is not None:
            users = users.filter(is_active=is_active)
        return users.distinct()
