"""The layout holds: dependencies between the apps point one way, nothing is
imported inside a function to dodge a cycle, and no file grows past ~400
lines. docs/architecture.md describes the same arrows."""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
APPS = (
    "content",
    "translations",
    "journal",
    "journey",
    "surveys",
    "messaging",
    "staff",
)

# Which apps each app may import (see docs/architecture.md).
ALLOWED = {
    "content": set(),
    "journal": set(),
    "translations": {"content"},
    "journey": {"content", "translations", "journal"},
    "surveys": {"content", "translations", "journal"},
    "messaging": {"content", "translations", "journal"},
    "staff": {"content", "translations", "journal", "journey", "surveys"},
}
MAX_LINES = 400


def python_files():
    for top in ("modules", "selfhelp"):
        for path in sorted((REPO / top).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def owner(path):
    """The app a file belongs to ("selfhelp" for the project)."""
    parts = path.relative_to(REPO).parts
    return parts[1] if parts[0] == "modules" else "selfhelp"


def imported_owner(module_name):
    parts = module_name.split(".")
    if parts[0] == "selfhelp":
        return "selfhelp"
    if parts[0] == "modules" and len(parts) > 1 and parts[1] in APPS:
        return parts[1]
    return None


def project_imports(tree):
    """(node, imported owner, inside a function) for each import of project code."""
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef
            )
            names = []
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                names = [child.module] + [
                    f"{child.module}.{alias.name}" for alias in child.names
                ]
            for name in names:
                target = imported_owner(name)
                if target:
                    found.append((child, target, in_function))
            visit(child, nested)

    visit(tree, in_function=False)
    return found


def violations():
    problems = []
    for path in python_files():
        source = path.read_text(encoding="utf-8")
        where = path.relative_to(REPO)
        lines = source.count("\n")
        if lines > MAX_LINES:
            problems.append(f"{where}: {lines} lines (more than {MAX_LINES})")
        app = owner(path)
        for node, target, in_function in project_imports(ast.parse(source)):
            if app != "selfhelp" and target not in ALLOWED[app] | {app}:
                problems.append(f"{where}:{node.lineno}: {app} imports {target}")
            # apps.py may import in ready(): models exist only once apps are ready.
            if in_function and target != app and path.name != "apps.py":
                problems.append(
                    f"{where}:{node.lineno}: imports {target} inside a function"
                )
    return problems


def test_dependencies_point_one_way_and_files_stay_small():
    assert violations() == []


def test_the_allowed_arrows_have_no_cycle():
    def reaches(start, goal, seen=()):
        return any(
            dep == goal or (dep not in seen and reaches(dep, goal, (*seen, dep)))
            for dep in ALLOWED[start]
        )

    assert not [app for app in APPS if reaches(app, app)]


@pytest.mark.parametrize(
    ("file", "line", "expected"),
    [
        ("modules/content/x.py", "from modules.staff import usage", "imports staff"),
        ("modules/journal/x.py", "import selfhelp.views", "imports selfhelp"),
        (
            "modules/journey/x.py",
            "def f():\n    from modules.staff import usage",
            "inside a function",
        ),
    ],
)
def test_the_check_catches_a_wrong_arrow(tmp_path, monkeypatch, file, line, expected):
    """The layout check itself fails when an arrow points the wrong way."""
    fake = tmp_path / file
    fake.parent.mkdir(parents=True)
    fake.write_text(line + "\n")
    monkeypatch.setitem(globals(), "REPO", tmp_path)
    assert any(expected in problem for problem in violations())
