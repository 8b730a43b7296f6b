"""ARCHITECTURE.md: the domain stays pure; nothing in ledger/ imports api/; the projections do not
import the application; no two modules of ledger/ import each other, however indirectly."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_MAY_IMPORT = ("ledger.domain", "eventsourcing.domain", "eventsourcing.dispatch")
FORBIDDEN_IN_LEDGER = ("api",)
APPLICATION = "ledger.app"


def imports_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def is_stdlib(module: str) -> bool:
    import sys

    return module.split(".")[0] in sys.stdlib_module_names or module == "__future__"


def test_the_domain_imports_only_the_standard_library_and_eventsourcing_domain():
    offenders = []
    for path in (ROOT / "ledger" / "domain").rglob("*.py"):
        for module in imports_of(path):
            if not is_stdlib(module) and not module.startswith(DOMAIN_MAY_IMPORT):
                offenders.append(f"{path.relative_to(ROOT)}: {module}")
    assert offenders == []


def test_nothing_in_ledger_imports_api():
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "ledger").rglob("*.py")
        for module in imports_of(path)
        if module.split(".")[0] in FORBIDDEN_IN_LEDGER
    ]
    assert offenders == []


def test_the_projections_do_not_import_the_application():
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "ledger" / "projections").rglob("*.py")
        for module in imports_of(path)
        if module == APPLICATION or module.startswith(f"{APPLICATION}.")
    ]
    assert offenders == []


def test_the_modules_of_ledger_import_each_other_without_a_circle():
    graph = module_imports(ROOT / "ledger", "ledger")
    assert circles(graph) == []


def test_the_circle_check_catches_a_circle_and_ignores_imports_that_run_later(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("from pkg.a import A\n", encoding="utf-8")
    (package / "a.py").write_text("from pkg import b\nA = 1\n", encoding="utf-8")
    (package / "b.py").write_text("import pkg.c\n", encoding="utf-8")
    (package / "c.py").write_text("from pkg.a import A\n", encoding="utf-8")
    (package / "d.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import e\n"
                                  "def f():\n    from pkg import e\n", encoding="utf-8")
    (package / "e.py").write_text("from pkg.d import f\n", encoding="utf-8")
    graph = module_imports(package, "pkg")
    assert graph["pkg.a"] == {"pkg.b"} and graph["pkg.d"] == set()
    assert circles(graph) == [["pkg.a", "pkg.b", "pkg.c"]]


def module_imports(folder: Path, package: str) -> dict[str, set[str]]:
    """Which modules of a package each of its modules imports when it is loaded: imports inside
    functions and under ``TYPE_CHECKING`` run later or never, so they do not count; nor does the
    package ``__init__`` a submodule's import also runs (every package would be a circle)."""
    modules = {}
    for path in folder.rglob("*.py"):
        parts = [package, *path.relative_to(folder).with_suffix("").parts]
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path

    def module_of(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    def loaded(body: list[ast.stmt]) -> list[str]:
        names: list[str] = []
        for node in body:
            if isinstance(node, ast.Import):
                names += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names += [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                          for a in node.names]
            elif isinstance(node, ast.If) and "TYPE_CHECKING" not in ast.unparse(node.test):
                names += loaded(node.body) + loaded(node.orelse)
            elif isinstance(node, ast.If):
                names += loaded(node.orelse)
            elif isinstance(node, ast.Try):
                names += loaded(node.body) + loaded(node.orelse) + loaded(node.finalbody)
                for handler in node.handlers:
                    names += loaded(handler.body)
        return names

    graph = {}
    for name, path in modules.items():
        imported = {module_of(m) for m in loaded(ast.parse(path.read_text(encoding="utf-8")).body)}
        graph[name] = {m for m in imported if m is not None and m != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or not (Tarjan's strongly
    connected components of more than one module), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(found)


def test_the_layering_check_catches_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import psycopg\nfrom fastapi import FastAPI\n", encoding="utf-8")
    assert imports_of(bad) == ["psycopg", "fastapi"]
    assert not any(m.startswith(DOMAIN_MAY_IMPORT) or is_stdlib(m) for m in imports_of(bad))
