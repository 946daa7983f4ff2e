"""Public pages of partnerships (the register of agreements, an agreement's page, its CSV; the
councils, a council's page and its annual report) and the actions on them. Every write goes
through a service; a refusal is a message beside the field or above the form, never a server
error, and nothing is half-written."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partnerstvo.core.files import private_file_response
from partnerstvo.core.forms import form_add_service_errors, service_error_messages
from partnerstvo.core.pdf import render_pdf
from partnerstvo.core.permissions import get_for_user_or_404, user_can
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
    AgreementEditForm,
    ConfirmForm,
    CouncilForm,
    DocumentForm,
    MeetingForm,
    MemberForm,
    ProposeForm,
    RegisterFilterForm,
    RenewForm,
    TerminateForm,
    party_choices,
)
from .models import Agreement, AgreementDocument, Council, CouncilMember
from .policies import acts_for_party

AGREEMENTS_PER_PAGE = 20
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


# --- the register ------------------------------------------------------------------------------


@require_GET
def agreement_list(request):
    form = RegisterFilterForm(request.GET)
    agreements = selectors.agreement_register(user=request.user, **form.filters())
    page = Paginator(agreements, AGREEMENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "partnerships/agreement_list.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": form.is_filtered(),
            "query": query.urlencode(),
            "can_propose": user_can(request.user, "add", Agreement),
            "today": timezone.localdate(),
        },
    )


CSV_HEADER = [
    "id", "kind", "title", "subject", "status", "starts_on", "ends_on", "parties",
    "municipalities", "renewals", "terminated_on", "url",
]  # fmt: skip


@require_GET
def agreement_csv(request):
    """The confirmed agreements matching the register's filters, as CSV (UTF-8 with a BOM, so
    spreadsheet programs read the Cyrillic)."""
    form = RegisterFilterForm(request.GET)
    filters = form.filters()
    agreements = selectors.agreement_register(user=None, **filters).prefetch_related("renewals")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="partnership-agreements.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for agreement in agreements.iterator(chunk_size=500):
        parties = list(agreement.parties.all())
        writer.writerow(
            [
                agreement.pk,
                agreement.kind,
                agreement.title,
                agreement.subject,
                agreement.status,
                agreement.starts_on.isoformat(),
                agreement.ends_on.isoformat(),
                "; ".join(str(party.party) for party in parties),
                "; ".join(sorted({party.municipality.name for party in parties})),
                len(agreement.renewals.all()),
                agreement.terminated_on.isoformat() if agreement.terminated_on else "",
                request.build_absolute_uri(agreement.get_absolute_url()),
            ]
        )
    return response


def _own_parties(user):
    roles = roles_of(user)
    organisations = Organisation.objects.filter(pk__in=roles.orgs_with("admin")).order_by("name")
    administrations = Administration.objects.filter(pk__in=list(roles.administrations)).order_by(
        "name"
    )
    return party_choices(organisations=organisations, administrations=administrations)


def _other_parties():
    return party_choices(
        organisations=Organisation.objects.filter(is_public=True)
        .only("pk", "name")
        .order_by("name"),
        administrations=Administration.objects.only("pk", "name").order_by("name"),
    )


@login_required
def agreement_propose(request):
    if not user_can(request.user, "add", Agreement):
        raise PermissionDenied
    own, others = _own_parties(request.user), _other_parties()
    if request.method == "POST":
        form = ProposeForm(request.POST, request.FILES, own_parties=own, other_parties=others)
        if form.is_valid():
            data = form.cleaned_data
            documents = []
            if data.get("document"):
                documents.append(
                    (data["document"].name, data["document"], data.get("document_signed_on"))
                )
            try:
                agreement = services.agreement_propose(
                    actor=request.user,
                    data={key: data[key] for key in services.AGREEMENT_FIELDS},
                    parties=form.parties(),
                    documents=documents,
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error("own_party", str(error) or _("You may not propose for this party."))
            else:
                messages.success(
                    request, _("The agreement is proposed; the other parties are asked to confirm.")
                )
                return redirect(agreement.get_absolute_url())
        status = 400
    else:
        form = ProposeForm(own_parties=own, other_parties=others)
        status = 200
    return render(request, "partnerships/agreement_form.html", {"form": form}, status=status)


def _detail_context(request, agreement: Agreement, **forms) -> dict:
    user = request.user
    can_change = user_can(user, "change", agreement)
    parties = list(agreement.parties.all())
    confirmable = [
        party for party in parties
        if party.confirmed_at is None and acts_for_party(user, **services._ids(party))
    ]  # fmt: skip
    status = agreement.status
    today = timezone.localdate()
    context = {
        "agreement": agreement,
        "parties": parties,
        "status": status,
        "can_change": can_change,
        "confirm_form": ConfirmForm(parties=confirmable) if confirmable else None,
        "renew_form": RenewForm() if can_change and status in ("active", "expired") else None,
        "terminate_form": TerminateForm(initial={"terminated_on": today})
        if can_change and status == "active"
        else None,
        "document_form": DocumentForm() if can_change and status != "terminated" else None,
        "can_withdraw": can_change and status == "draft",
        "documents": [d for d in agreement.documents.all() if d.renewal_id is None],
        "renewal_documents": {
            d.renewal_id: d for d in agreement.documents.all() if d.renewal_id is not None
        },
    }
    for name, form in forms.items():
        if form is not None:
            context[name] = form
    return context


def agreement_detail(request, pk: int):
    try:
        agreement = selectors.agreement_for_page(user=request.user, pk=pk)
    except Agreement.DoesNotExist as error:
        raise Http404 from error
    return render(
        request, "partnerships/agreement_detail.html", _detail_context(request, agreement)
    )


def _rerender(request, pk: int, status: int = 400, **forms):
    agreement = selectors.agreement_for_page(user=request.user, pk=pk)
    return render(
        request,
        "partnerships/agreement_detail.html",
        _detail_context(request, agreement, **forms),
        status=status,
    )


@login_required
@require_POST
def agreement_confirm(request, pk: int):
    agreement = get_for_user_or_404(request.user, "confirm", Agreement, pk=pk)
    parties = list(agreement.parties.all())
    form = ConfirmForm(request.POST, parties=parties)
    if form.is_valid():
        party = next(p for p in parties if p.pk == form.cleaned_data["party"])
        try:
            services.agreement_confirm(actor=request.user, agreement=agreement, party=party)
        except ValidationError as error:
            form_add_service_errors(form, error)
        except PermissionDenied:
            form.add_error("party", _("You may confirm only for a party you are an admin of."))
        else:
            messages.success(request, _("Your party's confirmation is recorded."))
            return redirect(agreement.get_absolute_url())
    return _rerender(request, pk, confirm_form=form)


@login_required
@require_POST
def agreement_renew(request, pk: int):
    agreement = get_for_user_or_404(request.user, "renew", Agreement, pk=pk)
    form = RenewForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.agreement_renew(
                actor=request.user,
                agreement=agreement,
                new_end=data["new_end"],
                signed_on=data["signed_on"],
                file=data["file"],
                note=data["note"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The renewal is recorded."))
            return redirect(agreement.get_absolute_url())
    return _rerender(request, pk, renew_form=form)


@login_required
@require_POST
def agreement_terminate(request, pk: int):
    agreement = get_for_user_or_404(request.user, "terminate", Agreement, pk=pk)
    form = TerminateForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_terminate(
                actor=request.user,
                agreement=agreement,
                reason=form.cleaned_data["reason"],
                terminated_on=form.cleaned_data["terminated_on"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The agreement is terminated."))
            return redirect(agreement.get_absolute_url())
    return _rerender(request, pk, terminate_form=form)


@login_required
@require_POST
def agreement_document(request, pk: int):
    agreement = get_for_user_or_404(request.user, "change", Agreement, pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.agreement_document_add(
                actor=request.user,
                agreement=agreement,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                signed_on=form.cleaned_data["signed_on"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The document is added."))
            return redirect(agreement.get_absolute_url())
    return _rerender(request, pk, document_form=form)


@login_required
def agreement_edit(request, pk: int):
    """Change a draft: any party's admin; the other parties confirm the new terms again."""
    agreement = get_for_user_or_404(request.user, "change", Agreement, pk=pk)
    if agreement.confirmed_at is not None:
        messages.error(
            request, _("A confirmed agreement is not changed: renew it or terminate it instead.")
        )
        return redirect(agreement.get_absolute_url())
    parties = list(agreement.parties.select_related("organisation", "administration"))
    initial = {name: getattr(agreement, name) for name in services.AGREEMENT_FIELDS}
    form = AgreementEditForm(request.POST or None, parties=parties, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.agreement_update(
                    actor=request.user,
                    agreement=agreement,
                    data={name: form.cleaned_data[name] for name in services.AGREEMENT_FIELDS},
                    obligations=form.obligations(),
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The draft is changed; the other parties confirm it again.")
                )
                return redirect(agreement.get_absolute_url())
    return render(
        request,
        "partnerships/agreement_edit.html",
        {"form": form, "agreement": agreement},
        status=status,
    )


@login_required
def council_edit(request, slug: str):
    """Change a council's description and visibility: its managers."""
    council = _council(request, slug, "change")
    form = CouncilForm(
        request.POST or None,
        instance=council,
        administrations=Administration.objects.filter(pk=council.administration_id),
    )
    form.fields["administration"].disabled = True
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "administration"}
            try:
                services.council_update(actor=request.user, council=council, data=data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The council is changed."))
                return redirect(council.get_absolute_url())
    return render(
        request,
        "partnerships/council_form.html",
        {"form": form, "council": council},
        status=status,
    )


@login_required
@require_POST
def agreement_withdraw(request, pk: int):
    agreement = get_for_user_or_404(request.user, "delete", Agreement, pk=pk)
    try:
        services.agreement_withdraw(actor=request.user, agreement=agreement)
    except ValidationError as error:
        for message in service_error_messages(error):
            messages.error(request, message)
        return redirect(agreement.get_absolute_url())
    messages.success(request, _("The draft is withdrawn."))
    return redirect("partnerships:agreement-list")


@require_GET
def document_download(request, pk: int, document: int):
    item = get_for_user_or_404(
        request.user, "view", AgreementDocument.objects.all(), pk=document, agreement_id=pk
    )
    extension = Path(item.file.name).suffix.lower()
    return private_file_response(
        item.file,
        filename=item.filename or f"agreement-{pk}{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )


# --- councils ----------------------------------------------------------------------------------


@require_GET
def council_list(request):
    councils = selectors.council_list(user=request.user)
    page = Paginator(councils, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "partnerships/council_list.html",
        {
            "page_obj": page,
            "query": "",
            "can_add": bool(roles_of(request.user).administrations)
            or roles_of(request.user).is_coordinator,
        },
    )


def _council_administrations(user):
    roles = roles_of(user)
    if roles.is_coordinator:
        return Administration.objects.order_by("name")
    return Administration.objects.filter(pk__in=list(roles.administrations)).order_by("name")


@login_required
def council_create(request):
    administrations = _council_administrations(request.user)
    if not administrations.exists():
        raise PermissionDenied
    form = CouncilForm(request.POST or None, administrations=administrations)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                council = services.council_create(actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The council is created; add its members."))
                return redirect(council.get_absolute_url())
    return render(request, "partnerships/council_form.html", {"form": form}, status=status)


def _people_for(council: Council):
    """The people who may be seated: active members of CSOs and the staff of the council's
    administration (not every person of the directory)."""
    today = timezone.localdate()
    return Person.objects.filter(
        Q(pk__in=OrganisationMembership.objects.active(today).values("person_id"))
        | Q(
            pk__in=AdministrationMembership.objects.active(today)
            .filter(administration_id=council.administration_id)
            .values("person_id")
        )
    ).order_by("last_name", "first_name", "pk")


def _council_context(request, council: Council, **forms) -> dict:
    user = request.user
    can_manage = user_can(user, "manage", council)
    published_only = not selectors.sees_unpublished_decisions(user=user, council=council)
    decisions = selectors.council_decisions(council=council, published_only=published_only)
    open_actions = [
        (decision, action)
        for decision in decisions
        for action in decision.actions.all()
        if action.is_open
    ]
    today = timezone.localdate()
    context = {
        "council": council,
        "members": selectors.council_members(council=council),
        "meetings": selectors.council_meetings(council=council, user=user),
        "decisions": decisions,
        "open_actions": open_actions,
        "can_manage": can_manage,
        "now": timezone.now(),
        "report_year": today.year if today.month > 1 else today.year - 1,
        "member_form": MemberForm(people=_people_for(council)) if can_manage else None,
        "meeting_form": MeetingForm() if can_manage else None,
    }
    for name, form in forms.items():
        context[name] = form
    return context


def _council(request, slug: str, action: str = "view") -> Council:
    return get_for_user_or_404(
        request.user,
        action,
        Council.objects.select_related("administration__municipality"),
        slug=slug,
    )


@require_GET
def council_detail(request, slug: str):
    council = _council(request, slug)
    return render(request, "partnerships/council_detail.html", _council_context(request, council))


@login_required
@require_POST
def council_member_add(request, slug: str):
    council = _council(request, slug, "manage")
    form = MemberForm(request.POST, people=_people_for(council))
    if form.is_valid():
        try:
            services.council_member_add(actor=request.user, council=council, data=form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The member is added."))
            return redirect(council.get_absolute_url())
    return render(
        request,
        "partnerships/council_detail.html",
        _council_context(request, council, member_form=form),
        status=400,
    )


@login_required
@require_POST
def council_member_end(request, slug: str, member: int):
    council = _council(request, slug, "manage")
    seat = CouncilMember.objects.filter(council=council, pk=member).first()
    if seat is None:
        raise Http404
    try:
        services.council_member_end(actor=request.user, member=seat, ends_on=timezone.localdate())
    except ValidationError as error:
        for message in service_error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The member's term is ended today."))
    return redirect(council.get_absolute_url())


@login_required
@require_POST
def council_meeting_create(request, slug: str):
    council = _council(request, slug, "manage")
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            meeting = services.council_meeting_create(
                actor=request.user, council=council, data=form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, _("The meeting is created; add its agenda on the event's page.")
            )
            return redirect(meeting.event.get_absolute_url())
    return render(
        request,
        "partnerships/council_detail.html",
        _council_context(request, council, meeting_form=form),
        status=400,
    )


def _report(request, slug: str, year: int):
    council = _council(request, slug)
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404
    published_only = not selectors.sees_unpublished_decisions(user=request.user, council=council)
    return selectors.annual_report(council=council, year=year, published_only=published_only)


@require_GET
def council_report(request, slug: str, year: int):
    report = _report(request, slug, year)
    return render(request, "partnerships/council_report.html", {"report": report})


@require_GET
def council_report_pdf(request, slug: str, year: int):
    report = _report(request, slug, year)
    content = render_pdf(
        "partnerships/council_report_pdf.html",
        {"report": report, "generated": datetime.date.today()},
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{report.council.slug}-{report.year}.pdf"'
    )
    return response
