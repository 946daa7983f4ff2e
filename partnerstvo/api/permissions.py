from rest_framework.permissions import SAFE_METHODS, BasePermission

from partnerstvo.core.permissions import user_can


class ReadOnlyPolicyPermission(BasePermission):
    """The public API is read-only; each object must also pass the platform's ``view`` policy
    (list views are already narrowed by ``scope``)."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS and user_can(request.user, "view", obj)
