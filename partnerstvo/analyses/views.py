"""Pages of problem analyses: the list with its filters, an analysis's page and its PDF report,
the form that creates or changes an analysis with all its rows, publishing, and its documents.
Every write goes through a service; a refusal is a message beside the field or above the form,
never a server error, and nothing is half-written (the analysis and its rows are one
transaction)."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partnerstvo.core.files import private_file_response
from partnerstvo.core.forms import form_add_service_errors, service_error_messages
from partnerstvo.core.pdf import render_pdf
from partnerstvo.core.permissions import get_for_user_or_404, user_can
from partnerstvo.core.validators import CONTENT_TYPES
from partnerstvo.directory.models import (
    Administration,
    AdministrationMembership,
    Organisation,
    OrganisationMembership,
    Person,
)
from partnerstvo.directory.roles import roles_of

from . import selectors, services
from .forms import (
    FORMSETS,
    INITIAL_FIELDS,
    AnalysisFilterForm,
    AnalysisForm,
    DocumentForm,
    ordered_rows,
    party_choices,
    party_value,
    resolve_parties,
    rows_for_service,
)
from .models import AnalysisDocument, ProblemAnalysis
from .policies import WRITING_ROLES

PER_PAGE = 20
PDF_CACHE_SECONDS = 24 * 3600


# --- the list and an analysis's page -----------------------------------------------------------


@require_GET
def analysis_list(request):
    form = AnalysisFilterForm(request.GET)
    analyses = selectors.analysis_list(user=request.user, **form.filters())
    page = Paginator(analyses, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "analyses/analysis_list.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": form.is_filtered(),
            "can_add": user_can(request.user, "add", ProblemAnalysis),
        },
    )


def _analysis(request, slug: str) -> ProblemAnalysis:
    try:
        return selectors.analysis_for_page(user=request.user, slug=slug)
    except ProblemAnalysis.DoesNotExist as error:
        raise Http404 from error


def _page_context(request, analysis: ProblemAnalysis, **forms) -> dict:
    user = request.user
    can_change = user_can(user, "change", analysis)
    internal = can_change or user_can(user, "view_internal", analysis)
    context = {
        "analysis": analysis,
        "partners": list(analysis.partners.all()),
        "municipalities": list(analysis.municipalities.all()),
        "areas": list(analysis.areas.all()),
        "stakeholders": list(analysis.stakeholders.all()),
        "findings": list(analysis.findings.all()),
        "has_figures": bool(selectors.data_table(analysis)),
        "quadrants": selectors.swot_quadrants(analysis),
        "recommendations": list(analysis.recommendations.all()),
        "authors": list(analysis.authors.all()),
        "documents": [d for d in analysis.documents.all() if d.is_public or internal],
        "can_change": can_change,
        "document_form": DocumentForm() if can_change else None,
    }
    context.update(forms)
    return context


@require_GET
def analysis_detail(request, slug: str):
    analysis = _analysis(request, slug)
    return render(request, "analyses/analysis_detail.html", _page_context(request, analysis))


@require_GET
def analysis_pdf(request, slug: str):
    """The analysis as a PDF report. A published one is kept in the cache under its last
    change (``updated_at``), so any change is a new key and a stale report is never served."""
    head = get_for_user_or_404(request.user, "view", ProblemAnalysis.objects.all(), slug=slug)
    key = (
        f"analyses:pdf:{head.pk}:{head.updated_at.timestamp()}:{head.status}:"
        f"{translation.get_language()}"
    )
    content = cache.get(key) if head.is_published else None
    if content is None:
        analysis = _analysis(request, slug)
        context = _page_context(request, analysis)
        context["documents"] = [d for d in analysis.documents.all() if d.is_public]
        context["generated"] = timezone.localdate()
        content = render_pdf("analyses/analysis_pdf.html", context)
        if head.is_published:
            cache.set(key, content, PDF_CACHE_SECONDS)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{head.slug}.pdf"'
    return response


# --- creating and changing ---------------------------------------------------------------------


def _owner_choices(user) -> list[tuple[str, str]]:
    roles = roles_of(user)
    if roles.is_coordinator:
        organisations = Organisation.objects.all()
        administrations = Administration.objects.all()
    else:
        organisations = Organisation.objects.filter(pk__in=roles.orgs_with(*WRITING_ROLES))
        administrations = Administration.objects.filter(pk__in=list(roles.administrations))
    return party_choices(
        organisations=organisations.only("pk", "name").order_by("name"),
        administrations=administrations.only("pk", "name").order_by("name"),
    )


def _all_parties() -> list[tuple[str, str]]:
    return party_choices(
        organisations=Organisation.objects.filter(is_public=True)
        .only("pk", "name")
        .order_by("name"),
        administrations=Administration.objects.only("pk", "name").order_by("name"),
    )


def _people(user, analysis: ProblemAnalysis | None) -> list[tuple[int, str]]:
    """The people who may be named authors: the active members of the user's own parties and
    of the analysis's owner and co-authors, and whoever is an author already."""
    roles = roles_of(user)
    organisation_ids = set(roles.orgs_with(*WRITING_ROLES))
    administration_ids = set(roles.administrations)
    condition = Q(pk__in=[])
    if analysis is not None:
        for party in [analysis, *analysis.partners.all()]:
            if party.organisation_id:
                organisation_ids.add(party.organisation_id)
            if party.administration_id:
                administration_ids.add(party.administration_id)
        condition |= Q(pk__in=analysis.authors.exclude(person=None).values("person_id"))
    today = timezone.localdate()
    if organisation_ids:
        condition |= Q(
            pk__in=OrganisationMembership.objects.active(today)
            .filter(organisation_id__in=organisation_ids)
            .values("person_id")
        )
    if administration_ids:
        condition |= Q(
            pk__in=AdministrationMembership.objects.active(today)
            .filter(administration_id__in=administration_ids)
            .values("person_id")
        )
    people = Person.objects.filter(condition).only("pk", "first_name", "last_name")
    return [
        (person.pk, f"{person.first_name} {person.last_name}")
        for person in people.order_by("last_name", "first_name", "pk")
    ]


def _initial(analysis: ProblemAnalysis) -> dict:
    initial = {name: getattr(analysis, name) for name in services.ANALYSIS_FIELDS}
    initial["municipalities"] = [m.pk for m in analysis.municipalities.all()]
    initial["areas"] = [a.pk for a in analysis.areas.all()]
    initial["partners"] = [party_value(p) for p in analysis.partners.all()]
    return initial


def _form_page(request, analysis: ProblemAnalysis | None):
    user = request.user
    parties = _all_parties()
    people = _people(user, analysis)
    post = request.POST if request.method == "POST" else None
    form = AnalysisForm(
        post,
        owners=_owner_choices(user) if analysis is None else None,
        partners=parties,
        initial=_initial(analysis) if analysis else None,
    )
    formsets = {
        kind: formset_class(
            post,
            prefix=kind,
            initial=[INITIAL_FIELDS[kind](row) for row in getattr(analysis, kind).all()]
            if analysis
            else None,
            form_kwargs={"parties": parties, "people": people},
        )
        for kind, (formset_class, _heading) in FORMSETS.items()
    }
    status = 200
    if post is not None:
        status = 400
        valid = [form.is_valid()] + [formset.is_valid() for formset in formsets.values()]
        if all(valid):
            rows = {kind: ordered_rows(formset) for kind, formset in formsets.items()}
            resolved = resolve_parties([row.get("party") for row in rows["stakeholders"]])
            authors = Person.objects.in_bulk([r["person"] for r in rows["authors"] if r["person"]])
            rows = {
                kind: rows_for_service(kind, kind_rows, parties=resolved, people=authors)
                for kind, kind_rows in rows.items()
            }
            try:
                if analysis is None:
                    saved = services.analysis_create(
                        actor=user, data=form.service_data(), rows=rows
                    )
                else:
                    saved = services.analysis_update(
                        actor=user, analysis=analysis, data=form.service_data(), rows=rows
                    )
            except ValidationError as error:
                form_add_service_errors(form, error)
            except PermissionDenied:
                form.add_error(
                    "owner" if "owner" in form.fields else None,
                    _("You may write analyses only for your own organisation or administration."),
                )
            else:
                messages.success(request, _("The analysis is saved."))
                return redirect(saved.get_absolute_url())
    return render(
        request,
        "analyses/analysis_form.html",
        {
            "form": form,
            "formsets": [(kind, formset, FORMSETS[kind][1]) for kind, formset in formsets.items()],
            "analysis": analysis,
        },
        status=status,
    )


@login_required
def analysis_create(request):
    if not user_can(request.user, "add", ProblemAnalysis):
        raise PermissionDenied
    return _form_page(request, None)


@login_required
def analysis_edit(request, slug: str):
    get_for_user_or_404(request.user, "change", ProblemAnalysis.objects.all(), slug=slug)
    return _form_page(request, _analysis(request, slug))


@login_required
@require_POST
def analysis_publish(request, slug: str):
    analysis = get_for_user_or_404(
        request.user, "publish", ProblemAnalysis.objects.all(), slug=slug
    )
    try:
        services.analysis_publish(actor=request.user, analysis=analysis)
    except ValidationError as error:
        for message in service_error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The analysis is published."))
    return redirect(analysis.get_absolute_url())


@login_required
@require_POST
def analysis_unpublish(request, slug: str):
    analysis = get_for_user_or_404(
        request.user, "unpublish", ProblemAnalysis.objects.all(), slug=slug
    )
    try:
        services.analysis_unpublish(actor=request.user, analysis=analysis)
    except ValidationError as error:
        for message in service_error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The analysis is unpublished: it is a draft again."))
    return redirect(analysis.get_absolute_url())


@login_required
@require_POST
def analysis_delete(request, slug: str):
    analysis = get_for_user_or_404(request.user, "delete", ProblemAnalysis.objects.all(), slug=slug)
    try:
        services.analysis_delete(actor=request.user, analysis=analysis)
    except ValidationError as error:
        for message in service_error_messages(error):
            messages.error(request, message)
        return redirect(analysis.get_absolute_url())
    messages.success(request, _("The draft is deleted."))
    return redirect("analyses:list")


# --- documents ---------------------------------------------------------------------------------


@login_required
@require_POST
def document_add(request, slug: str):
    get_for_user_or_404(request.user, "change", ProblemAnalysis.objects.all(), slug=slug)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        analysis = _analysis(request, slug)
        try:
            services.analysis_document_add(
                actor=request.user,
                analysis=analysis,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                is_public=form.cleaned_data["is_public"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The document is added."))
            return redirect(analysis.get_absolute_url())
    analysis = _analysis(request, slug)
    return render(
        request,
        "analyses/analysis_detail.html",
        _page_context(request, analysis, document_form=form),
        status=400,
    )


@login_required
@require_POST
def document_remove(request, slug: str, pk: int):
    document = get_for_user_or_404(
        request.user,
        "delete",
        AnalysisDocument.objects.select_related("analysis"),
        pk=pk,
        analysis__slug=slug,
    )
    services.analysis_document_remove(actor=request.user, document=document)
    messages.success(request, _("The document is removed."))
    return redirect(document.analysis.get_absolute_url())


@require_GET
def document_download(request, slug: str, pk: int):
    document = get_for_user_or_404(
        request.user,
        "view",
        AnalysisDocument.objects.select_related("analysis"),
        pk=pk,
        analysis__slug=slug,
    )
    extension = Path(document.file.name).suffix.lower()
    return private_file_response(
        document.file,
        filename=document.filename or f"{slug}{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
