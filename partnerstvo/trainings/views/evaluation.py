"""Course evaluation: the participant's anonymous questionnaire."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from partnerstvo.core.permissions import get_for_user_or_404
from partnerstvo.directory.roles import roles_of

from .. import services
from ..models import EvaluationItem
from ._common import ENROLMENT, _show_errors


@login_required
def evaluation(request, pk: int):
    enrolment = get_for_user_or_404(request.user, "view", ENROLMENT, pk=pk)
    if enrolment.person_id != roles_of(request.user).person_id:
        raise PermissionDenied
    items = list(EvaluationItem.objects.filter(course_id=enrolment.course_id).order_by("order"))
    errors: dict = {}
    given: dict = {}
    status = 200
    if request.method == "POST":
        given = {
            key.removeprefix("item_"): request.POST.get(key)
            for key in request.POST
            if key.startswith("item_")
        }
        try:
            services.evaluation_submit(actor=request.user, enrolment=enrolment, answers=given)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                errors = {key: value[0].messages[0] for key, value in error.error_dict.items()}
                messages.error(request, _("Please correct the marked answers."))
            else:
                _show_errors(request, error)
            status = 400
        else:
            messages.success(request, _("Thank you for your evaluation."))
            return redirect(reverse("trainings:my-trainings"))
    for item in items:
        item.error = errors.get(f"item_{item.pk}")
        item.value = given.get(str(item.pk), "")
    return render(
        request,
        "trainings/evaluation_form.html",
        {
            "enrolment": enrolment,
            "items": items,
            "submitted": hasattr(enrolment, "evaluation_submission")
            and enrolment.evaluation_submission is not None,
            "ratings": range(1, 6),
        },
        status=status,
    )
