"""The one permission layer: "may this user do ACTION to this record?".

Every app registers a ``Policy`` for each of its models (in ``<app>/policies.py``, imported from
``AppConfig.ready``). Views, Wagtail admin screens, API endpoints and services all ask through
``user_can`` / ``require`` / ``scope``, and Django's ``user.has_perm`` is answered by the same
policies (see ``partnerstvo.accounts.backends``), so Wagtail's own screens follow them too.

Actions are plain strings: ``view`` (what anyone allowed may read), ``view_private`` (contacts,
memberships, back-office data), ``add``, ``change``, ``delete``, and app-specific ones.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet

_registry: dict[type[Model], Policy] = {}


class _SystemActor:
    """The actor of management commands and background tasks: may do everything, audited as
    "system". Never reachable from a request."""

    is_active = True
    is_authenticated = True
    is_superuser = True
    is_anonymous = False
    pk = None
    person_id = None

    def __str__(self):
        return "system"


SYSTEM = _SystemActor()


class Policy:
    """Rules for one model. ``can_<action>(user, obj)`` and ``scope_<action>(user, qs)`` methods.

    ``obj`` is ``None`` for model-level questions ("may this user add organisations at all?").
    Anything not defined is refused: the safe default.
    """

    model: type[Model]

    def can(self, user, action: str, obj: Model | None) -> bool:
        method = getattr(self, f"can_{action}", None)
        return bool(method and method(user, obj))

    def scope(self, user, action: str, queryset: QuerySet) -> QuerySet:
        method = getattr(self, f"scope_{action}", None)
        if method is None:
            return queryset.none()
        return method(user, queryset)


def register(model: type[Model]):
    def decorator(policy_class: type[Policy]) -> type[Policy]:
        policy_class.model = model
        _registry[model] = policy_class()
        return policy_class

    return decorator


def policy_for(model_or_obj) -> Policy | None:
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    if not hasattr(model, "_meta"):
        return None
    model = model._meta.concrete_model
    return _registry.get(model)


def registered_models() -> list[type[Model]]:
    return list(_registry)


def user_can(user, action: str, target) -> bool:
    """May ``user`` do ``action`` to ``target`` (a model instance, or a model class)?"""
    if user is None or not getattr(user, "is_active", False):
        user = _anonymous()
    policy = policy_for(target)
    if policy is None:
        return False
    obj = None if isinstance(target, type) else target
    return policy.can(user, action, obj)


def require(user, action: str, target) -> None:
    """Raise ``PermissionDenied`` unless ``user_can``."""
    if not user_can(user, action, target):
        raise PermissionDenied


def scope(user, action: str, queryset: QuerySet) -> QuerySet:
    """The rows of ``queryset`` on which ``user`` may do ``action``."""
    if user is None or not getattr(user, "is_active", False):
        user = _anonymous()
    policy = policy_for(queryset.model)
    if policy is None:
        return queryset.none()
    return policy.scope(user, action, queryset)


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
