"""Issue 9 §4: Schemathesis sends schema-generated requests (valid and invalid) to every API operation,
in process through the WSGI app (no network), with a cadre's and a member's bearer token: no
operation answers with a server error, or with a status, content type or body its schema does not
declare. Besides random ids, each operation on a record is also tried on a real one (an order, a
problem, a petition, a join application, a volunteer task, an org), so the requests reach the
services and not only the 404. Examples are bounded: the run takes seconds on SQLite."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from gonghui.accounts.services import token_issue
from gonghui.members.services.join import join_submit
from gonghui.servicedesk.services import petitions as petition_svc
from gonghui.servicedesk.services import problems as problem_svc
from gonghui.volunteers import services as volunteer_svc
from tests.factories import make_id_number, make_mobile
from tests.servicedesk.test_orders import place_order
from tests.volunteers.conftest import make_task

pytestmark = pytest.mark.django_db

EXAMPLES = 6  # per operation, persona and kind of run
# No 5xx; every status, content type and body as declared; and invalid input refused (4xx), never
# taken as valid. (positive_data_acceptance is not used: a schema-valid order can still break a rule, 400.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]

SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django's WSGI handler closes the database connection after a request that ran inside a
    transaction, which on PostgreSQL would end the test's; Django's test client does the same as this."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def records(desk):
    """One real record behind each kind of {uuid} in the API's paths, and real values for the body
    fields that name other records or choices, so generated requests get past the lookups and reach
    the services (where a too-long text or a huge number would reach the database)."""
    volunteer_svc.volunteer_register(
        user=desk.member_user, org=None, consent=True, member=desk.member, actor=desk.member_user
    )
    application = join_submit(
        name="王小明",
        id_number=make_id_number(),
        mobile=make_mobile(),
        consent=True,
        enterprise=desk.enterprise,
    )
    problem = problem_svc.problem_raise(
        enterprise=desk.enterprise,
        reporter=desk.enterprise_contact,
        category="tax",
        title="税费",
        description="d",
    )
    petition = petition_svc.petition_submit_online(
        actor=desk.member_user, org=desk.county, subject="欠薪", content="三个月未发工资", consent=True
    )
    paths = {
        "/api/v1/orgs/": desk.county.uuid,
        "/api/v1/join-applications/": application.uuid,
        "/api/v1/desk/orders/": place_order(desk).uuid,
        "/api/v1/desk/problems/": problem.uuid,
        "/api/v1/desk/petitions/": petition.uuid,
        "/api/v1/volunteers/tasks/": make_task(desk.township, leader=desk.township_cadre).uuid,
    }
    body = {
        "item": desk.lecture.pk,
        "team": desk.legal_team.pk,
        "enterprise": str(desk.enterprise.uuid),
        "orderer_kind": "enterprise",
        "org": str(desk.county.uuid),
        "work_area": str(desk.county.uuid),
        "job_type": "delivery_rider",
        "category": "permits",
        "urgency": "normal",
        "consent": True,
    }
    return paths, body


def _real_ids(operation, paths) -> dict:
    if "{uuid}" in operation.path:
        for prefix, uuid in paths.items():
            if operation.path.startswith(prefix):
                return {"uuid": str(uuid)}
    return {}


def _with_real_references(body: dict):
    def patch(case):
        if isinstance(case.body, dict):
            case.body.update({k: v for k, v in body.items() if k in case.body})
        return case

    return patch


def _fuzz(operation, user, mode: GenerationMode, real: tuple | None = None) -> None:
    strategy = operation.as_strategy(generation_mode=mode)
    if real:
        path_parameters, body = real
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters or None)
        strategy = strategy.map(_with_real_references(body))

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],  # report the first failure, don't spend time shrinking
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        # A fresh token for every request: DELETE /auth/token and /auth/tokens/{id} may revoke it.
        _token, key = token_issue(user=user, name="schemathesis")
        case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)

    run()


@pytest.mark.parametrize("persona", ["county_cadre", "member_user", "enterprise_contact"])
def test_no_operation_fails_or_breaks_its_schema(desk, records, persona):
    user = getattr(desk, persona)
    paths, body = records
    failures = []
    for operation in OPERATIONS:
        runs = [("positive", GenerationMode.POSITIVE, None)]
        if persona == "county_cadre":  # input is checked before the persona matters: once is enough
            runs.append(("negative", GenerationMode.NEGATIVE, None))
        real_ids = _real_ids(operation, paths)
        if real_ids or (operation.method == "post" and operation.body):
            runs.append(("on real records", GenerationMode.POSITIVE, (real_ids, body)))
        for label, mode, real in runs:
            try:
                _fuzz(operation, user, mode, real)
            except Unsatisfiable:  # no invalid request can be made (a free-text path parameter)
                pass
            except Exception as e:  # collect every operation's failure, not only the first one
                failures.append(f"{operation.method.upper()} {operation.path} [{label}]: {e}")
    assert not failures, "\n\n".join(failures)


def test_every_operation_is_fuzzed():
    """The schema the fuzzing reads is the whole API (a router left out of it would go untested)."""
    paths = {op.path for op in OPERATIONS}
    assert len(OPERATIONS) >= 40
    assert {"/api/v1/auth/tokens", "/api/v1/desk/orders/{uuid}/accept", "/api/v1/roster"} <= paths
