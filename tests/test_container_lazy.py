"""A one-shot command builds only what it uses (issue 14): receiving a dossier imports
neither reportlab nor openpyxl nor the holidays package, and leaves the services it did
not touch unbuilt; a service built on first use is the same object afterwards."""
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CODE = """
import json, sys
from pathlib import Path
from kiosk.config import load_config
from kiosk.services.container import build_services
services = build_services(load_config({"KIOSK_DATA_DIR": sys.argv[1]}, Path(sys.argv[2])), freeze=True)
proc = services.catalog.procedure("1.004873")
info = services.dossiers.receive_dossier(proc, {"full_name": "Nguyễn Thị Hường", "date_of_birth": "14/07/1950",
                                                "sex": "Nữ", "cccd": "068150001234", "village": "Thôn 2"}, None)
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"reportlab", "openpyxl", "holidays", "qrcode"})
built = sorted(k for k in ("printouts", "letters", "reports", "survey", "feedback", "speaker") if k in vars(services))
print(json.dumps({"code": info.code, "loaded": loaded, "built": built}))
"""


def test_receiving_a_dossier_imports_no_document_library(tmp_path):
    r = subprocess.run([sys.executable, "-c", CODE, str(tmp_path), str(REPO)], capture_output=True, text=True,
                       cwd=str(REPO), timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["code"].startswith("HB-")
    assert out["loaded"] == []
    assert out["built"] == []


def test_a_service_is_built_once_on_first_use(services):
    assert "printouts" not in vars(services)
    first = services.printouts
    assert services.printouts is first
    assert first is vars(services)["printouts"]
    assert services.letters is services.letters and services.reports is services.reports


REPRINT = """
import json, sys
from pathlib import Path
from kiosk.config import load_config
from kiosk.services.container import build_services
config = load_config({"KIOSK_DATA_DIR": sys.argv[1]}, Path(sys.argv[2]))
services = build_services(config, freeze=True)
pdf = services.printouts.receipt_pdf(sys.argv[3])
loaded = sorted(m for m in ("kiosk.catalog.loader", "kiosk.catalog.schema", "kiosk.catalog.search", "yaml",
                            "rapidfuzz") if m in sys.modules)
print(json.dumps({"pdf": pdf[:5].decode(), "catalog_loaded": services.catalog.loaded, "loaded": loaded}))
"""


def test_a_receipt_reprint_never_reads_the_catalog(tmp_path):
    """`render receipt` after the first print reads the stored snapshot: the catalog, its
    schema, YAML and the search index stay unloaded (bench/cli.py: about 0.1 s)."""
    from kiosk.config import load_config
    from kiosk.services.container import build_services
    services = build_services(load_config({"KIOSK_DATA_DIR": str(tmp_path)}, REPO))
    code = services.dossiers.receive_dossier("1.004873", {"full_name": "Nguyễn Thị Hường", "sex": "Nữ",
                                                          "date_of_birth": "14/07/1950", "village": "Thôn 2"}, None).code
    services.printouts.receipt_pdf(code)  # the first print keeps the snapshot
    services.close()
    r = subprocess.run([sys.executable, "-c", REPRINT, str(tmp_path), str(REPO), code], capture_output=True,
                       text=True, cwd=str(REPO), timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out == {"pdf": "%PDF-", "catalog_loaded": False, "loaded": []}


def test_catalog_check_does_not_import_the_database_layer(tmp_path):
    code = ("import sys, runpy; sys.argv = ['main.py', 'catalog', 'check']\n"
            "try:\n    runpy.run_path('main.py', run_name='__main__')\nexcept SystemExit as e:\n    rc = e.code\n"
            "print('SQLA' if 'sqlalchemy' in sys.modules else 'NOSQLA', rc)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(REPO), timeout=120,
                       env={**__import__("os").environ, "KIOSK_DATA_DIR": str(tmp_path)})
    assert r.stdout.strip().splitlines()[-1] == "NOSQLA 0", (r.stdout, r.stderr[-2000:])
    assert "thủ tục (" in r.stdout


def test_the_lazy_catalog_loads_once_and_then_is_the_catalog(services):
    from kiosk.catalog.lazy import LazyCatalog
    calls = []
    real = services.catalog.get() if isinstance(services.catalog, LazyCatalog) else services.catalog
    lazy = LazyCatalog(lambda: calls.append(1) or real)
    assert not lazy.loaded and calls == []
    assert lazy.procedure("1.004873") is real.procedure("1.004873")
    assert lazy.procedures is real.procedures and lazy.loaded and calls == [1]
