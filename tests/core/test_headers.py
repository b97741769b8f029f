"""Headers and logs: a Content-Security-Policy without inline scripts, static files without
`Access-Control-Allow-Origin: *`, and refusals logged as one line while real errors keep their traceback."""

import io
import logging
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import gonghui
from gonghui.core.logs import OneLineRefusals

TEMPLATE_ROOT = Path(gonghui.__file__).parent


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in header.split(";") if d.strip()}


@pytest.mark.parametrize("url", ["/", "/join/", "/accounts/login/", "/api/v1/docs", "/admin/login/"])
def test_every_page_carries_a_policy_without_inline_script(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def _templates():
    return sorted(p for p in TEMPLATE_ROOT.rglob("*.html") if "locale" not in p.parts)


def test_no_template_holds_inline_script_handlers_or_styles():
    offenders = []
    for path in _templates():
        text = path.read_text()
        for m in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in m.group(0) and 'type="application/json"' not in m.group(0):
                offenders.append(f"{path}: inline <script>")
        for m in re.finditer(r"\s(on[a-z]+)\s*=", text):
            offenders.append(f"{path}: {m.group(1)}=")
        if re.search(r"<style\b|\sstyle\s*=", text):
            offenders.append(f"{path}: inline style")
        if "js:" in text or "javascript:" in text or "hx-on" in text:
            offenders.append(f"{path}: code in an attribute")
    assert offenders == []


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client, db):
    html = client.get("/").content.decode()
    assert '"includeIndicatorStyles": false' in html and '"allowEval": false' in html
    assert "/static/gonghui/app.js" in html


def test_static_files_are_not_shared_with_every_origin(client, db):
    response = client.get("/static/gonghui/app.js")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
    swagger = client.get("/static/ninja/swagger-ui-bundle.js")
    assert swagger.status_code == 200 and "Access-Control-Allow-Origin" not in swagger


# ---------------------------------------------------------------- logs


@pytest.fixture
def log_output():
    """What the site's console handler writes (the handler configured by settings.LOGGING)."""
    handlers = [
        h for h in logging.getLogger().handlers if any(isinstance(f, OneLineRefusals) for f in h.filters)
    ]
    assert handlers, "settings.LOGGING puts OneLineRefusals on the console handler"
    buffer = io.StringIO()
    old = [h.setStream(buffer) for h in handlers]
    yield buffer
    for h, stream in zip(handlers, old, strict=True):
        h.setStream(stream)


def test_a_permission_denied_is_one_line(login, world, log_output):
    response = login(world.member_user).get(reverse("members:roster") + "?q=11010519491231002X")
    assert response.status_code == 403
    lines = [line for line in log_output.getvalue().splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert f"GET {reverse('members:roster')} 403 user={world.member_user.pk}" in lines[0]
    assert "Traceback" not in log_output.getvalue()
    assert "11010519491231002X" not in log_output.getvalue()


def test_a_csrf_failure_is_one_line(db, log_output):
    response = Client(enforce_csrf_checks=True).post(reverse("accounts:login"), {"phone": "13900000000"})
    assert response.status_code == 403
    lines = [line for line in log_output.getvalue().splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "POST /accounts/login/ 403 user=-" in lines[0] and "CSRF" in lines[0]


@pytest.mark.urls("tests.core.boom_urls")
def test_a_real_error_keeps_its_traceback(db, log_output):
    response = Client(raise_request_exception=False).get("/boom/?secret=1")
    assert response.status_code == 500
    text = log_output.getvalue()
    assert "Traceback" in text and "RuntimeError: a real error" in text
