"""The layers of DESIGN.md ("Layers: who may import whom"), enforced by reading every module's
imports (ast), so a new upward import fails here rather than in a review.

Rules:
- An app imports only apps of lower levels. Within level 4 a use goes one way: volunteers may use
  the service desk; nothing else at level 4 imports another level-4 app. core (level 0) imports no
  app at all.
- Across apps, only the other app's services, selectors and models (models for foreign keys), its
  registries and its shared building blocks; never its views, API, URLs, tasks or commands.
- Selectors never import services (of any app): reads do not write.
The composition root (gonghui/settings.py, urls.py, api.py, cli.py, wsgi.py) wires the apps
together and is outside the ladder, as are migrations.
"""

import ast
import pathlib

import gonghui

ROOT = pathlib.Path(gonghui.__file__).parent

LEVELS = {
    "core": 0,
    "accounts": 1,
    "orgs": 2,
    "members": 3,
    **dict.fromkeys(
        (
            "servicedesk",
            "volunteers",
            "tournaments",
            "activities",
            "fitness",
            "competitions",
            "honors",
            "care",
            "rights",
            "stations",
            "jobs",
            "notices",
            "lectures",
        ),
        4,
    ),
    "dashboard": 5,
    "assessments": 5,
    "demo": 6,
    "home": 6,
}
SAME_LEVEL_ALLOWED = {
    ("volunteers", "servicedesk"),
    ("lectures", "servicedesk"),  # a lecture request is a service order of category lecture
    ("notices", "volunteers"),  # a notice may target the volunteers of a subtree
}
# Modules of another app nobody else may import: the app's own surface.
SURFACE = {"views", "api", "urls", "tasks", "management", "templatetags"}

# Known exceptions, each with its reason. The test fails when one is no longer needed, so the list
# only shrinks. (module path relative to gonghui/, imported app) -> why.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("core/management/commands/demo.py", "demo"): (
        "`gonghui demo` belongs to the demo app, which cannot be installed while gonghui/demo/__init__.py"
        " imports models at import time"
    ),
}


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if len(rel.parts) < 2 or rel.parts[0] not in LEVELS or "migrations" in rel.parts:
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(tree: ast.AST):
    """(line, dotted module) for every absolute import of a gonghui module, nested ones included."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module in ("gonghui",) or node.module.count(".") == 1:
                # `from gonghui.core import audit` names modules: check each.
                for alias in node.names:
                    yield node.lineno, f"{node.module}.{alias.name}"
            else:
                yield node.lineno, node.module


def _violations():
    found, used = [], set()
    for rel, tree in _modules():
        app = rel.parts[0]
        is_selector = "selectors" in rel.parts or rel.stem == "selectors"
        for line, module in _imports(tree):
            parts = module.split(".")
            if parts[0] != "gonghui" or len(parts) < 2 or parts[1] not in LEVELS:
                continue
            target, sub = parts[1], parts[2] if len(parts) > 2 else ""
            where = f"gonghui/{rel}:{line} imports {module}"
            if is_selector and sub == "services":
                found.append(f"{where}: selectors never import services")
            if target == app:
                continue
            upward = LEVELS[target] > LEVELS[app] or (
                LEVELS[target] == LEVELS[app] and (app, target) not in SAME_LEVEL_ALLOWED
            )
            if upward or (app == "core"):
                key = (rel.as_posix(), target)
                if key in EXCEPTIONS:
                    used.add(key)
                    continue
                found.append(
                    f"{where}: level {LEVELS[app]} ({app}) may not import level {LEVELS[target]} ({target})"
                )
            elif sub in SURFACE and LEVELS[app] < 6 and not (target == "core" and sub in ("tasks", "api")):
                # (core.tasks and core.api are the shared job and API mechanisms, not a surface)
                found.append(f"{where}: use {target}'s services and selectors, not its {sub}")
    stale = sorted(set(EXCEPTIONS) - used)
    return found, stale


def test_every_module_respects_the_layers():
    found, _stale = _violations()
    assert not found, "\n".join(found)


def test_no_exception_outlives_its_reason():
    _found, stale = _violations()
    assert not stale, f"these exceptions are no longer needed, remove them from EXCEPTIONS: {stale}"


def test_the_checker_sees_an_upward_import(tmp_path):
    tree = ast.parse("from gonghui.members.views.workbench import worker_home\nimport gonghui.demo.desk\n")
    assert [m for _line, m in _imports(tree)] == ["gonghui.members.views.workbench", "gonghui.demo.desk"]
