"""kiosk/ is the core: it must never import Qt or the ui package (DESIGN.md §2)."""
import ast
import subprocess
import sys

from tests.conftest import REPO

FORBIDDEN = ("PySide6", "shiboken6", "ui")


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_no_module_of_the_core_imports_qt_or_ui():
    offenders = [f"{p.relative_to(REPO)}: {m}" for p in (REPO / "kiosk").rglob("*.py")
                 for m in _imports(p) if m.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_using_the_core_loads_no_qt():
    code = ("import sys; sys.path.insert(0, %r)\n"
            "import kiosk.cli, kiosk.services.container, kiosk.printing, kiosk.catalog.search\n"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui'))]\n"
            "print(bad); sys.exit(1 if bad else 0)") % str(REPO)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_counter_and_dossier_modules_stay_readable_in_one_sitting():
    """STYLE.md: a module short enough to read in one sitting (at most 500 lines)."""
    files = [*(REPO / "ui" / "counter").glob("*.py"), *(REPO / "kiosk" / "services").glob("dossier*.py")]
    long = [f"{p.relative_to(REPO)}: {n}" for p in files
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500]
    assert long == []
