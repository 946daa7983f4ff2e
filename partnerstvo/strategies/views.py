"""Public pages of development strategies (the list, a strategy's page with its tree, a measure's
page, the annual implementation report as PDF and XLSX) and the editors' and partners' forms.
Every write goes through a service; a refusal is a message beside the field, never a server
error, and nothing is half-written."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partnerstvo.core.forms import form_add_service_errors
from partnerstvo.core.permissions import get_for_user_or_404, user_can
from partnerstvo.directory.models import Administration
from partnerstvo.directory.roles import roles_of

from . import reports, selectors, services
from .forms import (
    GoalForm,
    IndicatorForm,
    IndicatorValueForm,
    MeasureForm,
    MilestoneForm,
    MilestoneReachedForm,
    PriorityForm,
    ReportProgressForm,
    ReportYearForm,
    StrategyFilterForm,
    StrategyForm,
)
from .models import Goal, Indicator, IndicatorValue, Measure, Milestone, Priority, Strategy

STRATEGIES_PER_PAGE = 20


def _strategy(request, slug: str, action: str = "view") -> Strategy:
    return get_for_user_or_404(
        request.user,
        action,
        Strategy.objects.select_related("administration__municipality"),
        slug=slug,
    )


def _report_year(strategy: Strategy) -> int:
    """The year whose report the page offers: the last full year within the period."""
    year = timezone.localdate().year - 1
    return min(max(year, strategy.start_year), strategy.end_year)


# --- public pages ------------------------------------------------------------------------------


@require_GET
def strategy_list(request):
    form = StrategyFilterForm(request.GET)
    strategies = selectors.strategy_list(user=request.user, **form.filters())
    page = Paginator(strategies, STRATEGIES_PER_PAGE).get_page(request.GET.get("page"))
    progress = selectors.progress_of(page.object_list)
    for strategy in page.object_list:
        strategy.progress = selectors.Progress.rounded(progress.strategies.get(strategy.pk))
    return render(
        request,
        "strategies/strategy_list.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": bool(any(form.filters().values())),
            "can_add": user_can(request.user, "add", Strategy),
        },
    )


@require_GET
def strategy_detail(request, slug: str):
    try:
        strategy = selectors.strategy_for_page(user=request.user, slug=slug)
    except Strategy.DoesNotExist as error:
        raise Http404 from error
    page = selectors.strategy_overview(strategy=strategy, page_number=request.GET.get("page"))
    return render(
        request,
        "strategies/strategy_detail.html",
        {
            "page": page,
            "page_obj": page.page_obj,
            "strategy": strategy,
            "can_change": user_can(request.user, "change", strategy),
            "report_year": _report_year(strategy),
        },
    )


def _measure_context(request, strategy, measure, **forms) -> dict:
    can_report = user_can(request.user, "report", measure)
    indicators = [selectors.indicator_row(i, strategy.years) for i in measure.indicators.all()]
    milestones = list(measure.milestones.all())
    context = {
        "strategy": strategy,
        "measure": measure,
        "indicators": indicators,
        "milestones": milestones,
        "years": strategy.years,
        "can_report": can_report,
        "can_change": user_can(request.user, "change", measure),
        "progress_form": ReportProgressForm(
            initial={"status": measure.status, "progress": measure.progress}
        )
        if can_report
        else None,
        "value_form": IndicatorValueForm(indicators=[r.indicator for r in indicators])
        if can_report and indicators
        else None,
        "milestone_form": MilestoneReachedForm(
            milestones=milestones, initial={"reached_on": timezone.localdate()}
        )
        if can_report and milestones
        else None,
    }
    context.update({name: form for name, form in forms.items() if form is not None})
    return context


def _measure(request, strategy, pk, action="view") -> Measure:
    try:
        measure = selectors.measure_for_page(user=request.user, strategy=strategy, pk=pk)
    except Measure.DoesNotExist as error:
        raise Http404 from error
    if action != "view" and not user_can(request.user, action, measure):
        raise PermissionDenied
    return measure


@require_GET
def measure_detail(request, slug: str, pk: int):
    strategy = _strategy(request, slug)
    measure = _measure(request, strategy, pk)
    return render(
        request, "strategies/measure_detail.html", _measure_context(request, strategy, measure)
    )


# --- what responsible partners report -----------------------------------------------------


def _measure_rerender(request, strategy, measure, **forms):
    return render(
        request,
        "strategies/measure_detail.html",
        _measure_context(request, strategy, measure, **forms),
        status=400,
    )


@login_required
@require_POST
def measure_progress(request, slug: str, pk: int):
    strategy = _strategy(request, slug)
    measure = _measure(request, strategy, pk, "report")
    form = ReportProgressForm(request.POST)
    if form.is_valid():
        try:
            services.measure_report(actor=request.user, measure=measure, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The measure's progress is recorded."))
            return redirect(measure.get_absolute_url())
    return _measure_rerender(request, strategy, measure, progress_form=form)


@login_required
@require_POST
def indicator_value(request, slug: str, pk: int):
    """Record an indicator's actual value for a year (or correct the one recorded, when the
    form says so with ``replace``)."""
    strategy = _strategy(request, slug)
    measure = _measure(request, strategy, pk, "report")
    indicators = list(measure.indicators.all())
    form = IndicatorValueForm(request.POST, indicators=indicators)
    if form.is_valid():
        data = form.cleaned_data
        indicator = next(i for i in indicators if i.pk == data["indicator"])
        existing = IndicatorValue.objects.filter(indicator=indicator, year=data["year"]).first()
        try:
            if existing is not None and request.POST.get("replace"):
                services.indicator_value_update(
                    actor=request.user, value=existing, actual=data["value"], note=data["note"]
                )
            else:
                services.indicator_value_record(
                    actor=request.user,
                    indicator=indicator,
                    year=data["year"],
                    value=data["value"],
                    note=data["note"],
                )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The actual value is recorded."))
            return redirect(measure.get_absolute_url())
    return _measure_rerender(request, strategy, measure, value_form=form)


@login_required
@require_POST
def milestone_reached(request, slug: str, pk: int):
    strategy = _strategy(request, slug)
    measure = _measure(request, strategy, pk, "report")
    milestones = list(measure.milestones.all())
    form = MilestoneReachedForm(request.POST, milestones=milestones)
    if form.is_valid():
        milestone = next(m for m in milestones if m.pk == form.cleaned_data["milestone"])
        try:
            services.milestone_reach(
                actor=request.user, milestone=milestone, reached_on=form.cleaned_data["reached_on"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The milestone is recorded."))
            return redirect(measure.get_absolute_url())
    return _measure_rerender(request, strategy, measure, milestone_form=form)


# --- the annual implementation report -----------------------------------------------------


def _annual_report(request, slug: str):
    strategy = _strategy(request, slug)
    form = ReportYearForm(request.GET, strategy=strategy)
    if not form.is_valid():
        return strategy, None, form
    return (
        strategy,
        selectors.annual_report(strategy=strategy, year=form.cleaned_data["year"]),
        form,
    )


def _bad_year(form) -> HttpResponse:
    message = "; ".join(form.errors.get("year", [])) or _("Give a year of the strategy's period.")
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


@require_GET
def report_xlsx(request, slug: str):
    strategy, report, form = _annual_report(request, slug)
    if report is None:
        return _bad_year(form)
    response = HttpResponse(
        reports.report_xlsx(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{strategy.slug}-{report.year}.xlsx"'
    return response


@require_GET
def report_pdf(request, slug: str):
    strategy, report, form = _annual_report(request, slug)
    if report is None:
        return _bad_year(form)
    response = HttpResponse(reports.report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{strategy.slug}-{report.year}.pdf"'
    return response


# --- the editors' forms ----------------------------------------------------------------------


def _editable_administrations(user):
    roles = roles_of(user)
    if roles.is_coordinator:
        return Administration.objects.order_by("name")
    return Administration.objects.filter(pk__in=list(roles.administrations)).order_by("name")


def _form_page(request, form, *, title, back, status):
    return render(
        request,
        "strategies/form.html",
        {"form": form, "title": title, "back": back},
        status=status,
    )


@login_required
def strategy_create(request):
    administrations = _editable_administrations(request.user)
    if not administrations.exists():
        raise PermissionDenied
    form = StrategyForm(request.POST or None, administrations=administrations)
    if request.method == "POST" and form.is_valid():
        try:
            strategy = services.strategy_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The strategy is created as a draft; add its priorities."))
            return redirect(strategy.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("New development strategy"),
        back=("strategies:list", []),
        status=400 if request.method == "POST" else 200,
    )


@login_required
def strategy_edit(request, slug: str):
    strategy = _strategy(request, slug, "change")
    form = StrategyForm(
        request.POST or None,
        instance=strategy,
        administrations=Administration.objects.filter(pk=strategy.administration_id),
    )
    form.fields["administration"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_update(actor=request.user, strategy=strategy, data=form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The strategy is changed."))
            return redirect(strategy.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("Change the strategy"),
        back=("strategies:detail", [strategy.slug]),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def strategy_publish(request, slug: str):
    strategy = _strategy(request, slug, "publish")
    try:
        services.strategy_publish(
            actor=request.user, strategy=strategy, published=not strategy.is_published
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The strategy is published.")
            if strategy.is_published
            else _("The strategy is back to its editors only."),
        )
    return redirect(strategy.get_absolute_url())


def _part_form(request, *, strategy, form_class, instance, save, title):
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form._meta.fields}
        try:
            save(form, data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(strategy.get_absolute_url())
    return _form_page(
        request,
        form,
        title=title,
        back=("strategies:detail", [strategy.slug]),
        status=400 if request.method == "POST" else 200,
    )


@login_required
def priority_form(request, slug: str, pk: int | None = None):
    strategy = _strategy(request, slug, "change")
    priority = None
    if pk is not None:
        priority = Priority.objects.filter(strategy=strategy, pk=pk).first()
        if priority is None:
            raise Http404
    instance = priority or Priority(strategy=strategy)
    return _part_form(
        request,
        strategy=strategy,
        form_class=PriorityForm,
        instance=Priority.objects.get(pk=priority.pk) if priority else instance,
        save=lambda form, data: services.priority_save(
            actor=request.user, strategy=strategy, data=data, priority=priority
        ),
        title=_("Change the priority") if priority else _("Add a priority"),
    )


@login_required
def goal_form(request, slug: str, priority: int, pk: int | None = None):
    strategy = _strategy(request, slug, "change")
    parent = Priority.objects.filter(strategy=strategy, pk=priority).first()
    goal = Goal.objects.filter(priority=parent, pk=pk).first() if pk is not None else None
    if parent is None or (pk is not None and goal is None):
        raise Http404
    return _part_form(
        request,
        strategy=strategy,
        form_class=GoalForm,
        instance=Goal.objects.get(pk=goal.pk) if goal else Goal(priority=parent),
        save=lambda form, data: services.goal_save(
            actor=request.user, priority=parent, data=data, goal=goal
        ),
        title=_("Change the goal") if goal else _("Add a goal"),
    )


@login_required
def measure_form(request, slug: str, goal: int, pk: int | None = None):
    strategy = _strategy(request, slug, "change")
    parent = (
        Goal.objects.filter(priority__strategy=strategy, pk=goal)
        .select_related("priority__strategy")
        .first()
    )
    measure = Measure.objects.filter(goal=parent, pk=pk).first() if pk is not None else None
    if parent is None or (pk is not None and measure is None):
        raise Http404
    return _part_form(
        request,
        strategy=strategy,
        form_class=MeasureForm,
        instance=Measure.objects.get(pk=measure.pk)
        if measure
        else Measure(goal=parent, strategy=strategy),
        save=lambda form, data: services.measure_save(
            actor=request.user, goal=parent, data=data, measure=measure, partners=form.partners()
        ),
        title=_("Change the measure") if measure else _("Add a measure"),
    )


@login_required
def indicator_form(request, slug: str, pk: int):
    """Add an indicator to the measure ``pk``."""
    strategy = _strategy(request, slug, "change")
    measure = Measure.objects.filter(strategy=strategy, pk=pk).first()
    if measure is None:
        raise Http404
    measure.strategy = strategy
    return _part_form(
        request,
        strategy=strategy,
        form_class=IndicatorForm,
        instance=Indicator(strategy=strategy, measure=measure),
        save=lambda form, data: services.indicator_save(
            actor=request.user, measure=measure, data=data
        ),
        title=_("Add an indicator"),
    )


@login_required
def milestone_form(request, slug: str):
    """Add a milestone to the strategy (or, with ``?measure=``, to one of its measures)."""
    strategy = _strategy(request, slug, "change")
    measure = None
    if request.GET.get("measure"):
        try:
            measure = Measure.objects.filter(
                strategy=strategy, pk=int(request.GET["measure"])
            ).first()
        except ValueError:
            measure = None
        if measure is None:
            raise Http404
    return _part_form(
        request,
        strategy=strategy,
        form_class=MilestoneForm,
        instance=Milestone(strategy=strategy, measure=measure),
        save=lambda form, data: services.milestone_save(
            actor=request.user, strategy=strategy, measure=measure, data=data
        ),
        title=_("Add a milestone"),
    )
