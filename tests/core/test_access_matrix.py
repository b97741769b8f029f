"""The access matrix: every URL pattern of the resolver (admin included) and every operation of the
JSON API, requested as every persona, against a declared outcome.

A route without a declaration fails `test_every_route_is_declared`, with the row to add. To
declare a route, add one line to PAGES (a page), API (an API operation) or ADMIN_MODELS (a model
registered in the admin): one outcome per persona, in the column order of the header below, with
the letters of tests/access_matrix.py (O ok, R redirect to a page of their own, L login, F 403,
N 404, M 405, V refused input, G 410). Routes with URL parameters take them from
tests/access_world.py (`world.params` for pages, `world.api_objects` for the API): add the
object there, owned by the first county (安平县), so the outsider (a cadre of 临川县) tests scope.

Each case is one request inside a savepoint that is rolled back: GET for pages, an empty POST for
POST-only pages (the declared refusal for the unauthorised, a form error or the action for the
others), the operation's method and a small body for the API. Nobody ever gets a server error, and
no answer to the outsider contains the first county's private data (tests/access_world.CANARY_*).

A declared outcome that the code does not give yet is a defect: it stays declared as it should be,
and KNOWN_DEFECTS marks the case xfail(strict=True) with what is wrong, until the view is fixed.
"""

import dataclasses
import datetime
import logging
from collections.abc import Callable

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests import access_matrix as am
from tests.access_world import (
    PERSONA_CODES,
    PERSONA_LABELS,
    PERSONAS,
    build_access_world,
    cleanup_access_world,
)

pytestmark = pytest.mark.django_db


@dataclasses.dataclass(frozen=True)
class Decl:
    row: str
    method: str = "GET"
    obj: str = ""  # API: the world.api_objects entry filling the path's parameter
    body: Callable | None = None  # API: body(world) -> JSON

    @property
    def outcomes(self) -> list[str]:
        return self.row.split()


def GET(row: str) -> Decl:
    return Decl(row)


def POST(row: str) -> Decl:
    """A POST-only page, sent an empty form."""
    return Decl(row, method="POST")


def API(row: str, *, obj: str = "", body: Callable | None = None) -> Decl:
    return Decl(row, obj=obj, body=body)


def _soon(days: int = 14) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


# fmt: off
# Pages.                                    an me vo ec uc tl ch st vw tw co ou su
PAGES: dict[str, Decl] = {
    "home":                             GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "healthz":                          GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "services":                         GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "account":                          GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "set_language":                     GET("R  R  R  R  R  R  R  R  R  R  R  R  R"),
    "javascript-catalog":               GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    # accounts
    "accounts:login":                   GET("O  R  R  R  R  R  R  R  R  R  R  R  R"),
    "accounts:code_login":              GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "accounts:register":                GET("O  R  R  R  R  R  R  R  R  R  R  R  R"),
    "accounts:logout":                 POST("R  R  R  R  R  R  R  R  R  R  R  R  R"),
    "accounts:password_set":            GET("L  R  R  R  R  R  R  R  R  R  R  R  R"),
    "accounts:password_change":         GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "accounts:tokens":                  GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "accounts:token_revoke":           POST("L  R  N  N  N  N  N  N  N  N  N  N  N"),
    "accounts:token_revoke_all":       POST("L  R  R  R  R  R  R  R  R  R  R  R  R"),
    "accounts:positions":               GET("L  F  F  F  F  F  O  F  F  F  O  O  O"),
    "accounts:position_grant":         POST("L  F  F  F  F  F  O  F  F  F  O  O  O"),
    "accounts:position_revoke":        POST("L  N  N  N  N  N  R  F  F  F  R  N  R"),
    # orgs
    "orgs:list":                        GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "orgs:search":                      GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "orgs:detail":                      GET("L  N  N  N  N  N  O  O  O  O  O  N  O"),
    "orgs:create":                      GET("L  N  N  N  N  N  O  O  F  O  O  N  O"),
    "orgs:edit":                        GET("L  N  N  N  N  N  O  O  F  O  O  N  O"),
    "orgs:pipeline_export":             GET("L  N  N  N  N  N  O  O  O  O  O  N  O"),
    "orgs:enterprise_list":             GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "orgs:enterprise_create":           GET("L  F  F  F  F  F  F  F  F  O  O  O  O"),
    "orgs:enterprise_search":           GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "orgs:enterprise_detail":           GET("L  N  N  N  N  N  N  N  N  O  O  N  O"),
    "orgs:enterprise_edit":             GET("L  N  N  N  N  N  N  N  N  O  O  N  O"),
    "orgs:enterprise_formation":        GET("L  N  N  N  N  N  N  N  N  O  O  N  O"),
    "orgs:routes":                      GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "orgs:route_delete":               POST("L  N  N  N  N  N  N  N  N  N  R  N  R"),
    # members: joining
    "members:join":                     GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "members:join_status_lookup":       GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "members:join_status":              GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "members:application_list":         GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "members:application_detail":       GET("L  N  N  N  N  N  O  O  O  O  O  N  O"),
    "members:application_approve":     POST("L  N  N  N  N  N  R  R  F  R  R  N  R"),
    "members:application_reject":      POST("L  N  N  N  N  N  V  V  F  V  V  N  V"),
    # members: card, own pages, lifecycle, roster
    "members:card":                     GET("L  O  R  R  R  R  R  R  R  R  R  R  R"),
    "members:verify":                   GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "members:me":                       GET("L  O  R  R  R  R  R  R  R  R  R  R  R"),
    "members:correction_request":       GET("L  O  R  R  R  R  R  R  R  R  R  R  R"),
    "members:data_access_request":      GET("L  O  R  R  R  R  R  R  R  R  R  R  R"),
    "members:transfer_request_by_member": GET("L  O  R  R  R  R  R  R  R  R  R  R  R"),
    "members:detail":                   GET("L  F  N  N  N  N  O  O  O  O  O  N  O"),
    "members:reveal_id":               POST("L  F  N  N  N  N  F  F  F  F  O  N  F"),
    "members:transfer_request":         GET("L  F  N  N  N  N  O  O  F  O  O  N  O"),
    "members:leave":                    GET("L  F  N  N  N  N  O  O  F  O  O  N  O"),
    "members:retire":                   GET("L  F  N  N  N  N  O  O  F  O  O  N  O"),
    "members:rejoin":                   GET("L  F  N  N  N  N  O  O  F  O  O  N  O"),
    "members:transfer_list":            GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "members:transfer_detail":          GET("L  O  N  N  N  N  O  O  O  O  O  N  O"),
    "members:transfer_decide":         POST("L  F  N  N  N  N  F  F  F  F  R  N  R"),
    "members:data_request_list":        GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "members:data_request_decide":     POST("L  F  N  N  N  N  R  R  F  R  R  N  R"),
    "members:duplicate_list":           GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "members:duplicate_detail":         GET("L  F  F  F  F  F  O  O  O  O  O  N  O"),
    "members:roster":                   GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "members:roster_export":            GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "members:roster_import":            GET("L  F  F  F  F  F  O  O  F  O  O  O  O"),
    "members:roster_template":          GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    # core: jobs and notifications (the author's / the recipient's only)
    "core:job_detail":                  GET("L  N  N  N  N  N  N  N  N  N  O  N  N"),
    "core:job_download":                GET("L  N  N  N  N  N  N  N  N  N  O  N  N"),
    "core:notifications":               GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "core:notifications_read_all":     POST("L  R  R  R  R  R  R  R  R  R  R  R  R"),
    "core:notification_open":          POST("L  N  N  N  N  N  N  N  N  N  R  N  N"),
    # service desk: menu, teams, orders
    "servicedesk:menu":                 GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "servicedesk:menu_manage":          GET("L  F  F  F  F  F  O  O  F  O  O  O  O"),
    "servicedesk:menu_item_create":     GET("L  F  F  F  F  F  F  F  F  O  O  O  O"),
    "servicedesk:menu_item_edit":       GET("L  N  N  N  N  N  N  N  N  N  O  N  O"),
    "servicedesk:menu_item_toggle":    POST("L  N  N  N  N  N  N  N  N  N  R  N  R"),
    "servicedesk:order_create":         GET("L  O  N  O  N  N  O  O  N  N  N  N  N"),
    "servicedesk:team_list":            GET("L  F  F  F  F  F  O  O  F  O  O  O  O"),
    "servicedesk:team_create":          GET("L  F  F  F  F  F  O  O  F  O  O  O  O"),
    "servicedesk:team_jobs":            GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "servicedesk:team_detail":          GET("L  N  N  N  N  N  N  N  N  N  O  N  O"),
    "servicedesk:team_edit":           POST("L  N  N  N  N  N  N  N  N  N  V  N  V"),
    "servicedesk:team_leader":         POST("L  N  N  N  N  N  N  N  N  N  V  N  V"),
    "servicedesk:team_member_add":     POST("L  N  N  N  N  N  N  N  N  N  V  N  V"),
    "servicedesk:team_member_remove":  POST("L  N  N  N  N  N  N  N  N  N  R  N  R"),
    "servicedesk:order_mine":           GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "servicedesk:order_detail":         GET("L  N  N  O  N  N  N  N  N  N  O  N  O"),
    "servicedesk:order_action":        POST("L  N  N  F  N  N  N  N  N  N  R  N  R"),
    "servicedesk:board":                GET("L  F  F  F  F  F  O  O  F  O  O  O  O"),
    "servicedesk:figures_orders":       GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    # service desk: the bus
    "servicedesk:trip_list":            GET("L  F  F  F  F  O  O  O  O  O  O  O  O"),
    "servicedesk:trip_plan":            GET("L  F  F  F  F  F  F  F  F  O  O  O  O"),
    "servicedesk:bus_summary":          GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "servicedesk:trip_detail":          GET("L  N  N  N  N  O  N  N  N  N  O  N  O"),
    "servicedesk:trip_edit":            GET("L  N  N  N  N  F  N  N  N  N  O  N  O"),
    "servicedesk:trip_report":          GET("L  N  N  N  N  O  N  N  N  N  O  N  O"),
    "servicedesk:stop_add":            POST("L  N  N  N  N  F  N  N  N  N  V  N  V"),
    "servicedesk:stop_move":           POST("L  N  N  N  N  F  N  N  N  N  R  N  R"),
    "servicedesk:stop_remove":         POST("L  N  N  N  N  F  N  N  N  N  R  N  R"),
    "servicedesk:stop_service":        POST("L  N  N  N  N  V  N  N  N  N  V  N  V"),
    "servicedesk:trip_complete":       POST("L  N  N  N  N  F  N  N  N  N  R  N  R"),
    "servicedesk:trip_cancel":         POST("L  N  N  N  N  F  N  N  N  N  V  N  V"),
    # service desk: problems, meetings, partner units
    "servicedesk:problem_list":         GET("L  R  R  R  R  R  O  O  O  O  O  O  O"),
    "servicedesk:problem_raise":        GET("L  F  O  O  F  F  F  F  F  O  O  F  O"),
    "servicedesk:problem_mine":         GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "servicedesk:problem_inbox":        GET("L  F  F  F  O  F  F  F  F  F  F  F  F"),
    "servicedesk:problem_figures":      GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "servicedesk:problem_detail":       GET("L  N  N  O  O  N  N  N  N  O  O  N  O"),
    "servicedesk:problem_assign":      POST("L  N  N  F  F  N  N  N  N  V  V  N  V"),
    "servicedesk:problem_answer":      POST("L  N  N  F  V  N  N  N  N  V  V  N  V"),
    "servicedesk:problem_confirm":     POST("L  N  N  R  F  N  N  N  N  R  R  N  R"),
    "servicedesk:problem_reopen":      POST("L  N  N  V  F  N  N  N  N  V  V  N  V"),
    "servicedesk:problem_close":       POST("L  N  N  R  R  N  N  N  N  R  R  N  R"),
    "servicedesk:meeting_schedule":     GET("L  N  N  F  F  N  N  N  N  O  O  N  O"),
    "servicedesk:meeting_list":         GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "servicedesk:meeting_detail":       GET("L  N  N  N  N  N  N  N  N  N  O  N  O"),
    "servicedesk:unit_list":            GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "servicedesk:unit_create":          GET("L  F  F  F  F  F  F  F  F  O  O  O  O"),
    "servicedesk:unit_detail":          GET("L  N  N  N  N  N  N  N  N  N  O  N  O"),
    "servicedesk:unit_edit":            GET("L  N  N  N  N  N  N  N  N  N  O  N  O"),
    # service desk: worker diary, petitions
    "servicedesk:diary_list":           GET("L  F  F  F  F  F  O  O  O  O  O  O  F"),
    "servicedesk:diary_create":         GET("L  F  F  F  F  F  O  O  F  O  O  O  F"),
    "servicedesk:diary_detail":         GET("L  N  N  N  N  N  N  N  N  O  O  N  N"),
    "servicedesk:followups":            GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "servicedesk:followup_complete":    GET("L  N  N  N  N  N  O  N  N  O  O  N  N"),
    "servicedesk:petition_list":        GET("L  R  R  R  R  R  O  O  O  O  O  O  F"),
    "servicedesk:petition_register":    GET("L  F  F  F  F  F  O  O  F  O  O  O  F"),
    "servicedesk:petition_submit":      GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "servicedesk:petition_mine":        GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "servicedesk:petition_detail":      GET("L  O  N  N  N  N  N  N  N  N  O  N  N"),
    "servicedesk:petition_assign":     POST("L  F  N  N  N  N  N  N  N  N  R  N  N"),
    "servicedesk:petition_reply":      POST("L  F  N  N  N  N  N  N  N  N  O  N  N"),
    "servicedesk:petition_close":      POST("L  F  N  N  N  N  N  N  N  N  R  N  N"),
    "servicedesk:petition_phone":      POST("L  F  N  N  N  N  N  N  N  N  O  N  N"),
    # service desk: deadlines and the holiday calendar
    "servicedesk:settings":             GET("L  F  F  F  F  F  R  F  F  F  R  R  O"),
    "servicedesk:settings_edit":        GET("L  N  N  N  N  N  N  N  N  N  O  N  O"),
    "servicedesk:calendar":             GET("L  F  F  F  F  F  F  F  F  F  O  O  O"),
    "servicedesk:calendar_add":        POST("L  F  F  F  F  F  F  F  F  F  O  O  O"),
    "servicedesk:calendar_paste":       GET("L  F  F  F  F  F  F  F  F  F  O  O  O"),
    # a county cadre is sent back with "not a local adjustment of yours": the national day stays
    "servicedesk:calendar_remove":     POST("L  F  F  F  F  F  F  F  F  F  R  R  R"),
    # volunteers
    # dashboard: the township's glance; its targets are set from the county (never by the township)
    "dashboard:home":                   GET("L  F  F  F  F  F  R  R  R  R  R  R  R"),
    "dashboard:glance":                 GET("L  F  F  F  F  F  N  N  N  O  O  N  O"),
    "dashboard:chart":                  GET("L  F  F  F  F  F  N  N  N  O  O  N  O"),
    "dashboard:ranking":                GET("L  F  F  F  F  F  N  N  N  O  O  N  O"),
    "dashboard:export":                 GET("L  F  F  F  F  F  N  N  N  O  O  N  O"),
    "dashboard:targets":                GET("L  F  F  F  F  F  N  N  N  F  O  N  O"),
    "volunteers:home":                  GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "volunteers:register":              GET("L  O  R  O  O  O  O  O  O  O  O  O  O"),
    "volunteers:profile":               GET("L  R  O  R  R  R  R  R  R  R  R  R  R"),
    "volunteers:leave":                POST("L  N  R  N  N  N  N  N  N  N  N  N  N"),
    "volunteers:my_hours":              GET("L  N  O  N  N  N  N  N  N  N  N  N  N"),
    "volunteers:my_certificate":        GET("L  N  O  N  N  N  N  N  N  N  N  N  N"),
    "volunteers:volunteer_list":        GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "volunteers:certificate":           GET("L  N  O  N  N  N  N  N  N  O  O  N  O"),
    "volunteers:certificate_verify":    GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "volunteers:team_list":             GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "volunteers:team_create":           GET("L  F  F  F  F  F  O  O  F  O  O  O  O"),
    "volunteers:team_detail":           GET("L  N  O  N  N  N  N  N  N  O  O  N  O"),
    "volunteers:team_join":            POST("L  N  R  N  N  N  N  N  N  R  R  N  R"),
    "volunteers:team_leader":          POST("L  N  F  N  N  N  N  N  N  R  R  N  R"),
    "volunteers:team_member_remove":   POST("L  N  R  N  N  N  N  N  N  R  R  N  R"),
    "volunteers:alliance_list":         GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "volunteers:alliance_create":       GET("L  F  F  F  F  F  F  F  F  O  O  O  O"),
    "volunteers:alliance_detail":       GET("L  N  N  N  N  N  N  N  N  N  O  N  O"),
    "volunteers:alliance_team_add":    POST("L  N  N  N  N  N  N  N  N  N  R  N  R"),
    "volunteers:alliance_team_remove": POST("L  N  N  N  N  N  N  N  N  N  R  N  R"),
    "volunteers:task_list":             GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "volunteers:task_manage_list":      GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "volunteers:task_create":           GET("L  F  F  F  F  F  O  O  F  O  O  O  O"),
    "volunteers:task_detail":           GET("L  N  O  N  N  N  N  N  N  O  O  N  O"),
    "volunteers:task_signup":          POST("L  N  R  N  N  N  N  N  N  R  R  N  R"),
    "volunteers:task_withdraw":        POST("L  N  R  N  N  N  N  N  N  N  N  N  N"),
    "volunteers:task_close":           POST("L  N  F  N  N  N  N  N  N  R  R  N  R"),
    "volunteers:task_cancel":          POST("L  N  F  N  N  N  N  N  N  R  R  N  R"),
    "volunteers:task_rotate_code":     POST("L  N  F  N  N  N  N  N  N  R  R  N  R"),
    "volunteers:hours_confirm":        POST("L  N  F  N  N  N  N  N  N  R  R  N  R"),
    "volunteers:task_scan":             GET("L  N  F  N  N  N  N  N  N  O  O  N  O"),
    "volunteers:task_scan_batch":      POST("L  N  F  N  N  N  N  N  N  V  V  N  V"),
    "volunteers:checkin":               GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    # tournaments: public pages by the tournament's uuid; the organiser (the township's cadres and
    # above) manages; a member captains a team
    "tournaments:list":                 GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "tournaments:create":               GET("L  F  F  F  F  F  O  O  F  O  O  O  O"),
    "tournaments:my_next":              GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "tournaments:detail":               GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "tournaments:schedule":             GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "tournaments:standings":            GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "tournaments:bracket":              GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "tournaments:manage":               GET("L  N  N  N  N  N  N  N  N  O  O  N  O"),
    "tournaments:division_add":        POST("L  N  N  N  N  N  N  N  N  V  V  N  V"),
    "tournaments:court_add":           POST("L  N  N  N  N  N  N  N  N  V  V  N  V"),
    "tournaments:slots_add":           POST("L  N  N  N  N  N  N  N  N  V  V  N  V"),
    "tournaments:schedule_generate":   POST("L  N  N  N  N  N  N  N  N  R  R  N  R"),
    "tournaments:division_draw":       POST("L  N  N  N  N  N  N  N  N  R  R  N  R"),
    "tournaments:swiss_next":          POST("L  N  N  N  N  N  N  N  N  R  R  N  R"),
    "tournaments:team_register":        GET("L  O  F  F  F  F  F  F  F  F  F  F  F"),
    "tournaments:match":                GET("L  N  N  N  N  N  N  N  N  O  O  N  O"),
    "tournaments:match_result":        POST("L  N  N  N  N  N  N  N  N  V  V  N  V"),
    "tournaments:match_move":          POST("L  N  N  N  N  N  N  N  N  V  V  N  V"),
    # fitness: the enterprise union's programme, the member enrolled with a weigh-in waiting
    "fitness:programme_list":           GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "fitness:programme_create":         GET("L  F  F  F  F  F  O  O  F  O  O  O  O"),
    "fitness:programme_detail":         GET("L  O  N  N  N  N  O  O  O  O  O  N  O"),
    "fitness:enrol":                   POST("L  O  N  N  N  N  O  O  O  O  O  N  O"),
    "fitness:my_weigh_ins":             GET("L  O  N  N  N  N  F  F  F  F  F  N  F"),
    "fitness:weigh_in_submit":         POST("L  O  N  N  N  N  F  F  F  F  F  N  F"),
    "fitness:leaderboard":              GET("L  O  N  N  N  N  O  O  O  O  O  N  O"),
    "fitness:manage":                   GET("L  F  N  N  N  N  O  O  F  O  O  N  O"),
    "fitness:contest_create":          POST("L  F  N  N  N  N  O  O  F  O  O  N  O"),
    "fitness:team_create":             POST("L  F  N  N  N  N  O  O  F  O  O  N  O"),
    "fitness:team_assign":             POST("L  F  N  N  N  N  O  O  F  O  O  N  O"),
    "fitness:queue":                    GET("L  F  N  N  N  N  O  O  F  O  O  N  O"),
    "fitness:weigh_in_record":         POST("L  F  N  N  N  N  O  O  F  O  O  N  O"),
    "fitness:weigh_in_decide":         POST("L  F  N  N  N  N  R  R  F  R  R  N  R"),
    "fitness:participant":              GET("L  F  N  N  N  N  O  O  F  O  O  N  O"),
    # notices
    "notices:mine":                     GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "notices:detail":                   GET("L  O  O  N  N  N  O  O  O  O  O  N  O"),
    "notices:manage_list":              GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "notices:create":                   GET("L  F  F  F  F  F  O  O  F  O  O  O  O"),
    "notices:edit":                     GET("L  N  N  N  N  N  N  N  N  O  O  N  O"),
    "notices:withdraw":                POST("L  N  N  N  N  N  N  N  N  R  R  N  R"),
    "notices:reads":                    GET("L  N  N  N  N  N  N  N  N  O  O  N  O"),
    # lectures
    "lectures:tour_list":               GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "lectures:tour_create":             GET("L  F  F  F  F  F  O  O  F  O  O  O  O"),
    "lectures:tour_detail":             GET("L  N  N  N  N  N  N  N  N  N  O  N  O"),
    "lectures:tour_public":             GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "lectures:stop_add":                GET("L  N  N  N  N  N  N  N  N  N  O  N  O"),
    "lectures:stop_record":             GET("L  N  N  N  N  N  N  N  N  N  O  N  O"),
    "lectures:stop_cancel":            POST("L  N  N  N  N  N  N  N  N  N  R  N  R"),
    "lectures:lecturer_list":           GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "lectures:lecturer_create":         GET("L  F  F  F  F  F  O  O  F  O  O  O  O"),
    "lectures:request_list":            GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "lectures:request_schedule":        GET("L  N  N  N  N  N  N  N  N  N  O  N  O"),
    # activities (an activity of the township for its members; the member registered)
    "activities:list":                  GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "activities:mine":                  GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "activities:manage_list":           GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "activities:figures":               GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "activities:create":                GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "activities:detail":                GET("L  O  N  N  N  N  N  N  N  O  O  N  O"),
    "activities:ics":                   GET("L  O  N  N  N  N  N  N  N  O  O  N  O"),
    "activities:register":             POST("L  R  N  N  N  N  N  N  N  R  R  N  R"),
    "activities:edit":                  GET("L  N  N  N  N  N  N  N  N  O  O  N  O"),
    "activities:cancel":               POST("L  N  N  N  N  N  N  N  N  V  V  N  V"),
    "activities:registrations":         GET("L  N  N  N  N  N  N  N  N  O  O  N  O"),
    "activities:summary":              POST("L  N  N  N  N  N  N  N  N  V  V  N  V"),
    "activities:photo_upload":         POST("L  N  N  N  N  N  N  N  N  V  V  N  V"),
    "activities:scan":                  GET("L  N  N  N  N  N  N  N  N  O  O  N  O"),
    "activities:scan_batch":           POST("L  N  N  N  N  N  N  N  N  V  V  N  V"),
    "activities:photo":                 GET("L  O  N  N  N  N  N  N  N  O  O  N  O"),
    "activities:registration":          GET("L  O  N  N  N  N  N  N  N  O  O  N  O"),
    "activities:withdraw":             POST("L  R  N  N  N  N  N  N  N  R  R  N  R"),
    "activities:accept":               POST("L  R  N  N  N  N  N  N  N  F  F  N  F"),
    # care: hardship (the member's file from the enterprise union, waiting at the township's level;
    # a cadre page: the worker sees their own files on hardship_mine; a POST of nothing is refused)
    "care:hardship_list":               GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:hardship_new":                GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:hardship_mine":               GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "care:hardship_lines":              GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:hardship_figures":            GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:hardship_detail":             GET("L  N  N  N  N  N  O  O  O  O  O  N  N"),
    "care:hardship_edit":               GET("L  N  N  N  N  N  R  R  F  R  R  N  N"),
    "care:hardship_private":           POST("L  N  N  N  N  N  F  F  F  F  O  N  N"),
    "care:hardship_act":               POST("L  N  N  N  N  N  V  V  V  V  V  N  N"),
    "care:hardship_household_add":     POST("L  N  N  N  N  N  V  V  F  V  V  N  N"),
    "care:hardship_household_remove":  POST("L  N  N  N  N  N  R  R  F  R  R  N  N"),
    "care:hardship_assistance_add":    POST("L  N  N  N  N  N  V  V  F  V  V  N  N"),
    "care:hardship_income_add":        POST("L  N  N  N  N  N  V  V  F  V  V  N  N"),
    "care:hardship_review":            POST("L  N  N  N  N  N  V  V  F  V  V  N  N"),
    "care:hardship_exit":              POST("L  N  N  N  N  N  V  V  F  V  V  N  N"),
    # rights: letters (the county's opinion letter, served, awaiting the employer's reply; only the
    # county's cadres see it; a POST of nothing is refused, issuing a served letter is refused)
    "rights:letter_list":               GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "rights:letter_new":                GET("L  F  F  F  F  F  O  O  F  O  O  O  O"),
    "rights:letter_settings":           GET("L  F  F  F  F  F  O  O  F  O  O  O  O"),
    "rights:letter_figures":            GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "rights:letter_detail":             GET("L  N  N  N  N  N  N  N  N  N  O  N  O"),
    "rights:letter_edit":               GET("L  N  N  N  N  N  N  N  N  N  R  N  R"),
    "rights:letter_issue":             POST("L  N  N  N  N  N  N  N  N  N  R  N  R"),
    "rights:letter_serve":             POST("L  N  N  N  N  N  N  N  N  N  V  N  V"),
    "rights:letter_reply":             POST("L  N  N  N  N  N  N  N  N  N  V  N  V"),
    "rights:letter_verify":            POST("L  N  N  N  N  N  N  N  N  N  V  N  V"),
    "rights:letter_close":             POST("L  N  N  N  N  N  N  N  N  N  V  N  V"),
    "rights:letter_escalate":          POST("L  N  N  N  N  N  N  N  N  N  V  N  V"),
    "rights:letter_docx":               GET("L  N  N  N  N  N  N  N  N  N  O  N  O"),
    "rights:letter_print":              GET("L  N  N  N  N  N  N  N  N  N  O  N  O"),
    "rights:letter_evidence":           GET("L  N  N  N  N  N  N  N  N  N  N  N  N"),
    # care: wishes (the member's wish, published on the wall; a rider's wish fulfilled by the volunteer)
    "care:wishes_wall":                 GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "care:wishes_create":               GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "care:wishes_mine":                 GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "care:wishes_claims":               GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "care:wishes_manage":               GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:wishes_figures":              GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:wishes_detail":               GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "care:wishes_publish":             POST("L  N  N  N  N  N  R  R  F  R  R  N  R"),
    "care:wishes_refuse":              POST("L  N  N  N  N  N  V  V  F  V  V  N  V"),
    "care:wishes_withdraw":            POST("L  R  F  F  F  F  R  R  F  R  R  F  R"),
    "care:wishes_claim":               POST("L  R  R  R  R  R  R  R  R  R  R  R  R"),
    "care:wishes_release":             POST("L  F  F  F  F  F  R  R  F  R  R  F  R"),
    "care:wishes_fulfil":              POST("L  F  F  F  F  F  F  F  F  F  F  F  F"),
    "care:wishes_confirm":             POST("L  F  F  F  F  F  F  F  F  F  F  F  F"),
    "care:wishes_not_received":        POST("L  F  F  F  F  F  F  F  F  F  F  F  F"),
    "care:wishes_photo":                GET("L  N  O  N  N  N  O  O  O  O  O  N  O"),
    "care:wishes_cap":                  GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    # care: women (a health check of the member by the enterprise union, its mother-and-baby room)
    "care:women_records":               GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:women_record_create":         GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:women_figures":               GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:women_places":                GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:women_places_open":           GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "care:women_place_create":          GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:women_place_toggle":         POST("L  N  N  N  N  N  R  R  F  R  R  N  R"),
    "care:women_record":                GET("L  N  N  N  N  N  O  O  O  O  O  N  O"),
    "care:women_record_reveal":        POST("L  N  N  N  N  N  F  F  F  F  O  N  F"),
    # rights: contracts (the enterprise union's round in negotiation; a cadre page: the worker sees the
    # published contracts of their enterprise on contracts_mine; a POST of nothing is refused;
    # renewing a contract still in negotiation is refused with a message on the page)
    "rights:contracts_list":            GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "rights:contracts_new":             GET("L  F  F  F  F  F  O  O  F  O  O  O  O"),
    "rights:contracts_mine":            GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "rights:contracts_figures":         GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "rights:contracts_round":           GET("L  N  N  N  N  N  O  O  O  O  O  N  O"),
    "rights:contracts_edit":            GET("L  N  N  N  N  N  O  O  F  O  O  N  O"),
    "rights:contracts_demand":         POST("L  N  N  N  N  N  V  V  F  V  V  N  V"),
    "rights:contracts_meeting":        POST("L  N  N  N  N  N  V  V  F  V  V  N  V"),
    "rights:contracts_vote":           POST("L  N  N  N  N  N  V  V  F  V  V  N  V"),
    "rights:contracts_file":           POST("L  N  N  N  N  N  V  V  F  V  V  N  V"),
    "rights:contracts_objection":      POST("L  N  N  N  N  N  V  V  F  V  V  N  V"),
    "rights:contracts_publish":        POST("L  N  N  N  N  N  V  V  F  V  V  N  V"),
    "rights:contracts_renew":          POST("L  N  N  N  N  N  R  R  F  R  R  N  R"),
    # care: recuperation (a programme of the enterprise union, window open; the member applied)
    "care:recuperation_list":           GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "care:recuperation_mine":           GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "care:recuperation_manage":         GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:recuperation_create":         GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:recuperation_detail":         GET("L  O  N  N  N  N  O  O  O  O  O  N  O"),
    "care:recuperation_apply":         POST("L  V  N  N  N  N  V  V  V  V  V  N  V"),
    "care:recuperation_applications":   GET("L  N  N  N  N  N  O  O  O  O  O  N  O"),
    "care:recuperation_draw":          POST("L  N  N  N  N  N  V  V  F  V  V  N  V"),
    "care:recuperation_cancel":        POST("L  N  N  N  N  N  V  V  F  V  V  N  V"),
    "care:recuperation_roster":         GET("L  N  N  N  N  N  O  O  O  O  O  N  O"),
    "care:recuperation_roster_export":  GET("L  N  N  N  N  N  O  O  O  O  O  N  O"),
    "care:recuperation_application":    GET("L  O  N  N  N  N  O  O  N  O  O  N  O"),
    "care:recuperation_withdraw":      POST("L  R  N  N  N  N  R  R  N  R  R  N  R"),
    "care:recuperation_accept":        POST("L  R  N  N  N  N  F  F  N  F  F  N  F"),
    "care:recuperation_priority":      POST("L  F  N  N  N  N  R  R  N  R  R  N  R"),
    # care: end recuperation
    # care: honors (a ceremony of the enterprise union, a retired member honoured)
    "care:honors_list":                 GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:honors_mine":                 GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "care:honors_create":               GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:honors_template":             GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:honors_template_download":    GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:honors_detail":               GET("L  N  N  N  N  N  O  O  O  O  O  N  O"),
    "care:honors_add":                 POST("L  N  N  N  N  N  V  V  F  V  V  N  V"),
    "care:honors_certificate":          GET("L  N  N  N  N  N  O  O  O  O  O  N  O"),
    # care: end honors
    # rights: legal (cadre pages: 403 for a non-cadre, the case of the enterprise union: 404 outside it;
    # the superuser sees no legal-aid records; the worker's own pages: only the member has a case)
    "rights:legal_cases":               GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "rights:legal_case_new":            GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "rights:legal_case_detail":         GET("L  F  F  F  F  F  O  O  O  O  O  N  N"),
    "rights:legal_case_lawyer":        POST("L  F  F  F  F  F  V  V  F  V  V  N  N"),
    "rights:legal_case_stage":         POST("L  F  F  F  F  F  V  V  F  V  V  N  N"),
    "rights:legal_case_amounts":       POST("L  F  F  F  F  F  V  V  F  V  V  N  N"),
    "rights:legal_case_close":         POST("L  F  F  F  F  F  V  V  F  V  V  N  N"),
    "rights:legal_consultations":       GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "rights:legal_consultation_new":    GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "rights:legal_consultation_detail": GET("L  F  F  F  F  F  O  O  O  O  O  N  N"),
    "rights:legal_consultation_answer":POST("L  F  F  F  F  F  V  V  F  V  V  N  N"),
    "rights:legal_consultation_case":  POST("L  F  F  F  F  F  V  V  F  V  V  N  N"),
    "rights:legal_lawyers":             GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "rights:legal_lawyer_edit":         GET("L  F  F  F  F  F  N  N  N  N  O  N  O"),
    "rights:legal_figures":             GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "rights:legal_mine":                GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "rights:legal_ask":                 GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "rights:legal_my_case":             GET("L  O  N  N  N  N  N  N  N  N  N  N  N"),
    "rights:legal_my_case_rate":       POST("L  V  N  N  N  N  N  N  N  N  N  N  N"),
    # the API's own pages
    "api:openapi-json":                 GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "api:openapi-view":                 GET("O  O  O  O  O  O  O  O  O  O  O  O  O"),
    "api:api-root":                     GET("N  N  N  N  N  N  N  N  N  N  N  N  N"),
    # the admin site's own pages (its model pages: ADMIN_MODELS)
    "admin:index":                      GET("L  L  L  L  L  L  L  L  L  L  L  L  O"),
    "admin:login":                      GET("O  O  O  O  O  O  O  O  O  O  O  O  R"),
    "admin:logout":                    POST("R  R  R  R  R  R  R  R  R  R  R  R  R"),
    "admin:password_change":            GET("L  L  L  L  L  L  L  L  L  L  L  L  O"),
    "admin:password_change_done":       GET("L  L  L  L  L  L  L  L  L  L  L  L  O"),
    "admin:autocomplete":               GET("L  L  L  L  L  L  L  L  L  L  L  L  F"),
    "admin:jsi18n":                     GET("L  L  L  L  L  L  L  L  L  L  L  L  O"),
    "admin:app_list":                   GET("L  L  L  L  L  L  L  L  L  L  L  L  O"),
    "admin:view_on_site":               GET("L  L  L  L  L  L  L  L  L  L  L  L  R"),
    "admin:admin/(?P<url>.*)$":         GET("L  L  L  L  L  L  L  L  L  L  L  L  N"),
    # care: welfare (the county's festival rule, a computed batch of the enterprise union with the
    # member's gift, the member's condolence request waiting at the township)
    "care:welfare_rules":               GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:welfare_rule_create":         GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:welfare_rule_edit":           GET("L  N  N  N  N  N  F  F  F  F  O  N  O"),
    "care:welfare_rule_delete":        POST("L  N  N  N  N  N  F  F  F  F  R  N  R"),
    "care:welfare_batches":             GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:welfare_batch_create":        GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:welfare_batch_detail":        GET("L  N  N  N  N  N  O  O  O  O  O  N  O"),
    "care:welfare_batch_compute":      POST("L  N  N  N  N  N  R  R  F  R  R  N  R"),
    "care:welfare_batch_close":        POST("L  N  N  N  N  N  R  R  F  R  R  N  R"),
    "care:welfare_batch_point":         GET("L  N  N  N  N  N  O  O  F  O  O  N  O"),
    "care:welfare_batch_point_rotate": POST("L  N  N  N  N  N  R  R  F  R  R  N  R"),
    "care:welfare_batch_export":        GET("L  N  N  N  N  N  O  O  O  O  O  N  O"),
    "care:welfare_my_gifts":            GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "care:welfare_gift_sign":          POST("L  R  N  N  N  N  N  N  N  N  N  N  N"),
    "care:welfare_gift_confirm":       POST("L  N  N  N  N  N  R  R  F  R  R  N  R"),
    "care:welfare_scan":                GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "care:welfare_requests":            GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:welfare_my_requests":         GET("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "care:welfare_request_create":      GET("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "care:welfare_request_detail":      GET("L  O  N  N  N  N  O  O  O  O  O  N  O"),
    "care:welfare_request_action":     POST("L  F  N  N  N  N  F  F  F  R  F  N  F"),
    # care: welfare (end)
}

# API operations.                                          an me vo ec uc tl ch st vw tw co ou su
API_OPS: dict[str, Decl] = {
    "POST /api/v1/auth/token":                          API("O  O  O  O  O  O  O  O  O  O  O  O  O",
                                                            body=lambda w: {"phone": w.member_user.phone,
                                                                            "password": w.password}),
    "DELETE /api/v1/auth/token":                        API("L  V  V  V  V  V  V  V  V  V  V  V  V"),
    "GET /api/v1/auth/tokens":                          API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "DELETE /api/v1/auth/tokens/{token_id}":            API("L  O  N  N  N  N  N  N  N  N  N  N  N", obj="token"),
    "GET /api/v1/auth/me":                              API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "GET /api/v1/orgs":                                 API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "GET /api/v1/orgs/{uuid}":                          API("L  N  N  N  N  N  O  O  O  O  O  N  O", obj="org"),
    "GET /api/v1/orgs/{uuid}/stats":                    API("L  N  N  N  N  N  O  O  O  O  O  N  O", obj="org"),
    "POST /api/v1/join-applications":                   API("O  O  O  O  O  O  O  O  O  O  O  O  O",
                                                            body=lambda w: {"name": "矩阵新人",
                                                                            "id_number": w.new_id_number,
                                                                            "mobile": w.new_mobile, "consent": True,
                                                                            "enterprise": str(w.enterprise.uuid)}),
    "GET /api/v1/join-applications/{uuid}":             API("O  O  O  O  O  O  O  O  O  O  O  O  O", obj="application"),
    "POST /api/v1/join-applications/{uuid}/approve":    API("L  N  N  N  N  N  O  O  F  O  O  N  O", obj="application"),
    "POST /api/v1/join-applications/{uuid}/reject":     API("L  N  N  N  N  N  O  O  F  O  O  N  O", obj="application",
                                                            body=lambda w: {"reason": "材料不全"}),
    "POST /api/v1/join-applications/{uuid}/withdraw":   API("L  N  N  N  N  N  F  F  F  F  F  N  F", obj="application"),
    "GET /api/v1/roster":                               API("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "POST /api/v1/roster/search":                       API("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "POST /api/v1/desk/orders/":                        API("L  V  N  O  N  N  V  V  N  N  N  N  N",
                                                            body=lambda w: {"item": w.lecture.pk,
                                                                            "orderer_kind": "enterprise",
                                                                            "enterprise": str(w.enterprise.uuid),
                                                                            "place": "华宇公司", "wished_date": _soon(),
                                                                            "expected_people": 30}),
    "GET /api/v1/desk/orders/mine":                     API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "GET /api/v1/desk/orders/team-jobs":                API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "GET /api/v1/desk/orders/{uuid}":                   API("L  N  N  O  N  N  N  N  N  N  O  N  O", obj="order"),
    "POST /api/v1/desk/orders/{uuid}/accept":           API("L  N  N  F  N  N  N  N  N  N  O  N  O", obj="order"),
    "POST /api/v1/desk/orders/{uuid}/decline":          API("L  N  N  F  N  N  N  N  N  N  O  N  O", obj="order",
                                                            body=lambda w: {"reason": "时间冲突"}),
    "POST /api/v1/desk/orders/{uuid}/dispatch":         API("L  N  N  N  N  N  N  N  N  N  O  N  O",
                                                            obj="accepted_order",
                                                            body=lambda w: {"team": w.legal_team.pk,
                                                                            "service_date": _soon(),
                                                                            "service_place": "华宇公司"}),
    "POST /api/v1/desk/orders/{uuid}/deliver":          API("L  N  N  F  N  O  N  N  N  N  O  N  O",
                                                            obj="dispatched_order",
                                                            body=lambda w: {"people_served": 40}),
    "POST /api/v1/desk/orders/{uuid}/rate":             API("L  N  N  O  N  F  N  N  N  N  F  N  F",
                                                            obj="delivered_order", body=lambda w: {"rating": 5}),
    "POST /api/v1/desk/orders/{uuid}/cancel":           API("L  N  N  O  N  N  N  N  N  N  O  N  O", obj="order",
                                                            body=lambda w: {"reason": "改期"}),
    "POST /api/v1/desk/problems/":                      API("L  N  O  O  N  N  N  N  N  O  O  N  O",
                                                            body=lambda w: {"enterprise": str(w.enterprise.uuid),
                                                                            "category": "permits",
                                                                            "title": "用电增容", "description": "待办"}),
    "GET /api/v1/desk/problems/mine":                   API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "GET /api/v1/desk/problems/{uuid}":                 API("L  N  N  O  O  N  N  N  N  O  O  N  O", obj="problem"),
    "POST /api/v1/desk/problems/{uuid}/answer":         API("L  N  N  F  O  N  N  N  N  O  O  N  O", obj="problem",
                                                            body=lambda w: {"answer": "已安排"}),
    "POST /api/v1/desk/problems/{uuid}/confirm":        API("L  N  N  O  F  N  N  N  N  O  O  N  O",
                                                            obj="answered_problem"),
    "POST /api/v1/desk/problems/{uuid}/reopen":         API("L  N  N  O  F  N  N  N  N  O  O  N  O",
                                                            obj="answered_problem", body=lambda w: {"reason": "未解决"}),
    "POST /api/v1/desk/petitions/":                     API("L  O  O  O  O  O  O  O  O  O  O  O  O",
                                                            body=lambda w: {"org": str(w.county.uuid),
                                                                            "subject": "加班费", "content": "未发放",
                                                                            "consent": True}),
    "GET /api/v1/desk/petitions/mine":                  API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "GET /api/v1/desk/petitions/{uuid}":                API("L  O  N  N  N  N  N  N  N  N  O  N  N", obj="petition"),
    "GET /api/v1/volunteers/tasks":                     API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "POST /api/v1/volunteers/tasks/{uuid}/signup":      API("L  N  V  N  N  N  N  N  N  V  V  N  V", obj="task"),
    "POST /api/v1/volunteers/tasks/{uuid}/withdraw":    API("L  N  O  N  N  N  N  N  N  N  N  N  N", obj="task"),
    "POST /api/v1/volunteers/checkin":                  API("L  V  V  V  V  V  V  V  V  V  V  V  V",
                                                            body=lambda w: {"token": w.checkin_token}),
    "GET /api/v1/volunteers/me/hours":                  API("L  N  O  N  N  N  N  N  N  N  N  N  N"),
    "GET /api/v1/tournaments/{uuid}/schedule":         API("O  O  O  O  O  O  O  O  O  O  O  O  O", obj="tournament"),
    "GET /api/v1/tournaments/{uuid}/standings":        API("O  O  O  O  O  O  O  O  O  O  O  O  O", obj="tournament"),
    "GET /api/v1/tournaments/me/next":                 API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "POST /api/v1/tournaments/matches/{uuid}/result":  API("L  N  N  N  N  N  N  N  N  V  V  N  V", obj="tournament_match"),
    "GET /api/v1/fitness/programmes":                   API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "POST /api/v1/fitness/programmes/{uuid}/enrol":     API("L  V  N  N  N  N  V  V  V  V  V  N  V", obj="programme",
                                                            body=lambda w: {"height": "170"}),
    "GET /api/v1/fitness/programmes/{uuid}/weigh-ins":  API("L  O  N  N  N  N  F  F  F  F  F  N  F", obj="programme"),
    "POST /api/v1/fitness/programmes/{uuid}/weigh-ins": API("L  O  N  N  N  N  F  F  F  F  F  N  F", obj="programme",
                                                            body=lambda w: {"measured_on": _soon(0),
                                                                            "weight": "70.1"}),
    "GET /api/v1/fitness/programmes/{uuid}/leaderboard": API("L  O  N  N  N  N  O  O  O  O  O  N  O", obj="programme"),
    "GET /api/v1/notices":                              API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "GET /api/v1/notices/unread":                       API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "POST /api/v1/notices/{uuid}/read":                 API("L  O  O  N  N  N  O  O  O  O  O  N  O", obj="notice"),
    "GET /api/v1/lectures/tours":                       API("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "GET /api/v1/lectures/tours/{uuid}":                API("L  N  N  N  N  N  N  N  N  N  O  N  O", obj="tour"),
    "GET /api/v1/lectures/public/{uuid}/stops":         API("O  O  O  O  O  O  O  O  O  O  O  O  O", obj="tour"),
    "GET /api/v1/activities":                           API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "GET /api/v1/activities/me/registrations":          API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "GET /api/v1/activities/registrations/{uuid}":      API("L  O  N  N  N  N  N  N  N  O  O  N  O", obj="registration"),
    "POST /api/v1/activities/registrations/{uuid}/withdraw": API("L  O  N  N  N  N  N  N  N  O  O  N  O", obj="registration"),
    "POST /api/v1/activities/registrations/{uuid}/accept":   API("L  V  N  N  N  N  N  N  N  F  F  N  F", obj="registration"),
    "GET /api/v1/activities/{uuid}":                    API("L  O  N  N  N  N  N  N  N  O  O  N  O", obj="activity"),
    "GET /api/v1/activities/{uuid}/registration":       API("L  O  N  N  N  N  N  N  N  N  N  N  N", obj="activity"),
    "POST /api/v1/activities/{uuid}/register":          API("L  V  N  N  N  N  N  N  N  V  V  N  V", obj="activity"),
    # care: hardship
    "GET /api/v1/care/hardship/mine":                   API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "GET /api/v1/care/hardship/awaiting":               API("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    # rights: letters
    "GET /api/v1/rights/letters":                       API("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "GET /api/v1/rights/letters/{uuid}":                API("L  N  N  N  N  N  N  N  N  N  O  N  O", obj="letter"),
    "GET /api/v1/rights/letters/{uuid}/document":       API("L  N  N  N  N  N  N  N  N  N  O  N  O", obj="letter"),
    # rights: contracts
    "GET /api/v1/rights/contracts/":                    API("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "GET /api/v1/rights/contracts/rounds":              API("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "GET /api/v1/rights/contracts/mine":                API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    # care: recuperation
    "GET /api/v1/care/recuperation":                    API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "GET /api/v1/care/recuperation/me/applications":    API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "GET /api/v1/care/recuperation/applications/{uuid}": API("L  O  N  N  N  N  O  O  N  O  O  N  O", obj="recup_application"),
    "POST /api/v1/care/recuperation/applications/{uuid}/withdraw": API("L  O  N  N  N  N  O  O  N  O  O  N  O", obj="recup_application"),
    "POST /api/v1/care/recuperation/applications/{uuid}/accept": API("L  V  N  N  N  N  F  F  N  F  F  N  F", obj="recup_application"),
    "GET /api/v1/care/recuperation/{uuid}":             API("L  O  N  N  N  N  O  O  O  O  O  N  O", obj="recup_programme"),
    "POST /api/v1/care/recuperation/{uuid}/apply":      API("L  V  N  N  N  N  V  V  V  V  V  N  V", obj="recup_programme",
                                                            body=lambda w: {"trip": str(w.recup_trip.uuid)}),
    # care: end recuperation
    # care: honors
    "GET /api/v1/care/honors/me/certificates":          API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "GET /api/v1/care/honors/certificates/{uuid}":      API("L  N  N  N  N  N  O  O  O  O  O  N  O", obj="retirement_honouree"),
    # care: end honors
    # rights: legal (a worker's own; asking online: a member's question goes to their union, anyone
    # else must pick an area; rating an open case is refused)
    "GET /api/v1/rights/legal/mine":                    API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "POST /api/v1/rights/legal/ask":                    API("L  O  V  V  V  V  V  V  V  V  V  V  V",
                                                            body=lambda w: {"topic": "wages", "summary": "工资拖欠两个月",
                                                                            "submission": "6f1c3e0a-2b7d-4c1e-9a51-0d2f3b4c5d6e"}),
    "GET /api/v1/rights/legal/cases/{uuid}":            API("L  O  N  N  N  N  N  N  N  N  N  N  N", obj="legal_case"),
    "POST /api/v1/rights/legal/cases/{uuid}/rate":      API("L  V  N  N  N  N  N  N  N  N  N  N  N", obj="legal_case",
                                                            body=lambda w: {"score": 5}),
    "GET /api/v1/members/me/card":                      API("L  O  N  N  N  N  N  N  N  N  N  N  N"),
    "GET /api/v1/members/verify/{token}":               API("O  O  O  O  O  O  O  O  O  O  O  O  O", obj="card"),
    # care: wishes (the member's wish, published on the wall; a rider's wish fulfilled by the volunteer)
    "POST /api/v1/care/wishes":                         API("L  V  V  V  V  V  V  V  V  V  V  V  V"),
    "GET /api/v1/care/wishes/mine":                     API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "GET /api/v1/care/wishes/claims":                   API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "GET /api/v1/care/wishes/wall":                     API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "GET /api/v1/care/wishes/manage":                   API("L  F  F  F  F  F  O  O  O  O  O  O  O"),
    "POST /api/v1/care/wishes/{uuid}/publish":          API("L  N  N  N  N  N  V  V  F  V  V  N  V", obj="wish"),
    "POST /api/v1/care/wishes/{uuid}/refuse":           API("L  N  N  N  N  N  V  V  F  V  V  N  V", obj="wish"),
    "GET /api/v1/care/wishes/{uuid}":                   API("L  O  O  O  O  O  O  O  O  O  O  O  O", obj="wish"),
    "POST /api/v1/care/wishes/{uuid}/claim":            API("L  V  O  O  O  O  O  O  O  O  O  O  O", obj="wish"),
    "POST /api/v1/care/wishes/{uuid}/release":          API("L  F  F  F  F  F  V  V  F  V  V  F  V", obj="wish"),
    "POST /api/v1/care/wishes/{uuid}/fulfil":           API("L  F  F  F  F  F  F  F  F  F  F  F  F", obj="wish"),
    "POST /api/v1/care/wishes/{uuid}/confirm":          API("L  F  F  F  F  F  F  F  F  F  F  F  F", obj="fulfilled_wish"),
    "POST /api/v1/care/wishes/{uuid}/not-received":     API("L  F  F  F  F  F  F  F  F  F  F  F  F", obj="fulfilled_wish"),
    "POST /api/v1/care/wishes/{uuid}/withdraw":         API("L  O  F  F  F  F  O  O  F  O  O  F  O", obj="wish"),
    # care: women
    "GET /api/v1/care/women/places":                    API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    # care: welfare
    "GET /api/v1/care/welfare/me/gifts":                API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    "POST /api/v1/care/welfare/gifts/{uuid}/sign":      API("L  O  N  N  N  N  N  N  N  N  N  N  N", obj="welfare_batch"),
    "POST /api/v1/care/welfare/sign":                   API("L  V  V  V  V  V  V  V  V  V  V  V  V"),
    "GET /api/v1/care/welfare/me/requests":             API("L  O  O  O  O  O  O  O  O  O  O  O  O"),
    # care: welfare (end)
}

# The admin: only the platform superuser is staff, so every other persona is sent to the admin's
# login page (L). Per registered model, what the superuser gets on its pages, in this order:
# changelist, add, change, delete, history, and the bare object URL (a redirect to change).
ADMIN_VIEWS = ("changelist", "add", "change", "delete", "history", "object")
ADMIN_MODELS: dict[str, str] = {
    "auth.group":                     "O  O  O  O  O  R",
    "accounts.user":                  "O  O  O  O  O  R",
    "accounts.position":              "O  O  O  O  O  R",
    "accounts.apitoken":              "O  F  O  O  O  R",
    "core.auditentry":                "O  F  O  F  O  R",
    "core.calendarday":               "O  O  O  O  O  R",
    "core.documenttemplate":          "O  O  O  O  O  R",
    "core.job":                       "O  F  O  F  O  R",
    "core.personaldataaccess":        "O  F  O  F  O  R",
    "core.transitionlog":             "O  F  O  F  O  R",
    "orgs.org":                       "O  F  O  F  O  R",
    "orgs.enterprise":                "O  F  O  F  O  R",
    "orgs.enterprisecontact":         "O  F  O  F  O  R",
    "orgs.newformroute":              "O  F  O  F  O  R",
    "orgs.orgmembertally":            "O  F  O  F  O  R",
    "servicedesk.desksettings":       "O  O  O  O  O  R",
    "servicedesk.serviceteam":        "O  O  O  O  O  R",
    "servicedesk.menuitem":           "O  O  O  O  O  R",
    "servicedesk.bustrip":            "O  O  O  F  O  R",
    "servicedesk.partnerunit":        "O  O  O  O  O  R",
    "volunteers.volunteerteam":       "O  O  O  O  O  R",
    "volunteers.alliance":            "O  O  O  O  O  R",
    "volunteers.volunteertask":       "O  O  O  F  O  R",
    "tournaments.tournament":         "O  O  O  O  O  R",
    "notices.notice":                 "O  O  O  O  O  R",
    "care.povertyline":               "O  O  O  O  O  R",
    "care.hardshipfile":              "O  F  O  F  O  R",
    "care.assistance":                "O  F  O  O  O  R",
    "rights.lettersettings":          "O  O  O  O  O  R",
    "rights.supervisionletter":       "O  F  O  F  O  R",
    # rights: contracts
    "rights.consultationround":       "O  F  O  O  O  R",
    "rights.contract":                "O  F  O  F  O  R",
    # rights: legal
    "rights.lawyer":                  "O  F  O  O  O  R",
    "rights.consultation":            "O  F  O  O  O  R",
    "rights.legalcase":               "O  F  O  F  O  R",
    "lectures.lecturer":              "O  O  O  O  O  R",
    "lectures.lecturetour":           "O  O  O  O  O  R",
    "care.wishsetting":               "O  O  O  O  O  R",  # care: wishes
    "care.womencareplace":            "O  O  O  O  O  R",  # care: women
    # care: welfare
    "care.condolencerule":            "O  O  O  O  O  R",
    "care.welfarebatch":              "O  F  O  F  O  R",
    "care.condolencerequest":         "O  F  O  F  O  R",
    # care: welfare (end)
    # care: recuperation
    "care.recuperationprogramme":     "O  O  O  F  O  R",
    # care: end recuperation
    # care: honors
    "care.retirementceremony":        "O  O  O  O  O  R",
    # care: end honors
}
# Further pages of one model's admin, by their URL after admin/<app>/<model>/: superuser outcome.
ADMIN_EXTRA: dict[str, str] = {
    "accounts.user <id>/password/":   "O",
}
# fmt: on

# Routes whose parameter is a signed token or an unguessable id handed to a person (a card's QR
# code, a certificate, a check-in code, the applicant's own progress link): public by design, so
# the outsider may open them like anyone; everything else with a parameter is an object of the
# first county, which the outsider must never get (403/404, or the login page for the admin's).
PUBLIC_BY_TOKEN = {
    "members:verify",
    "members:join_status",
    "volunteers:certificate_verify",
    "volunteers:checkin",
    "tournaments:detail",
    "tournaments:schedule",
    "tournaments:standings",
    "tournaments:bracket",
    "GET /api/v1/tournaments/{uuid}/schedule",
    "GET /api/v1/tournaments/{uuid}/standings",
    "lectures:tour_public",
    "admin:view_on_site",
    "admin:admin/(?P<url>.*)$",
    "GET /api/v1/members/verify/{token}",
    "GET /api/v1/join-applications/{uuid}",
    "GET /api/v1/lectures/public/{uuid}/stops",
    "care:welfare_scan",  # care: welfare — the distribution point's signed code, shown to everyone there
}
# care: wishes — the wish wall is public by design: anyone logged in opens and claims a published
# wish (the wisher masked, no phone; the id is a UUID)
PUBLIC_BY_TOKEN |= {
    "care:wishes_detail",
    "care:wishes_claim",
    "GET /api/v1/care/wishes/{uuid}",
    "POST /api/v1/care/wishes/{uuid}/claim",
}

# Routes whose parameter names no record of the first county: a calendar date (the outsider is sent
# back to their own calendar with "not a local adjustment of yours", and nothing is removed).
NOT_COUNTY_OBJECTS = {"servicedesk:calendar_remove"}

KNOWN_DEFECTS: dict[tuple[str, str], str] = {}


# ---------------------------------------------------------------- the routes and their declarations


def _admin_model_of(pattern: str):
    """(model, view) of an admin model page from its URL pattern, or None for the site's own pages."""
    for model in admin.site._registry:
        base = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        if pattern.startswith(base):
            tail = pattern[len(base) :]
            view = {
                "": "changelist",
                "add/": "add",
                "<path:object_id>/change/": "change",
                "<path:object_id>/delete/": "delete",
                "<path:object_id>/history/": "history",
                "<path:object_id>/": "object",
            }.get(tail, tail)
            return model, view
    return None


@dataclasses.dataclass(frozen=True)
class Case:
    route: am.Route
    decl: Decl | None
    admin_model: str = ""  # "app.model" for an admin model page


def _model_label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _admin_decl(model, view: str) -> Decl | None:
    label = _model_label(model)
    if view in ADMIN_VIEWS:
        row = ADMIN_MODELS.get(label)
        if row is None:
            return None
        su = row.split()[ADMIN_VIEWS.index(view)] if len(row.split()) == len(ADMIN_VIEWS) else "?"
    else:
        su = ADMIN_EXTRA.get(f"{label} {view}")
        if su is None:
            return None
    return Decl(" ".join(["L"] * (len(PERSONA_CODES) - 1) + [su]))


def all_cases() -> list[Case]:
    cases = []
    for route in am.page_routes():
        found = _admin_model_of(route.pattern)
        if found:
            model, view = found
            cases.append(Case(route, _admin_decl(model, view), admin_model=_model_label(model)))
        else:
            cases.append(Case(route, PAGES.get(route.key)))
    for route in am.api_routes():
        cases.append(Case(route, API_OPS.get(route.key)))
    return cases


CASES = all_cases()
DECLARED = [c for c in CASES if c.decl is not None and len(c.decl.outcomes) == len(PERSONA_CODES)]


def _observed_row(case: Case, w, requester: am.Requester) -> str:
    """What each persona gets now from an undeclared route (GET, or an empty POST where GET is 405),
    as a starting point for its declaration: each letter still wants checking."""
    route = case.route
    if route.params and not (w.params.get(route.key) and not route.api_method):
        return ""
    url = "/" + route.pattern if route.api_method == "" else route.pattern
    if not route.api_method:
        url = reverse(route.key, kwargs=w.params.get(route.key, {})) if ":" in route.key else url
    method = route.api_method or "GET"
    row = [
        requester.perform(persona=p, method=method, url=url, api=bool(route.api_method)).outcome
        for p in PERSONA_CODES
    ]
    if method == "GET" and not route.api_method and set(row) <= {"M", "L"}:
        method = "POST"
        row = [requester.perform(persona=p, method=method, url=url).outcome for p in PERSONA_CODES]
    helper = "API" if route.api_method else method
    return f'  now: {helper}("{"  ".join(row)}")'


def _declaration_hint(case: Case, w, requester: am.Requester) -> str:
    header = "  ".join(PERSONA_CODES)
    if case.admin_model:
        return (
            f'ADMIN_MODELS["{case.admin_model}"] = "<the superuser\'s outcome on: {"  ".join(ADMIN_VIEWS)}>"'
            f" (a further page of it: ADMIN_EXTRA), for /{case.route.pattern}"
        )
    where = "API_OPS" if case.route.api_method else "PAGES"
    return (
        f'{where}["{case.route.key}"] = GET/POST/API("<a letter per persona: {header}>")'
        f"   # /{case.route.pattern.lstrip('/')}{_observed_row(case, w, requester)}"
    )


def test_every_route_is_declared(matrix):
    """Every URL pattern and API operation has one outcome per persona; nothing declared is stale."""
    w, requester = matrix
    problems = []
    admin_models_named = set()
    for case in CASES:
        if case.decl is None:
            if case.admin_model and case.admin_model in admin_models_named:
                continue  # one line per admin model
            admin_models_named.add(case.admin_model)
            problems.append(f"undeclared: {_declaration_hint(case, w, requester)}")
            continue
        outcomes = case.decl.outcomes
        if len(outcomes) != len(PERSONA_CODES):
            problems.append(f"{case.route.key}: {len(outcomes)} outcomes for {len(PERSONA_CODES)} personas")
        bad = [o for o in outcomes if o not in am.OUTCOMES or o == "E"]
        if bad:
            problems.append(f"{case.route.key}: unknown outcome letters {bad} (see tests/access_matrix.py)")
    keys = {c.route.key for c in CASES}
    for key in sorted(set(PAGES) - keys):
        problems.append(f"stale: PAGES[{key!r}] names no URL pattern")
    for key in sorted(set(API_OPS) - keys):
        problems.append(f"stale: API_OPS[{key!r}] names no API operation")
    labels = {_model_label(m) for m in admin.site._registry}
    for label in sorted(set(ADMIN_MODELS) - labels):
        problems.append(f"stale: ADMIN_MODELS[{label!r}] is not registered in the admin")
    for key in sorted(KNOWN_DEFECTS):
        if key[0] not in keys or key[1] not in PERSONA_CODES:
            problems.append(f"stale: KNOWN_DEFECTS[{key!r}] names no route × persona")
    # every API URL the resolver knows is an operation of the matrix
    api_paths = {am.api_path_as_django(c.route.pattern) for c in CASES if c.route.api_method}
    for path in sorted(am.ninja_url_paths() - api_paths):
        problems.append(f"API URL {path} not found among the NinjaAPI's operations")
    assert not problems, (
        "The access matrix (tests/core/test_access_matrix.py) needs a declaration for every route:\n  "
        + "\n  ".join(problems)
        + "\nDeclare what each persona should get; give object routes their parameters in "
        "tests/access_world.py (world.params / world.api_objects)."
    )


def test_the_outsider_never_gets_an_object_of_the_first_county():
    """A declaration can't make the outsider county's cadre see an object page of the first county."""
    ou = PERSONA_CODES.index("ou")
    wrong = [
        f"{c.route.key}: {c.decl.outcomes[ou]}"
        for c in DECLARED
        if c.route.params
        and c.route.key not in PUBLIC_BY_TOKEN
        and c.route.key not in NOT_COUNTY_OBJECTS
        and c.decl.outcomes[ou] not in ("F", "N", "L")
    ]
    assert not wrong, "the outsider must get 403/404 on every object of the first county:\n" + "\n".join(
        wrong
    )


# ---------------------------------------------------------------- the matrix


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """The world and one logged-in session per persona, built once, rolled back at the end."""
    # Thousands of ordinary refusals: django.request would log each 403/404 (with its traceback),
    # which costs more than the requests; server errors are still logged.
    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    request_logger.setLevel(logging.ERROR)
    with django_db_blocker.unblock():
        with transaction.atomic():
            w = build_access_world()
            from gonghui.volunteers.services import checkin_token
            from tests.factories import make_id_number, make_mobile

            w.new_id_number = make_id_number()
            w.new_mobile = make_mobile()
            w.checkin_token = checkin_token(w.task)
            w.admin_objects = _admin_objects(w)
            users = {code: (getattr(w, attr) if attr else None) for code, attr in PERSONAS}
            requester = am.Requester(users)
            yield w, requester
            transaction.set_rollback(True)
        cleanup_access_world(w)
    request_logger.setLevel(level)


def _admin_objects(w) -> dict[str, object]:
    """One object of every admin model, of the first county where the model has an org."""
    objects = {}
    for model in admin.site._registry:
        qs = model._default_manager.order_by("pk")
        if any(f.name == "org" for f in model._meta.get_fields()):
            own = qs.filter(org__path__startswith=w.county.path)
            qs = own if own.exists() else qs
        objects[_model_label(model)] = qs.first()
    return objects


def _url(case: Case, w) -> str:
    route = case.route
    if route.api_method:
        url = route.pattern
        for name in route.params:
            url = url.replace("{" + name + "}", str(w.api_objects[case.decl.obj]))
        return url
    if case.admin_model:
        obj = w.admin_objects[case.admin_model]
        assert obj is not None, (
            f"tests/access_world.py makes no {case.admin_model}: add one for the admin pages"
        )
        kwargs = {name: obj.pk for name in route.params}
    elif route.key == "admin:view_on_site":
        kwargs = {"content_type_id": ContentType.objects.get_for_model(w.union).pk, "object_id": w.union.pk}
    elif route.key == "admin:app_list":
        kwargs = {"app_label": "orgs"}
    elif route.key == "admin:admin/(?P<url>.*)$":
        return "/admin/no-such-page/"
    else:
        kwargs = w.params.get(route.key, {})
        missing = set(route.params) - set(kwargs)
        assert not missing, f"tests/access_world.py: world.params[{route.key!r}] needs {sorted(missing)}"
    if ":" in route.key and "/" not in route.key:
        return reverse(route.key, kwargs=kwargs)
    url = "/" + route.pattern
    for name, value in kwargs.items():
        url = url.replace(f"<path:{name}>", str(value))
    return url


def _check(case: Case, persona: str, expected: str, w, requester: am.Requester) -> tuple[str, str | None]:
    """(the outcome, what is wrong with it or None) of one route × persona."""
    method = case.route.api_method or case.decl.method
    body = case.decl.body(w) if case.decl.body else None
    result = requester.perform(
        persona=persona, method=method, url=_url(case, w), data=body, api=bool(case.route.api_method)
    )
    what = f"{case.route.key} × {persona} ({PERSONA_LABELS[persona]}, {method})"
    if result.outcome == "E":
        return "E", f"{what}: server error\n{result.detail}"
    if case.route.api_method and result.outcome == "L" and result.status != 401:
        return "L", f"{what}: the API must answer 401, not a redirect to {result.location}"
    if result.outcome != expected:
        to = f", to {result.location}" if result.location else ""
        return result.outcome, (
            f"{what}: declared {expected} ({am.OUTCOMES[expected]}), got {result.outcome} "
            f"(HTTP {result.status}{to})"
        )
    if persona == "ou":
        # a public page behind a token shows what the token is for (the task of a check-in code), never
        # a person's data; every other page shows the outsider nothing of the first county
        canaries = w.personal_canaries if case.route.key in PUBLIC_BY_TOKEN else w.canaries
        leaked = [c for c in canaries if c in result.body]
        if leaked:
            return (
                result.outcome,
                f"{what}: the outsider county's cadre got the first county's data: {leaked}",
            )
    return result.outcome, None


@pytest.mark.parametrize("case", DECLARED, ids=[c.route.key for c in DECLARED])
def test_access(matrix, case: Case):
    """One route, every persona (the known defects of the route are the xfail cases below)."""
    w, requester = matrix
    observed, wrong = [], []
    for code, expected in zip(PERSONA_CODES, case.decl.outcomes, strict=True):
        outcome, problem = _check(case, code, expected, w, requester)
        observed.append(outcome)
        if problem and (case.route.key, code) not in KNOWN_DEFECTS:
            wrong.append(problem)
    assert not wrong, (
        "\n".join(wrong)
        + f"\n  declared: {'  '.join(case.decl.outcomes)}\n  observed: {'  '.join(observed)}"
        + f"\n  personas: {'  '.join(PERSONA_CODES)}"
        + "\nA wrong page is a defect (declare it as it should be, and add it to KNOWN_DEFECTS);"
        " a wrong declaration, fix the row."
    )


def _defect_params():
    by_key = {c.route.key: c for c in DECLARED}
    for (key, code), reason in sorted(KNOWN_DEFECTS.items()):
        if key in by_key:
            yield pytest.param(
                by_key[key], code, marks=pytest.mark.xfail(strict=True, reason=reason), id=f"{key} × {code}"
            )


@pytest.mark.parametrize(("case", "persona"), list(_defect_params()))
def test_known_defect(matrix, case: Case, persona: str):
    """A declared outcome the code does not give yet: fails until the view is fixed, then XPASS
    (strict) says to remove the KNOWN_DEFECTS entry."""
    w, requester = matrix
    _, problem = _check(case, persona, case.decl.outcomes[PERSONA_CODES.index(persona)], w, requester)
    assert problem is None, problem


def test_the_leak_check_looks_for_data_that_is_there(matrix):
    """The outsider's leak check is not vacuous: the county cadre finds each canary on its page."""
    w, requester = matrix
    pages = {
        "servicedesk:problem_detail": w.problem.title,
        "servicedesk:diary_detail": w.diary.heard,
        "servicedesk:petition_detail": w.petition.subject,
        "servicedesk:order_detail": w.order.place,
        "servicedesk:trip_detail": w.trip.title,
        "members:application_detail": w.application.name,
        "volunteers:task_detail": w.task.title,
        "members:detail": w.member.name,
        "fitness:programme_detail": w.programme.title,
    }
    by_key = {c.route.key: c for c in DECLARED}
    missing = []
    for key, text in pages.items():
        result = requester.perform(persona="co", method="GET", url=_url(by_key[key], w))
        if result.outcome != "O" or text not in result.body:
            missing.append(f"{key}: {text!r} ({result.outcome})")
    assert not missing, missing
    assert set(pages.values()) <= set(w.canaries)


# ---------------------------------------------------------------- personal data on pages one may open


def _team_page(w):
    return reverse("volunteers:team_detail", kwargs={"uuid": w.vteam.uuid})


def _fitness(name: str):
    return lambda w: reverse(f"fitness:{name}", kwargs={"uuid": w.programme.uuid})


def _team_member_add(w):
    return reverse("servicedesk:team_member_add", kwargs={"pk": w.legal_team.pk})


# (case id, persona, method, url(world), form data(world), text that must (True) or must not (False)
# be on the page (world), known defect or "")
PERSONAL_DATA = [
    ("team page × volunteer: fellow volunteer masked", "vo", "GET", _team_page, None,
     lambda w: (w.captain_user.name, False), ""),
    ("team page × township cadre (manages the team): full names", "tw", "GET", _team_page, None,
     lambda w: (w.captain_user.name, True), ""),
    ("service team × county cadre adds a phone of another county: no name", "co", "POST", _team_member_add,
     lambda w: {"member-phone": w.outsider.phone, "member-kind": "staff"},
     lambda w: (w.outsider.name, False), ""),
    ("fitness queue × grassroots chair (organiser): the weight", "ch", "GET", _fitness("queue"), None,
     lambda w: ("71.3", True), ""),
    ("fitness programme × grassroots viewer: no weight", "vw", "GET", _fitness("programme_detail"), None,
     lambda w: ("71.3", False), ""),
    ("fitness leaderboard × member: no weight", "me", "GET", _fitness("leaderboard"), None,
     lambda w: ("71.3", False), ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("persona", "method", "url", "data", "text", "defect"),
    [
        pytest.param(
            *rest, marks=[pytest.mark.xfail(strict=True, reason=rest[-1])] if rest[-1] else [], id=name
        )
        for name, *rest in PERSONAL_DATA
    ],
)
def test_personal_data_on_pages(matrix, persona, method, url, data, text, defect):
    w, requester = matrix
    result = requester.perform(
        persona=persona, method=method, url=url(w), data=data(w) if data else None, follow=True
    )
    expected, shown = text(w)
    # a page, or a form sent back with its errors (400): either way it is read for the name
    assert result.outcome == "O" or (method == "POST" and result.outcome == "V"), result
    assert (expected in result.body) is shown, (
        f"{expected!r} {'missing from' if shown else 'shown on'} the page"
    )
