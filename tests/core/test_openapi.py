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


def test_every_operation_declares_its_error_responses(client):
    """Issue 9 §4: the schema tells a client what can come back — the shared Error body for 400/404/422
    everywhere, 401/403 wherever a login is needed, 429 where the operation is throttled."""
    schema = client.get("/api/v1/openapi.json").json()
    error = {"$ref": "#/components/schemas/Error"}
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"detail"}
    throttled = {("/api/v1/auth/token", "post"), ("/api/v1/join-applications", "post")}
    count = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            count += 1
            declared = operation["responses"]
            expected = {"400", "422"} | ({"401", "403", "404"} if operation.get("security") else {"404"})
            if (path, method) == ("/api/v1/auth/token", "post"):
                expected = {"400", "401", "422"}
            if (path, method) in throttled:
                expected |= {"429"}
            assert expected <= set(declared), (method, path, sorted(declared))
            for code in expected:
                assert declared[code]["content"]["application/json"]["schema"] == error, (method, path, code)
            if "requestBody" in operation and (path, method) != (
                "/api/v1/desk/problems/{uuid}/confirm",
                "post",
            ):
                assert operation["requestBody"]["required"] is True, (method, path)
    assert count >= 40


def test_list_endpoints_declare_bounded_paging(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/orgs",
        "/api/v1/desk/orders/mine",
        "/api/v1/auth/tokens",
        "/api/v1/volunteers/tasks",
    ):
        params = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
        assert params["offset"]["minimum"] == 0 and params["offset"]["maximum"] == 100000, path
        assert params["limit"]["minimum"] == 1 and params["limit"]["maximum"] <= 1000, path


def test_no_two_api_schemas_share_a_name():
    """The OpenAPI components are keyed by class name: two `HistoryOut`s would silently document one
    operation's body with the other's fields."""
    import importlib
    import inspect
    import pkgutil

    from ninja import Schema

    import gonghui

    seen: dict[str, str] = {}
    for module_info in pkgutil.walk_packages(gonghui.__path__, "gonghui."):
        name = module_info.name
        if not (name.rsplit(".", 1)[-1].startswith("api") or name == "gonghui.api"):
            continue
        module = importlib.import_module(name)
        for cls_name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Schema) and cls.__module__ == name:
                assert cls_name not in seen, f"{cls_name} in {name} and {seen[cls_name]}"
                seen[cls_name] = name
    assert "OrderHistoryOut" in seen and "Error" in seen
