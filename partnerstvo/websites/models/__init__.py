"""A website for every CSO: Wagtail sites with structured page types, per-site settings, an inbox.

The tree of each site is constrained: a ``CsoHomePage`` at the top, and below it news, projects,
partnerships, activities, documents, contact and standard pages, each only where it belongs.

One module per subdomain: ``site`` (the website, its settings and inbox), ``pages`` (the common
page base, home, standard, section, documents and contact pages), ``news`` and ``projects``.
Every model is importable from here, as the rest of the app and Django expect."""

from .news import IMAGE_ALT_REQUIRED, NewsIndexPage, NewsItemPage, NewsTag
from .pages import (
    NEWS_PER_PAGE,
    ActivitiesPage,
    ContactPage,
    CsoHomePage,
    CsoPage,
    DocumentsPage,
    PartnershipsPage,
    SectionPage,
    StandardPage,
)
from .projects import ProjectIndexPage, ProjectPage
from .site import DARK_BACKGROUND, DARK_SURFACE, ContactMessage, CsoWebsite

CSO_PAGE_MODELS = (
    CsoHomePage, StandardPage, NewsIndexPage, NewsItemPage, ProjectIndexPage, ProjectPage,
    PartnershipsPage, ActivitiesPage, DocumentsPage, ContactPage,
)  # fmt: skip

__all__ = [
    "CSO_PAGE_MODELS",
    "DARK_BACKGROUND",
    "DARK_SURFACE",
    "IMAGE_ALT_REQUIRED",
    "NEWS_PER_PAGE",
    "ActivitiesPage",
    "ContactMessage",
    "ContactPage",
    "CsoHomePage",
    "CsoPage",
    "CsoWebsite",
    "DocumentsPage",
    "NewsIndexPage",
    "NewsItemPage",
    "NewsTag",
    "PartnershipsPage",
    "ProjectIndexPage",
    "ProjectPage",
    "SectionPage",
    "StandardPage",
]
