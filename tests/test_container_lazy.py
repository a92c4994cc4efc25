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
