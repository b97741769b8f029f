"""The machinery of the access matrix (tests/core/test_access_matrix.py): every URL pattern from the
resolver and every operation of the JSON API, one request per route and persona, and the outcome
as one letter.

Outcomes:
    O  ok: 2xx (a page, a file, an API answer)
    R  a redirect to a page of their own (3xx, not to a login page)
    L  login: a redirect to the login page (the admin's for /admin/), or 401 from the API
    F  forbidden: 403
    N  not found: 404 (outside the user's scope looks the same as not existing)
    M  method not allowed: 405
    V  refused input: 400 or 422 (an empty or invalid POST)
    G  gone: 410
    E  a server error (5xx or an exception): never declared, always a failure
"""

import dataclasses
import json
import re
import traceback

from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

OUTCOMES = {
    "O": "ok (2xx)",
    "R": "redirect to a page of their own (3xx)",
    "L": "login (redirect to the login page, 401 from the API)",
    "F": "forbidden (403)",
    "N": "not found (404)",
    "M": "method not allowed (405)",
    "V": "refused input (400/422)",
    "G": "gone (410)",
    "E": "server error (5xx or an exception)",
}

API_PREFIX = "/api/v1"


@dataclasses.dataclass(frozen=True)
class Route:
    key: str  # "namespace:name" of a page, the pattern for an unnamed one, "METHOD /api/v1/path" for the API
    pattern: str  # the URL pattern (pages) or the path with {params} (API)
    params: tuple[str, ...]  # the names of the URL's parameters
    api_method: str = ""  # the HTTP method of an API operation


def _params_of(pattern: str) -> tuple[str, ...]:
    names = re.findall(r"<(?:\w+:)?(\w+)>", pattern)
    names += re.findall(r"\(\?P<(\w+)>", pattern)
    names += re.findall(r"\{(\w+)\}", pattern)
    return tuple(names)


def _is_ninja(pattern: URLPattern) -> bool:
    return getattr(pattern.callback, "__module__", "").startswith("ninja.operation")


def page_routes() -> list[Route]:
    """Every URL pattern of the resolver, admin included, except the API operations (api_routes)."""
    found: list[Route] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry, prefix + str(entry.pattern), ns)
                continue
            if _is_ninja(entry):
                continue
            pattern = prefix + str(entry.pattern)
            if entry.name:
                key = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                key = f"{namespace}:{pattern}" if namespace else pattern
            found.append(Route(key=key, pattern=pattern, params=_params_of(pattern)))

    walk(get_resolver(), "", "")
    return found


def ninja_url_paths() -> set[str]:
    """The URL patterns that the resolver hands to the API (to check api_routes misses none)."""
    paths: set[str] = set()

    def walk(resolver: URLResolver, prefix: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, prefix + str(entry.pattern))
            elif _is_ninja(entry):
                paths.add("/" + prefix + str(entry.pattern))

    walk(get_resolver(), "")
    return paths


def api_routes() -> list[Route]:
    """Every operation of the NinjaAPI, each HTTP method of each path counted once."""
    from gonghui.api import api

    found: dict[str, Route] = {}  # ninja lists a sub-router's operations under its parent as well

    def walk(router, prefix: str) -> None:
        for path, path_view in router.path_operations.items():
            full = re.sub(r"/+", "/", f"{API_PREFIX}/{prefix}/{path}")
            if path == "" and full.endswith("/") and full != API_PREFIX + "/":
                full = full.rstrip("/")
            for operation in path_view.operations:
                for method in operation.methods:
                    key = f"{method} {full}"
                    found[key] = Route(key=key, pattern=full, params=_params_of(full), api_method=method)
        for sub_prefix, sub_router, *_ in router._routers:
            walk(sub_router, f"{prefix}/{sub_prefix}")

    for prefix, router in api._routers:
        walk(router, prefix)
    return list(found.values())


def api_path_as_django(path: str) -> str:
    """/api/v1/orgs/{uuid} -> /api/v1/orgs/<uuid> (as the resolver prints it), for the cross-check."""
    return re.sub(r"\{(\w+)\}", r"<\1>", path)


@dataclasses.dataclass
class Result:
    outcome: str
    status: int | None
    location: str = ""
    detail: str = ""
    body: str = ""


LOGIN_PATHS = ("/admin/login/",)


def _login_path() -> str:
    return resolve_url(settings.LOGIN_URL)


def classify(response) -> Result:
    status = response.status_code
    location = response.headers.get("Location", "")
    body = ""
    if not getattr(response, "streaming", False):
        body = response.content.decode("utf-8", errors="replace")
    if 200 <= status < 300:
        outcome = "O"
    elif 300 <= status < 400:
        path = location.split("?", 1)[0]
        outcome = "L" if path in (_login_path(), *LOGIN_PATHS) else "R"
    else:
        outcome = {401: "L", 403: "F", 404: "N", 405: "M", 400: "V", 422: "V", 410: "G"}.get(status, "E")
    return Result(outcome=outcome, status=status, location=location, body=body)


class Requester:
    """One test client for the whole matrix (building a client loads the middleware, whitenoise's
    file index included) and one session per persona, opened once: a request only swaps cookies."""

    def __init__(self, users: dict):
        self.client = Client(raise_request_exception=True)
        self.sessions: dict[str, str] = {}
        for code, user in users.items():
            if user is None:
                continue
            self.client.force_login(user)
            self.sessions[code] = self.client.cookies[settings.SESSION_COOKIE_NAME].value
            self.client.cookies.clear()

    def perform(
        self, *, persona: str, method: str, url: str, data=None, api: bool = False, follow: bool = False
    ) -> Result:
        """One request as the persona, inside a savepoint that is rolled back, so a POST that
        succeeds (or a logout) changes nothing for the next case."""
        client = self.client
        client.cookies.clear()
        if persona in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[persona]
        with transaction.atomic():
            try:
                if api:
                    body = json.dumps(data if data is not None else {})
                    response = client.generic(method, url, body, content_type="application/json")
                elif method == "POST":
                    response = client.post(url, data or {}, follow=follow)
                else:
                    response = client.get(url, data or {})
                if response.streaming:
                    # reading the file to its end lets the test client close it as a server would
                    # (closing it here again would fire request_finished, which closes the database
                    # connection inside the open transaction)
                    b"".join(response.streaming_content)
                result = classify(response)
            except Exception:  # a view that raises is a 500 for its user: report it with the traceback
                result = Result(outcome="E", status=None, detail=traceback.format_exc(limit=-8))
            transaction.set_rollback(True)
        return result
