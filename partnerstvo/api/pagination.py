from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


def _whole_number(raw: str) -> int | None:
    # ASCII digits only: int() would also read "٣" or "３".
    return int(raw) if raw.isascii() and raw.isdigit() else None


class StandardPagination(PageNumberPagination):
    """``count``, ``next``, ``previous``, ``results``; ``?page_size=`` up to 200.

    A page number or size that is not a whole number of at least 1, or a page past the last one,
    is a 400 naming the parameter (DRF ignores a bad size and answers 404 for a bad page)."""

    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = _("Number of results per page, from 1 to 200 (default 50).")
    max_page_size = 200

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:
            return self.page_size
        size = _whole_number(raw)
        if not size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Enter a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return min(size, self.max_page_size)

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if not raw:
            return 1
        if raw in self.last_page_strings:
            return paginator.num_pages
        number = _whole_number(raw)
        if not number:
            raise ValidationError(
                {self.page_query_param: [_("Enter a whole page number, 1 or more.")]}
            )
        if number > paginator.num_pages:
            raise ValidationError(
                {
                    self.page_query_param: [
                        ngettext(
                            "Page %(number)d does not exist: there is %(count)d page.",
                            "Page %(number)d does not exist: there are %(count)d pages.",
                            paginator.num_pages,
                        )
                        % {"number": number, "count": paginator.num_pages}
                    ]
                }
            )
        return number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters
