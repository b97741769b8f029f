"""Small helpers every page module uses: service errors onto forms, and pagination links."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError


def apply_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError next to the field it names (or at the top of the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def querystring(request, *drop: str) -> str:
    """The current filters without `drop` (default: the page number), ending with & for the
    pagination links in includes/pagination.html (`?{{ querystring_base }}page=N`)."""
    drop = drop or ("page",)
    params = [(k, v) for k, values in request.GET.lists() for v in values if k not in drop and v]
    return urlencode(params) + "&" if params else ""
