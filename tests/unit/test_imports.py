"""The package's imports point one way: no module imports, even lazily inside a function, a module
that imports it back; and the stage packages sit in pipeline order."""

from __future__ import annotations

import ast
from pathlib import Path

import builder

PACKAGE = Path(builder.__file__).resolve().parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_nodes(tree: ast.AST):
    """Every node of the tree but those under ``if TYPE_CHECKING:`` (read by type checkers only)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            test = child.test if isinstance(child, ast.If) else None
            if test is not None and "TYPE_CHECKING" in ast.unparse(test):
                stack.extend(child.orelse)
                continue
            stack.append(child)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The builder modules a file imports when it runs, at the top level or inside a function (not
    those under ``if TYPE_CHECKING:``)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and target != "builder":
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    files = [p for p in PACKAGE.rglob("*.py") if "theme" not in p.relative_to(PACKAGE).parts]
    modules = {module_name(p) for p in files}
    return {module_name(p): imports_of(p, modules) for p in files}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a list of modules (first = last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle)


def test_the_cycle_finder_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_a_lazy_import_counts():
    """The orchestrator imports the pipeline inside a function (to keep an unchanged build fast):
    the graph sees it, so the pipeline may not import the orchestrator back."""
    assert "builder.pipeline.steps" in import_graph()["builder.pipeline.orchestrator"]


def test_no_module_is_over_500_lines():
    long = {module_name(p): n for p in PACKAGE.rglob("*.py")
            if "theme" not in p.relative_to(PACKAGE).parts and (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert not long, f"modules over 500 lines: {long}"


def test_extraction_imports_no_renderer():
    """The article worker (pipeline.process) parses, tags and caches; what the site's files hold is made
    where they are written (mentions.csv's rows by the dataset writer), so it imports nothing of render/."""
    assert not {m for m in import_graph()["builder.pipeline.process"] if m.startswith("builder.render")}
