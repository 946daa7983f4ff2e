"""Which of the project's apps may import which: the layers of the foundation and the domain apps.

Read by ``core/tests/test_architecture.py`` (which fails on any other import between apps, and on
any cycle) and described in ``docs/architecture.md``. An app imports only the apps of the layers
below its own; domain apps never import each other. Between the foundation and the domain apps
sits a shared layer: parts that other domain apps build on (coordination councils hold their
meetings as events, with the events' minutes, decisions and actions).
"""

# Lowest first. ``scheduling`` (jobs run on a schedule) needs only core. ``directory`` sits
# below ``accounts``: a login belongs to a person of the
# directory (``accounts.User.person``), while the directory knows users only as
# ``settings.AUTH_USER_MODEL``, as Django's own apps do. Roles are memberships, so they are read
# in ``directory.roles``. ``notifications`` (notices e-mailed at once or in digests, as each
# person chooses) sits above ``accounts``: every domain app may notify people.
FOUNDATION = ["core", "scheduling", "directory", "accounts", "notifications"]

# Parts that other domain apps build on: council meetings are events. They may import the
# foundation; the domain apps may import the foundation and these.
SHARED = ["events"]

# May import the whole foundation and the shared layer, never each other. An app tells another
# what it knows through a registry in the foundation that the reader reads (e.g.
# ``core.contributions``).
DOMAIN = [
    "websites",
    "trainings",
    "practices",
    "consultations",
    "partnerships",
    "analyses",
    "assessments",
    "strategies",
]

# Views over every part of the product, which may import the shared and the domain apps'
# models and selectors; nothing imports them. The platform's home page shows every part; the
# public API (``/api/v1/``) publishes every part's open data in one schema, one pagination and
# one rate limit.
COMPOSITION = ["api", "portal"]


def allowed_imports(app: str) -> set[str]:
    """The apps ``app`` may import (besides itself)."""
    if app in FOUNDATION:
        return set(FOUNDATION[: FOUNDATION.index(app)])
    if app in SHARED:
        return set(FOUNDATION)
    if app in COMPOSITION:
        return set(FOUNDATION) | set(SHARED) | set(DOMAIN)
    return set(FOUNDATION) | set(SHARED)
