from partnerstvo.core.permissions import ALL, NONE, SYSTEM, Policy, register, within

from .models import Notification, NotificationPreference, Subscription


def _own(user):
    if user is SYSTEM:
        return ALL
    person_id = getattr(user, "person_id", None)
    if not getattr(user, "is_authenticated", False) or person_id is None:
        return NONE
    return within("person_id", [person_id])


@register(NotificationPreference)
class NotificationPreferencePolicy(Policy):
    """A person sees and changes only their own choice (the system sets anyone's, e.g. the demo)."""

    def rule_view(self, user):
        return _own(user)

    def rule_change(self, user):
        return _own(user)

    def rule_add(self, user):
        return _own(user)

    def rule_delete(self, user):
        return NONE


@register(Notification)
class NotificationPolicy(Policy):
    """A person sees only their own notices; nobody edits them (services write them)."""

    def rule_view(self, user):
        return _own(user)

    def rule_change(self, user):
        return NONE

    def rule_add(self, user):
        return NONE

    def rule_delete(self, user):
        return NONE


@register(Subscription)
class SubscriptionPolicy(Policy):
    """A person sees, adds and removes only their own subscriptions (the system anyone's, e.g.
    the demo). Nobody edits one: a changed subscription is removed and added again."""

    def rule_view(self, user):
        return _own(user)

    def rule_add(self, user):
        return _own(user)

    def rule_delete(self, user):
        return _own(user)

    def rule_change(self, user):
        return NONE
