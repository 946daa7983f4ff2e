"""Breadcrumb trails of the platform's own pages (CSO websites build theirs in websites_tags)."""

from django.utils.translation import gettext


def platform_breadcrumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    """``items`` ((label, url) pairs, the last the current page with an empty url) after the
    platform's home page, as GOV.UK's trails start: every trail leads back to the start."""
    return [(gettext("Home"), "/"), *items]
