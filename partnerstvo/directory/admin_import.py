"""Back-office screens for importing CSOs: upload, preview with errors per row, apply."""

import json

from django.contrib import messages
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from partnerstvo.core.jobs import job_progress_json
from partnerstvo.core.permissions import scope, user_can

from .forms import OrganisationImportUploadForm
from .imports import ImportFileError, organisation_import_apply, organisation_import_upload
from .models import Organisation, OrganisationImport


def _labelled_row(row: dict) -> dict:
    """A stored import row with what people read in place of stored values: the legal form's
    and the benefit's labels (``association`` is shown as "Сдружение")."""
    legal_forms = dict(Organisation.LegalForm.choices)
    benefits = dict(Organisation.Benefit.choices)
    return {
        **row,
        "legal_form_label": legal_forms.get(row.get("legal_form"), row.get("legal_form", "")),
        "benefit_label": benefits.get(row.get("benefit"), row.get("benefit", "")),
    }


def _labelled_error(error: dict) -> dict:
    """An import error with its column's name (the field's verbose name), not the field's code."""
    field = error.get("field") or ""
    try:
        label = Organisation._meta.get_field(field).verbose_name
    except FieldDoesNotExist:
        label = "" if field == NON_FIELD_ERRORS else field
    return {**error, "field_label": capfirst(label)}


class CoordinatorOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not user_can(request.user, "import", Organisation):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportUploadView(CoordinatorOnlyMixin, WagtailAdminTemplateMixin, FormView):
    page_title = gettext_lazy("Import organisations")
    header_icon = "upload"
    template_name = "directory/admin/import_upload.html"
    form_class = OrganisationImportUploadForm
    breadcrumbs_items = [
        {"url": reverse_lazy("wagtailadmin_home"), "label": gettext_lazy("Home")},
        {"url": "", "label": gettext_lazy("Import organisations")},
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent_imports"] = scope(
            self.request.user, "view", OrganisationImport.objects.select_related("uploaded_by")
        )[:10]
        return context

    def form_valid(self, form):
        try:
            organisation_import = organisation_import_upload(
                actor=self.request.user, file=form.cleaned_data["file"], file_kind=form.file_kind
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        return redirect("directory_import:preview", pk=organisation_import.pk)


class ImportPreviewView(CoordinatorOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Import preview")
    header_icon = "upload"
    template_name = "directory/admin/import_preview.html"
    rows_per_page = 100

    def dispatch(self, request, *args, **kwargs):
        self.object = None
        return super().dispatch(request, *args, **kwargs)

    def get_object(self) -> OrganisationImport:
        return get_object_or_404(
            scope(self.request.user, "view", OrganisationImport.objects.all()), pk=self.kwargs["pk"]
        )

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("directory_import:upload"), "label": _("Import organisations")},
            {"url": "", "label": _("Preview")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation_import = self.get_object()
        errors_by_row: dict[int, list] = {}
        for error in organisation_import.errors:
            errors_by_row.setdefault(error["row"], []).append(error)
        errors_page = Paginator(organisation_import.errors, self.rows_per_page).get_page(
            self.request.GET.get("errors_page")
        )
        errors_page.object_list = [_labelled_error(e) for e in errors_page.object_list]
        rows_page = Paginator(organisation_import.rows, self.rows_per_page).get_page(
            self.request.GET.get("page")
        )
        rows_page.object_list = [_labelled_row(row) for row in rows_page.object_list]
        job = organisation_import.jobs.order_by("-created_at", "-pk").first()
        context.update(
            {
                "import": organisation_import,
                "job": job,
                "errors_page": errors_page,
                "rows_page": rows_page,
                "error_rows": len(errors_by_row),
            }
        )
        return context

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "json":
            organisation_import = self.get_object()
            job = organisation_import.jobs.order_by("-created_at", "-pk").first()
            if job is None:
                raise Http404
            response = job_progress_json(job)
            data = json.loads(response.content)
            data["import_status"] = organisation_import.status
            return JsonResponse(data, headers={"Cache-Control": "private, no-store"})
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        organisation_import = self.get_object()
        try:
            created = organisation_import_apply(
                actor=request.user, organisation_import=organisation_import
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("directory_import:preview", pk=organisation_import.pk)
        if created is None:
            messages.success(
                request, _("The organisations are being imported; this page shows the progress.")
            )
            return redirect("directory_import:preview", pk=organisation_import.pk)
        messages.success(request, _("%(count)s organisations were imported.") % {"count": created})
        return redirect("organisations:index")
