"""The one permission layer: "may this user do ACTION to this record?".

Every app registers a ``Policy`` for each of its models (in ``<app>/policies.py``, imported from
``AppConfig.ready``). Views, Wagtail admin screens, API endpoints and services all ask through
``user_can`` / ``require`` / ``scope`` / ``get_for_user_or_404``, and Django's ``user.has_perm`` is
answered by the same policies (see ``partnerstvo.accounts.backends``), so Wagtail's own screens
follow them too.

Actions are plain strings: ``view`` (what anyone allowed may read), ``view_private`` (contacts,
memberships, back-office data), ``add``, ``change``, ``delete``, and app-specific ones.

**Each rule is written once.** A policy says, per action, *which rows* the user may act on:
``rule_<action>(user)`` returns ``ALL``, ``NONE`` or a ``Q`` over the model. That one answer gives
both the queryset (``scope``: the rows matching the rule) and the answer for one record
(``user_can``: does the record match the rule?), so the two cannot disagree. A record is matched
in Python where the rule reads only the record's own fields and forward relations (no query, and
it works for a record not yet saved, as ``add`` needs); otherwise by asking the database about that
one row. The model-level question ("may this user add organisations at all?", asked with no
record) is "may the user act on any row at all?" unless the policy answers it itself with
``any_<action>(user)``.

Older policies written as ``can_<action>`` / ``scope_<action>`` pairs still work; the test
``core/tests/test_policy_agreement.py`` checks that every policy's per-record answers and
querysets agree, for every role, over the demo data.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404

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


class _Constant:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self):
        return self.name


ALL = _Constant("ALL")
NONE = _Constant("NONE")
Rule = Q | _Constant


def within(field: str, values) -> Rule:
    """Rows whose ``field`` is one of ``values`` (``NONE`` when there are none)."""
    if isinstance(values, QuerySet):
        return Q(**{f"{field}__in": values})
    values = list(values)
    return Q(**{f"{field}__in": values}) if values else NONE


def either(*rules: Rule) -> Rule:
    """Rows matching any of ``rules``."""
    if any(rule is ALL for rule in rules):
        return ALL
    conditions = [rule for rule in rules if rule is not NONE]
    if not conditions:
        return NONE
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


def both(*rules: Rule) -> Rule:
    """Rows matching every one of ``rules``."""
    if any(rule is NONE for rule in rules):
        return NONE
    conditions = [rule for rule in rules if rule is not ALL]
    if not conditions:
        return ALL
    combined = conditions[0]
    for condition in conditions[1:]:
        combined &= condition
    return combined


def only_if(condition: bool) -> Rule:
    return ALL if condition else NONE


class Policy:
    """Rules for one model: ``rule_<action>(user) -> ALL | NONE | Q`` per action (preferred), or
    the older ``can_<action>(user, obj)`` with ``scope_<action>(user, qs)``. Anything not
    defined is refused: the safe default."""

    model: type[Model]

    def rule(self, user, action: str) -> Rule | None:
        method = getattr(self, f"rule_{action}", None)
        return None if method is None else method(user)

    def actions(self) -> list[str]:
        names = set()
        for name in dir(self):
            for prefix in ("rule_", "can_", "scope_", "any_"):
                if name.startswith(prefix) and callable(getattr(self, name)):
                    names.add(name[len(prefix) :])
        return sorted(names)

    def can(self, user, action: str, obj: Model | None) -> bool:
        rule = self.rule(user, action)
        if rule is None:
            method = getattr(self, f"can_{action}", None)
            return bool(method and method(user, obj))
        if obj is None:
            model_level = getattr(self, f"any_{action}", None)
            return bool(model_level(user)) if model_level else rule is not NONE
        return matches(rule, obj)

    def scope(self, user, action: str, queryset: QuerySet) -> QuerySet:
        rule = self.rule(user, action)
        if rule is None:
            method = getattr(self, f"scope_{action}", None)
            if method is None:
                return queryset.none()
            return method(user, queryset)
        return apply(rule, queryset)


def apply(rule: Rule, queryset: QuerySet) -> QuerySet:
    if rule is ALL:
        return queryset
    if rule is NONE:
        return queryset.none()
    return queryset.filter(rule)


# --- matching one record against a rule --------------------------------------------------------


class _NeedsDatabase(Exception):
    """The rule reads more than the record's own fields and forward relations."""


_UNSET = object()


def _value(obj: Model, path: list[str]):
    """The value at ``path`` (``["website", "organisation_id"]``) following forward relations."""
    current = obj
    for index, name in enumerate(path):
        if current is None:
            return None
        model = type(current)
        if name == "pk":
            current = current.pk
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            raise _NeedsDatabase from None
        if field.is_relation and (field.many_to_many or field.one_to_many):
            raise _NeedsDatabase
        if field.is_relation and field.auto_created and not field.concrete:
            raise _NeedsDatabase  # a reverse one-to-one
        if field.is_relation and index == len(path) - 1:
            current = getattr(current, field.attname)  # the id: no query
        elif field.is_relation:
            attname = getattr(current, field.attname)
            if attname is None:
                return None
            current = getattr(current, name)
        else:
            current = getattr(current, field.attname, _UNSET)
            if current is _UNSET:
                raise _NeedsDatabase
    return current


_LOOKUPS = {"exact", "in", "isnull"}


def _match_lookup(obj: Model, key: str, expected) -> bool:
    parts = key.split("__")
    lookup = "exact"
    if parts[-1] in _LOOKUPS and len(parts) > 1:
        lookup = parts.pop()
    elif parts[-1] in {"gt", "gte", "lt", "lte", "contains", "icontains", "startswith", "range"}:
        raise _NeedsDatabase
    if isinstance(expected, Model):
        expected = expected.pk
    actual = _value(obj, parts)
    if isinstance(actual, Model):
        actual = actual.pk
    if lookup == "isnull":
        return (actual is None) == bool(expected)
    if lookup == "in":
        if isinstance(expected, QuerySet):
            if actual is None:
                return False
            selected = expected.query.values_select
            if len(selected) != 1:
                raise _NeedsDatabase
            return expected.filter(**{selected[0]: actual}).exists()
        return actual in {getattr(item, "pk", item) for item in expected}
    if hasattr(expected, "resolve_expression"):
        raise _NeedsDatabase  # F() and other expressions
    return actual == expected


def _match(condition: Q, obj: Model) -> bool:
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(_match(child, obj))
        else:
            results.append(_match_lookup(obj, *child))
    outcome = all(results) if condition.connector == Q.AND else any(results)
    return not outcome if condition.negated else outcome


def matches(rule: Rule, obj: Model) -> bool:
    """Does ``obj`` satisfy ``rule``? In Python where possible, otherwise one query."""
    if rule is ALL:
        return True
    if rule is NONE:
        return False
    try:
        return _match(rule, obj)
    except _NeedsDatabase:
        if obj.pk is None:
            raise ValueError(
                f"A rule of {type(obj).__name__} reads related rows and cannot judge an unsaved "
                "record; write it over the record's own fields."
            ) from None
        model = type(obj)._meta.concrete_model
        return model._default_manager.filter(rule, pk=obj.pk).exists()


# --- registry and the entry points -------------------------------------------------------------


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


def _actor(user):
    if user is None or not getattr(user, "is_active", False):
        return _anonymous()
    return user


def user_can(user, action: str, target) -> bool:
    """May ``user`` do ``action`` to ``target`` (a model instance, or a model class)?"""
    user = _actor(user)
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
    user = _actor(user)
    policy = policy_for(queryset.model)
    if policy is None:
        return queryset.none()
    return policy.scope(user, action, queryset)


def get_for_user_or_404(
    user, action: str, queryset: QuerySet | type[Model], *, seen_by: str = "view", **lookup
):
    """The one row of ``queryset`` matching ``lookup`` that ``user`` may do ``action`` to.

    A record the user may not see (``seen_by``, normally ``view``) answers 404, so a record
    outside the user's reach looks like one that does not exist; a record they see but may not
    do ``action`` to answers 403. Every view and viewset that loads a record by its address goes
    through this."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    try:
        rows = list(scope(user, seen_by, queryset).filter(**lookup)[:2])
    except (ValueError, TypeError, ValidationError):
        raise Http404 from None  # a malformed id in the address
    if not rows:
        raise Http404
    if len({row.pk for row in rows}) > 1:
        raise queryset.model.MultipleObjectsReturned(f"{lookup} matches several rows")
    if action != seen_by:
        require(user, action, rows[0])
    return rows[0]


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
