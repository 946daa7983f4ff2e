"""Pages of capacity assessments: the person's assessments (rounds to run and to answer), a
round and its answer form, its results (radar chart, table, recommendations; public once
published), its action plan, and the coordinators' instrument editor. Every write goes through
a service; a refusal is a message beside the field or above the form, never a server error, and
nothing is half-written."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerstvo.core.charts import radar_chart
from partnerstvo.core.forms import form_add_service_errors, service_error_messages
from partnerstvo.core.permissions import get_for_user_or_404, require, user_can
from partnerstvo.directory.models import AdministrationUnit, Organisation
from partnerstvo.directory.roles import roles_of

from . import selectors, services
from .forms import (
    ActionForm,
    ActionStatusForm,
    AnswerForm,
    DimensionForm,
    InstrumentForm,
    QuestionForm,
    RoundOpenForm,
    ScaleLevelForm,
    VersionNotesForm,
)
from .models import (
    Action,
    Dimension,
    Instrument,
    InstrumentVersion,
    Question,
    Respondent,
    Round,
    ScaleLevel,
    SubjectKind,
)

ROUNDS_PER_PAGE = 20


def _round(request, pk, action="view", seen_by="view") -> Round:
    return get_for_user_or_404(request.user, action, selectors._rounds(), seen_by=seen_by, pk=pk)


# --- the person's assessments ------------------------------------------------------------------


@login_required
@require_GET
def home(request):
    organisations, units = selectors.owned_subjects(user=request.user)
    rounds = selectors.round_list(user=request.user)
    page = Paginator(rounds, ROUNDS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/home.html",
        {
            "subjects": [(f"o{o.pk}", o.name) for o in organisations]
            + [(f"u{u.pk}", f"{u.name} ({u.administration.name})") for u in units],
            "page_obj": page,
            "pending": selectors.pending_answers(user=request.user),
            "manages_instruments": user_can(request.user, "change", Instrument),
        },
    )


@require_GET
def published(request):
    page = Paginator(selectors.published_results(), ROUNDS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "assessments/published.html", {"page_obj": page})


def _subject(request, key: str):
    """``o<id>`` (a CSO) or ``u<id>`` (a unit) that the user may run rounds for, else 404."""
    roles = roles_of(request.user)
    kind, pk = key[:1], key[1:]
    if not pk.isdigit():
        raise Http404
    if kind == "o":
        organisation = Organisation.objects.filter(pk=pk).first()
        if organisation and (roles.superuser or organisation.pk in roles.orgs_with("admin")):
            return {"organisation": organisation}
    elif kind == "u":
        unit = AdministrationUnit.objects.select_related("administration").filter(pk=pk).first()
        if unit and (roles.superuser or unit.administration_id in roles.administrations):
            return {"unit": unit}
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def round_open(request, subject):
    target = _subject(request, subject)
    organisation, unit = target.get("organisation"), target.get("unit")
    kind = SubjectKind.ORGANISATION if organisation else SubjectKind.UNIT
    people = services.eligible_respondents(organisation=organisation, unit=unit)
    form = RoundOpenForm(request.POST or None, kind=kind, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_open(
                actor=request.user,
                instrument=form.cleaned_data["instrument"],
                title=form.cleaned_data["title"],
                respondents=form.cleaned_data["respondents"],
                **target,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The round is open; the respondents were notified."))
            return redirect(round_.get_absolute_url())
    return render(
        request,
        "assessments/round_open.html",
        {"form": form, "subject_name": str(organisation or f"{unit} — {unit.administration}")},
    )


@require_GET
def round_detail(request, pk):
    round_ = _round(request, pk)
    respondents = list(round_.respondents.select_related("person"))
    own = next((r for r in respondents if r.person_id == roles_of(request.user).person_id), None)
    manages = user_can(request.user, "change", round_)
    return render(
        request,
        "assessments/round_detail.html",
        {
            "round": round_,
            "respondents": respondents
            if manages or roles_of(request.user).reads_everything
            else [],
            "answered": sum(1 for r in respondents if r.submitted_at),
            "own": own,
            "may_answer": own is not None and user_can(request.user, "answer", own),
            "manages": manages,
            "sees_results": user_can(request.user, "view_results", round_),
            "own_answers": selectors.own_answers(round=round_, user=request.user) if own else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_answer(request, pk):
    round_ = _round(request, pk)
    respondent = Respondent.objects.filter(
        round=round_, person_id=roles_of(request.user).person_id
    ).first()
    if respondent is None:
        raise Http404
    dimensions = selectors.questionnaire(round=round_)
    levels = list(round_.version.levels.all())
    form = AnswerForm(request.POST or None, dimensions=dimensions, levels=levels)
    refused = None
    if respondent.submitted_at is not None:
        refused = _("You have answered this round already: answers are given once.")
    elif not round_.is_open:
        refused = _("This round is closed: it takes no more answers.")
    if request.method == "POST" and refused:
        form.add_error(None, refused)
    elif request.method == "POST" and form.is_valid():
        try:
            services.answers_submit(actor=request.user, round=round_, answers=form.answers())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your answers are recorded."))
            return redirect(round_.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "assessments/round_answer.html",
        {"round": round_, "form": form, "levels": levels, "refused": refused},
        status=status,
    )


@login_required
@require_POST
def round_close(request, pk):
    round_ = _round(request, pk, "close")
    try:
        services.round_close(actor=request.user, round=round_)
    except ValidationError as error:
        for message in service_error_messages(error):
            messages.error(request, message)
        return redirect(round_.get_absolute_url())
    messages.success(request, _("The round is closed and its scores computed."))
    return redirect(round_.get_results_url())


@login_required
@require_POST
def round_publish(request, pk):
    round_ = _round(request, pk, "publish")
    published = request.POST.get("published") == "1"
    try:
        services.round_publish(actor=request.user, round=round_, published=published)
    except ValidationError as error:
        for message in service_error_messages(error):
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The results are public.") if published else _("The results are private again."),
        )
    return redirect(round_.get_results_url())


def _radar(results):
    series = [(_("This round"), [row.score for row in results.rows])]
    if results.previous is not None:
        series.append(
            (
                _("Previous round (%(date)s)")
                % {"date": results.previous.closed_at.strftime("%d.%m.%Y")},
                [row.previous for row in results.rows],
            )
        )
    if results.peers_shown:
        series.append(
            (
                _("Average of %(count)s peers") % {"count": results.peer_count},
                [row.peers for row in results.rows],
            )
        )
    return radar_chart(
        _("Scores by dimension"),
        [row.dimension.name for row in results.rows],
        series,
        max_value=results.scale_max,
    )


@require_GET
def round_results(request, pk):
    round_ = get_for_user_or_404(
        request.user,
        "view_results",
        selectors._rounds().prefetch_related("version__levels"),
        seen_by="view_results",
        pk=pk,
    )
    if round_.is_open:
        return render(request, "assessments/results_pending.html", {"round": round_})
    results = selectors.round_results(round=round_)
    manages = user_can(request.user, "plan", round_)
    return render(
        request,
        "assessments/round_results.html",
        {
            "round": round_,
            "results": results,
            "chart": _radar(results),
            "manages": manages,
            "min_peers": selectors.MIN_PEERS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_plan(request, pk):
    round_ = _round(request, pk)
    if not user_can(request.user, "view", Action(round=round_)):
        raise Http404
    manages = user_can(request.user, "plan", round_)
    owners = services.action_owners(round=round_)
    initial = {}
    recommendation_id = request.GET.get("recommendation", "")
    recommendation = None
    if recommendation_id:
        recommendation = (
            round_.recommendations.select_related("dimension")
            .filter(pk=recommendation_id if recommendation_id.isdigit() else 0)
            .first()
        )
        if recommendation is None:
            raise Http404
        initial = {
            "recommendation": recommendation.pk,
            "title": recommendation.dimension.name,
            "description": recommendation.text,
        }
    form = ActionForm(request.POST or None, initial=initial, round=round_, owners=owners)
    if request.method == "POST":
        if not manages:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.action_create(
                    actor=request.user, round=round_, data=dict(form.cleaned_data)
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The action is in the plan."))
                return redirect("assessments:action-plan", pk=round_.pk)
    return render(
        request,
        "assessments/action_plan.html",
        {
            "round": round_,
            "actions": selectors.action_plan(round=round_),
            "form": form if manages and not round_.is_open else None,
            "manages": manages,
            "recommendation": recommendation,
            "status_choices": Action.Status.choices,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def action_status(request, pk, action):
    round_ = _round(request, pk)
    action_ = get_for_user_or_404(
        request.user, "change", Action.objects.filter(round=round_), pk=action
    )
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.action_status_set(
            actor=request.user, action=action_, status=form.cleaned_data["status"]
        )
        messages.success(request, _("The action's status is changed."))
    else:
        messages.error(request, _("Choose a status from the list."))
    return redirect("assessments:action-plan", pk=round_.pk)


# --- the instrument editor (coordinators) ------------------------------------------------------


def _coordinator(request):
    if not request.user.is_authenticated:
        raise Http404
    require(request.user, "change", Instrument)


@login_required
@require_GET
def instrument_list(request):
    _coordinator(request)
    return render(
        request,
        "assessments/instrument_list.html",
        {"instruments": selectors.instruments(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def instrument_create(request):
    _coordinator(request)
    form = InstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            instrument = services.instrument_create(
                actor=request.user, data=dict(form.cleaned_data)
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect(instrument.get_absolute_url())
    return render(
        request, "assessments/edit_form.html", {"form": form, "title": _("New instrument")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def instrument_detail(request, slug):
    _coordinator(request)
    instrument = get_for_user_or_404(request.user, "change", Instrument, slug=slug)
    form = VersionNotesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_create_from(
                actor=request.user, instrument=instrument, notes=form.cleaned_data["notes"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("A new draft version is ready to change."))
            return redirect(version.get_absolute_url())
    versions = list(instrument.versions.order_by("-number"))
    return render(
        request,
        "assessments/instrument_detail.html",
        {"instrument": instrument, "versions": versions, "form": form},
    )


def _version(request, slug, number) -> InstrumentVersion:
    _coordinator(request)
    return get_for_user_or_404(
        request.user,
        "change",
        InstrumentVersion.objects.select_related("instrument"),
        instrument__slug=slug,
        number=number,
    )


@login_required
@require_GET
def version_detail(request, slug, number):
    version = selectors.version_for_editing(version=_version(request, slug, number))
    return render(
        request,
        "assessments/version_detail.html",
        {
            "version": version,
            "frozen": version.is_frozen(),
            "errors": services.publication_errors(version) if not version.is_published else [],
        },
    )


@login_required
@require_POST
def version_publish(request, slug, number):
    version = _version(request, slug, number)
    try:
        services.version_publish(actor=request.user, version=version)
    except ValidationError as error:
        for message in service_error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The version is published: new rounds use it."))
    return redirect(version.get_absolute_url())


EDITORS = {
    "dimension": (Dimension, DimensionForm, "version"),
    "question": (Question, QuestionForm, "dimension__version"),
    "level": (ScaleLevel, ScaleLevelForm, "version"),
}


@login_required
@require_http_methods(["GET", "POST"])
def part_edit(request, slug, number, part, pk=None):
    """Add or change a dimension, a question (``?dimension=<id>`` for a new one) or a scale
    level of a version; ``delete`` in the POST removes a dimension or a question."""
    version = _version(request, slug, number)
    if part not in EDITORS:
        raise Http404
    model, form_class, path = EDITORS[part]
    parts = model.objects.filter(**{path: version})
    instance = None
    dimension = None
    if pk is not None:
        instance = get_for_user_or_404(request.user, "change", parts, pk=pk)
        dimension = getattr(instance, "dimension", None)
    elif part == "question":
        dimension_id = request.GET.get("dimension", "")
        dimension = version.dimensions.filter(
            pk=dimension_id if dimension_id.isdigit() else 0
        ).first()
        if dimension is None:
            raise Http404
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and "delete" in request.POST and part != "level" and instance:
        try:
            if part == "dimension":
                services.dimension_delete(actor=request.user, dimension=instance)
            else:
                services.question_delete(actor=request.user, question=instance)
        except ValidationError as error:
            for message in service_error_messages(error):
                messages.error(request, message)
        return redirect(version.get_absolute_url())
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form_class._meta.fields}
        try:
            if part == "dimension":
                services.dimension_save(
                    actor=request.user, version=version, dimension=instance, data=data
                )
            elif part == "question":
                services.question_save(
                    actor=request.user, dimension=dimension, question=instance, data=data
                )
            else:
                services.scale_level_save(
                    actor=request.user, version=version, level=instance, data=data
                )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(version.get_absolute_url())
    return render(
        request,
        "assessments/edit_form.html",
        {
            "form": form,
            "version": version,
            "title": str(instance) if instance else _("Add"),
            "deletable": instance is not None and part != "level",
        },
        status=400 if request.method == "POST" else 200,
    )
