"""The back-office pattern page: every design-system component, rendered, with its include line.

Each sample renders in its own frame with the public pages' stylesheet, so the components look as
they do on the public side while Wagtail's admin keeps its own styles. Both views are admin URLs
(``wagtail_hooks``), so only people who may use the back office see them.
"""

from django.http import Http404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from .patterns import pattern, patterns


class PatternLibraryView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "core/admin/patterns.html"
    page_title = _("Design system")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["patterns"] = [
            (item, reverse("core_pattern_preview", args=[item.name])) for item in patterns()
        ]
        return context


@xframe_options_sameorigin
def pattern_preview(request, name):
    item = pattern(name)
    if item is None:
        raise Http404
    with translation.override("bg"):
        sample = render_to_string(item.template, item.context(), request=request)
        return TemplateResponse(
            request, "core/patterns/preview.html", {"pattern": item, "sample": sample}
        )
