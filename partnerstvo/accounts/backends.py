"""Django's permission questions answered by the platform's policies.

``user.has_perm("directory.change_organisation", org)`` asks the Organisation policy whether
this user may ``change`` that organisation. Wagtail's admin asks this way, so its screens obey the
same rules as our views and API. Models without a policy (Wagtail's own) fall back to Django
groups, and platform coordinators may do everything there; auditors may view everything.
"""

from django.apps import apps
from django.contrib.auth.backends import ModelBackend

from partnerstvo.core import permissions

from .roles import roles_of

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
