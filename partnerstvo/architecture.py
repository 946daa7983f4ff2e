"""Which of the project's apps may import which: the layers of the foundation and the domain apps.

Read by ``core/tests/test_architecture.py`` (which fails on any other import between apps, and on
any cycle) and described in ``docs/architecture.md``. An app imports only the apps of the layers
below its own; domain apps (the top layer) never import each other.
"""

# Lowest first. ``scheduling`` (jobs run on a schedule) needs only core. ``directory`` sits
# below ``accounts``: a login belongs to a person of the
# directory (``accounts.User.person``), while the directory knows users only as
# ``settings.AUTH_USER_MODEL``, as Django's own apps do. Roles are memberships, so they are read
# in ``directory.roles``.
FOUNDATION = ["core", "scheduling", "directory", "accounts"]

# May import the whole foundation, never each other. An app tells another what it knows through
# a registry in the foundation that the reader reads (e.g. ``core.contributions``).
DOMAIN = ["websites", "trainings", "practices", "api"]

# The platform's home page shows every part of the product, so it may import the domain apps'
# selectors; nothing imports it.
COMPOSITION = ["portal"]


def allowed_imports(app: str) -> set[str]:
    """The apps ``app`` may import (besides itself)."""
    if app in FOUNDATION:
        return set(FOUNDATION[: FOUNDATION.index(app)])
    if app in COMPOSITION:
        return set(FOUNDATION) | set(DOMAIN)
    return set(FOUNDATION)
