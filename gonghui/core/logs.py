"""Logging: a refusal is one line; a real error keeps its traceback.

Django logs every 4xx/5xx response through `django.request` (and CSRF failures through
`django.security.csrf`), a PermissionDenied with its whole traceback. An access sweep of ordinary
refusals then buries the one real error. `OneLineRefusals`, a filter on the handlers, turns every
record of a 4xx response into one line — method, path (never the query string, which may carry
search text), status, the user's id — and leaves 5xx records, with their tracebacks, untouched.
"""

import logging


def _user_id(request) -> str:
    user = getattr(request, "user", None)
    try:
        return str(user.pk) if user is not None and user.is_authenticated else "-"
    except Exception:  # the session backend itself may be what failed
        return "?"


class OneLineRefusals(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        request = getattr(record, "request", None)
        if not isinstance(status, int) or not 400 <= status < 500 or request is None:
            return True
        try:
            reason = record.getMessage().rsplit(": ", 1)[0]
        except Exception:
            reason = ""
        record.msg = "%s %s %s user=%s (%s)"
        record.args = (request.method, request.path, status, _user_id(request), reason)
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
