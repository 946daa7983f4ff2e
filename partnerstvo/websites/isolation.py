"""What of Wagtail's content a back-office user may reach, and Wagtail's screens that ask it.

Wagtail does not isolate tenants by itself (wagtail/wagtail#4288, #1700, #3030): its explorer,
choosers, reports, bulk actions and admin API assume that every editor may at least *see* every
page, image and document. Here one question, ``within_reach(user, model)``, answers which records
of a model a user may see at all, and each Wagtail screen that lists or names records by id asks
it: through Wagtail's hooks where Wagtail has one, otherwise through a subclass of Wagtail's view
installed in front of Wagtail's own URL (see ``admin_urlpatterns``).

- pages: the sites of the CSOs whose admin or editor the user is (coordinators: every page);
- images and documents: the collections in which the user holds any permission (Wagtail's
  collection permission policies, fed by each site's editors' group);
- models with a platform policy: its ``view`` scope; anything else: coordinators only.

``partnerstvo/core/tests/test_admin_isolation.py`` requests every admin URL as every role with
another tenant's ids, so a screen that a Wagtail upgrade adds is checked too.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, Model, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission
from wagtail.admin.auth import require_admin_access
from wagtail.admin.filters import PopularTagsFilter
from wagtail.admin.views.chooser import ChosenMultipleView
from wagtail.admin.views.pages import workflow as page_workflow
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.tags import TAGS_AUTOCOMPLETE_LIMIT
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.permissions import permission_policy as document_permission_policy
from wagtail.documents.views import documents as document_views
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.permissions import permission_policy as image_permission_policy
from wagtail.images.views import images as image_views
from wagtail.images.views.chooser import ImageChooseView, ImageSelectFormatView
from wagtail.images.views.chooser import viewset as image_chooser_viewset
from wagtail.models import Page
from wagtail.utils.urlpatterns import decorate_urlpatterns

from partnerstvo.core import permissions
from partnerstvo.directory.roles import roles_of

from .models import CsoWebsite, NewsTag

# Any of these rights in a collection lets a user see what it holds.
COLLECTION_ACTIONS = ["add", "change", "delete", "choose"]


def editable_site_roots(user) -> list[str] | None:
    """Root page paths of the CSO sites this user edits; None means every page (coordinators)."""
    roles = roles_of(user)
    if roles.is_coordinator:
        return None
    return list(
        CsoWebsite.objects.filter(
            organisation_id__in=roles.orgs_with("admin", "editor")
        ).values_list("site__root_page__path", flat=True)
    )


def pages_within_reach(user, pages: QuerySet) -> QuerySet:
    """``pages`` narrowed to the sites this user edits."""
    roots = editable_site_roots(user)
    if roots is None:
        return pages
    if not roots:
        return pages.none()
    condition = Q()
    for root_path in roots:
        condition |= Q(path__startswith=root_path)
    return pages.filter(condition)


def within_reach(user, model: type[Model]) -> QuerySet:
    """The records of ``model`` that ``user`` may see at all in the back office."""
    if issubclass(model, Page):
        return pages_within_reach(user, model.objects.all())
    if issubclass(model, get_image_model()):
        return image_permission_policy.instances_user_has_any_permission_for(
            user, COLLECTION_ACTIONS
        )
    if issubclass(model, get_document_model()):
        return document_permission_policy.instances_user_has_any_permission_for(
            user, COLLECTION_ACTIONS
        )
    queryset = model._default_manager.all()
    if permissions.policy_for(model) is not None:
        return permissions.scope(user, "view", queryset)
    return queryset if roles_of(user).is_coordinator else queryset.none()


# --- Tag autocompletion (``/admin/tag-autocomplete/``) --------------------------------------


def tags_within_reach(user) -> QuerySet:
    """The tags a user may be offered: those on the news, images and documents within reach
    (coordinators: every tag). Tags are one table for every tenant, so Wagtail's autocompletion
    offered each CSO the words of every other's drafts."""
    from taggit.models import Tag, TaggedItem

    if roles_of(user).is_coordinator:
        return Tag.objects.all()
    pages = pages_within_reach(user, Page.objects.all()).values("pk")
    image_model, document_model = get_image_model(), get_document_model()
    types = ContentType.objects.get_for_models(image_model, document_model)
    files = TaggedItem.objects.filter(
        Q(
            content_type=types[image_model],
            object_id__in=within_reach(user, image_model).values("pk"),
        )
        | Q(
            content_type=types[document_model],
            object_id__in=within_reach(user, document_model).values("pk"),
        ),
        tag=OuterRef("pk"),
    )
    news = NewsTag.objects.filter(tag=OuterRef("pk"), content_object__in=pages)
    return Tag.objects.filter(Exists(news) | Exists(files))


def tag_autocomplete_within_reach(request, app_name=None, model_name=None):
    """Wagtail's ``tags.autocomplete``, offering only the tags within the user's reach."""
    from taggit.models import Tag

    if app_name or model_name:
        try:
            content_type = ContentType.objects.get_by_natural_key(app_name, model_name)
        except ContentType.DoesNotExist as error:
            raise Http404 from error
        if content_type.model_class() is not Tag:  # the project has no other tag model
            raise Http404
    term = request.GET.get("term", "")
    if not term:
        return JsonResponse([], safe=False)
    names = (
        tags_within_reach(request.user)
        .filter(name__istartswith=term)
        .order_by("name")
        .values_list("name", flat=True)[:TAGS_AUTOCOMPLETE_LIMIT]
    )
    return JsonResponse(list(names), safe=False)


def popular_tags_within_reach(user, model: type[Model], count: int = 10) -> QuerySet:
    """Wagtail's ``popular_tags_for_model``, counting only the records of ``model`` within the
    user's reach: Wagtail's offered every CSO the ten most used tags of all images."""
    from taggit.models import Tag

    return (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(model),
            taggit_taggeditem_items__object_id__in=within_reach(user, model).values("pk"),
        )
        .annotate(item_count=Count("taggit_taggeditem_items"))
        .order_by("-item_count", "name")[:count]
    )


class TagsWithinReachFilterSetMixin:
    """The images' and documents' listings filter by the popular tags within reach."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, is_searching=None):
        super().__init__(data, queryset, request=request, prefix=prefix, is_searching=is_searching)
        tag_filter = self.filters.pop("tag", None)
        tags = popular_tags_within_reach(request.user, self._meta.model)
        if tag_filter is not None and tags:
            self.filters["tag"] = PopularTagsFilter(
                label=tag_filter.label,
                field_name="tags__name",
                choices=[(tag.name, tag.name) for tag in tags],
                widget=tag_filter.extra["widget"],
                use_subquery=is_searching,
                help_text=tag_filter.extra.get("help_text", ""),
            )


class ImagesWithinReachFilterSet(TagsWithinReachFilterSetMixin, image_views.ImagesFilterSet):
    class Meta(image_views.ImagesFilterSet.Meta):
        pass


class DocumentsWithinReachFilterSet(
    TagsWithinReachFilterSetMixin, document_views.DocumentsFilterSet
):
    class Meta(document_views.DocumentsFilterSet.Meta):
        pass


class ImageIndexWithinReachView(image_views.IndexView):
    filterset_class = ImagesWithinReachFilterSet


class DocumentIndexWithinReachView(document_views.IndexView):
    filterset_class = DocumentsWithinReachFilterSet


class ImageChooseWithinReachView(ImageChooseView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["popular_tags"] = popular_tags_within_reach(self.request.user, self.model)
        return context


class _ImageChooserWithinReach(type(image_chooser_viewset)):
    """Wagtail's image chooser with the popular tags within reach; built, not registered, so
    its views are Wagtail's own with the same names and arguments."""

    choose_view_class = ImageChooseWithinReachView


# --- The admin API (``/admin/api/main/images/``, ``…/documents/``) ---------------------------


class ReadOnly(BasePermission):
    """The admin API only reads; what it shows is decided by each endpoint's queryset (the
    public API's policy permission would refuse every image, having no policy for it)."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS


class ImagesWithinReachAPIViewSet(ImagesAdminAPIViewSet):
    """Wagtail's endpoint hides only collections under view restriction; this one lists only the
    images in collections where the user holds a permission (listing, search, detail, find).
    The back office's session signs the user in (the public API authenticates no one)."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [ReadOnly]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(pk__in=within_reach(self.request.user, self.model).values("pk"))
        )


class DocumentsWithinReachAPIViewSet(DocumentsAdminAPIViewSet):
    authentication_classes = [SessionAuthentication]
    permission_classes = [ReadOnly]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(pk__in=within_reach(self.request.user, self.model).values("pk"))
        )


# --- Views Wagtail offers no hook for, installed in front of Wagtail's URLs -------------------


class PageChosenMultipleWithinReachView(ChosenMultipleView):
    """The page chooser's answer for several ids: Wagtail's looks the pages up unfiltered (and
    fails on the root page); this one answers only for choosable pages within reach."""

    def get(self, request):
        pks = request.GET.getlist("id")
        pages = pages_within_reach(request.user, Page.objects.filter(pk__in=pks, depth__gt=1))
        result = [
            {
                "id": page.pk,
                "parentId": page.get_parent().pk,
                "adminTitle": page.get_admin_display_title(),
                "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                "url": page.url,
            }
            for page in pages.specific()
        ]
        return self.render_chosen_response(result)


class ImageSelectFormatWithinReachView(ImageSelectFormatView):
    """The image chooser's format step: 404 for an image the user may not choose."""

    def dispatch(self, request, *args, image_id, **kwargs):
        if (
            not image_permission_policy.instances_user_has_permission_for(request.user, "choose")
            .filter(pk=image_id)
            .exists()
        ):
            raise Http404
        return super().dispatch(request, *args, image_id=image_id, **kwargs)


class PageTypesUsageWithinReachView(PageTypesUsageReportView):
    """Page types with their counts and last edited page, counted within the user's sites only
    (Wagtail's counts every site's pages and names the last edited page of any of them)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        roots = editable_site_roots(self.request.user)
        if roots is None:
            return queryset
        language_code = self.filters.form.cleaned_data.get("page_locale", None)
        site_root_path = self.filters.form.cleaned_data.get("site", None)
        pages = pages_within_reach(self.request.user, Page.objects.all())
        if language_code:
            pages = pages.filter(locale__language_code=language_code)
        if site_root_path:
            pages = pages.filter(path__startswith=site_root_path)
        latest_edited = pages.filter(content_type=OuterRef("pk")).order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        return queryset.annotate(
            count=Count("pages", filter=Q(pages__in=pages)),
            last_edited_page_id=Subquery(latest_edited.values("pk")[:1]),
        ).order_by("-count", "app_label", "model")


class PageWithinReachMixin:
    """For Wagtail's object views of one page: a page outside the user's sites answers 404
    (Wagtail's workflow views name the page in an error message to anyone who asks)."""

    def get_base_object_queryset(self):
        return pages_within_reach(self.request.user, super().get_base_object_queryset())


class PageWorkflowActionView(PageWithinReachMixin, page_workflow.WorkflowAction):
    pass


class PageCollectWorkflowActionDataView(
    PageWithinReachMixin, page_workflow.CollectWorkflowActionData
):
    pass


class PageConfirmWorkflowCancellationView(
    PageWithinReachMixin, page_workflow.ConfirmWorkflowCancellation
):
    pass


class PagePreviewRevisionForTaskView(PageWithinReachMixin, page_workflow.PreviewRevisionForTask):
    pass


def admin_urlpatterns():
    """Subclasses of Wagtail's views at Wagtail's own paths; ``partnerstvo/urls.py`` includes them
    under ``admin/`` before Wagtail's admin, so they answer first. Unnamed: reversing Wagtail's
    URL names gives the same paths."""
    patterns = [
        path("tag-autocomplete/", tag_autocomplete_within_reach),
        path(
            "tag-autocomplete/<slug:app_name>/<slug:model_name>/",
            tag_autocomplete_within_reach,
        ),
        path("images/", ImageIndexWithinReachView.as_view()),
        path("images/results/", ImageIndexWithinReachView.as_view(results_only=True)),
        path("documents/", DocumentIndexWithinReachView.as_view()),
        path("documents/results/", DocumentIndexWithinReachView.as_view(results_only=True)),
        path(
            "images/chooser/",
            _ImageChooserWithinReach(
                image_chooser_viewset.name,
                model=image_chooser_viewset.model,
                url_prefix=image_chooser_viewset.url_prefix,
            ).choose_view,
        ),
        path("choose-page/chosen-multiple/", PageChosenMultipleWithinReachView.as_view()),
        path(
            "images/chooser/<int:image_id>/select_format/",
            ImageSelectFormatWithinReachView.as_view(model=get_image_model()),
        ),
        path(
            "reports/page-types-usage/",
            PageTypesUsageWithinReachView.as_view(),
        ),
        path(
            "reports/page-types-usage/results/",
            PageTypesUsageWithinReachView.as_view(results_only=True),
        ),
        path(
            "pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
            PageWorkflowActionView.as_view(),
        ),
        path(
            "pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/"
            "<int:task_state_id>/",
            PageCollectWorkflowActionDataView.as_view(),
        ),
        path(
            "pages/workflow/confirm_cancellation/<int:page_id>/",
            PageConfirmWorkflowCancellationView.as_view(),
        ),
        path(
            "pages/workflow/preview/<int:page_id>/<int:task_id>/",
            PagePreviewRevisionForTaskView.as_view(),
        ),
    ]
    return decorate_urlpatterns(patterns, require_admin_access)


# --- Bulk actions ----------------------------------------------------------------------------


class WithinReachBulkActionMixin:
    """A bulk action acts on, lists and counts only records within the user's reach. Wagtail's
    lists every requested id, titles included, as "you have no permission for these"; records
    outside the user's reach are left out altogether, and a request for none of them is a 404."""

    def get_actionable_objects(self):
        objects, context = super().get_actionable_objects()
        no_access = list(context.get("items_with_no_access", []))
        reachable = set(
            within_reach(self.request.user, self.model)
            .filter(pk__in=[obj.pk for obj in objects + no_access])
            .values_list("pk", flat=True)
        )
        objects = [obj for obj in objects if obj.pk in reachable]
        no_access = [obj for obj in no_access if obj.pk in reachable]
        if not objects and not no_access:
            raise Http404
        return objects, {**context, "items_with_no_access": no_access}


def bulk_actions_within_reach() -> list[type]:
    """Each of Wagtail's bulk actions, narrowed to what the user may reach. Registered after
    Wagtail's (same app, model and action type), so they replace them."""
    from wagtail.admin.views.pages.bulk_actions import (
        DeleteBulkAction as PageDelete,
    )
    from wagtail.admin.views.pages.bulk_actions import (
        MoveBulkAction as PageMove,
    )
    from wagtail.admin.views.pages.bulk_actions import (
        PublishBulkAction as PagePublish,
    )
    from wagtail.admin.views.pages.bulk_actions import (
        UnpublishBulkAction as PageUnpublish,
    )
    from wagtail.documents.views import bulk_actions as documents
    from wagtail.images.views import bulk_actions as images
    from wagtail.snippets.bulk_actions.delete import DeleteBulkAction as SnippetDelete
    from wagtail.users.views import bulk_actions as users

    wagtail_actions = [
        PageDelete,
        PageMove,
        PagePublish,
        PageUnpublish,
        images.AddTagsBulkAction,
        images.AddToCollectionBulkAction,
        images.DeleteBulkAction,
        documents.AddTagsBulkAction,
        documents.AddToCollectionBulkAction,
        documents.DeleteBulkAction,
        users.AssignRoleBulkAction,
        users.DeleteBulkAction,
        users.SetActiveStateBulkAction,
        SnippetDelete,
    ]
    return [
        type(action.__name__, (WithinReachBulkActionMixin, action), {"__module__": __name__})
        for action in wagtail_actions
    ]
