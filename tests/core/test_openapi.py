"""Issue 3 §7: the API routes are documented in the OpenAPI schema, with session and token auth."""

import pytest

pytestmark = pytest.mark.django_db

PUBLIC = {
    ("/api/v1/join-applications", "post"),
    ("/api/v1/join-applications/{uuid}", "get"),
    ("/api/v1/members/verify/{token}", "get"),
}
SIGNED_IN = {
    ("/api/v1/orgs", "get"),
    ("/api/v1/orgs/{uuid}", "get"),
    ("/api/v1/orgs/{uuid}/stats", "get"),
    ("/api/v1/roster", "get"),
    ("/api/v1/members/me/card", "get"),
    ("/api/v1/join-applications/{uuid}/approve", "post"),
    ("/api/v1/join-applications/{uuid}/reject", "post"),
}


def test_foundation_routes_are_in_the_schema_with_their_auth(client):
    schema = client.get("/api/v1/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["SessionAuth"]["in"] == "cookie" and schemes["TokenAuth"]["scheme"] == "bearer"
    for path, method in PUBLIC | SIGNED_IN:
        operation = schema["paths"][path][method]
        assert operation.get("summary"), (path, method)
        security = operation.get("security")
        if (path, method) in PUBLIC:
            assert not security, (path, method)
        else:
            assert {"SessionAuth": []} in security and {"TokenAuth": []} in security, (path, method)


def test_the_docs_page_is_served_without_login(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200 and "openapi.json" in response.content.decode()
