"""The document and demo commands of DESIGN.md §4, run as a user would."""
import io
import json
import re
import subprocess
import sys
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from tests.conftest import REPO


@pytest.fixture
def run(data_dir):
    env = {"KIOSK_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}

    def _run(*args):
        return subprocess.run([sys.executable, str(REPO / "main.py"), *args], capture_output=True, text=True, env=env)
    return _run


def pdf_text(path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages).split())


def test_render_sample_holds_every_form_of_the_procedure_watermarked(run, tmp_path, catalog):
    out = tmp_path / "mau.pdf"
    r = run("render", "sample", "1.000689", "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = pdf_text(out)
    titles = [catalog.forms[f].title for f in catalog.procedures["1.000689"].forms]
    assert len(titles) == 2 and all(t in text for t in titles)
    assert "MẪU" in text and "Bản mẫu để tham khảo" in text


def test_render_form_validates_with_the_ui_rules(run, tmp_path, catalog):
    form = catalog.forms["to-khai-dang-ky-khai-sinh"]
    values = {f.key: f.sample for f in form.fields if f.required}
    values["child_name"] = "ĐẶNG THỊ MỸ DUYÊN"
    (tmp_path / "v.json").write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "to-khai.pdf"
    r = run("render", "form", "1.001193", "--values", str(tmp_path / "v.json"), "--proxy-clerk", "Trần Văn Bình",
            "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = pdf_text(out)
    assert "ĐẶNG THỊ MỸ DUYÊN" in text and "MẪU" not in text and "Trần Văn Bình viết hộ" in text
    values["child_dob"] = "31/02/2026"
    values["typo_key"] = "x"
    (tmp_path / "bad.json").write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    bad = tmp_path / "bad.pdf"
    r = run("render", "form", "1.001193", "--values", str(tmp_path / "bad.json"), "--out", str(bad))
    assert r.returncode == 1 and not bad.exists()
    assert "không có trên lịch" in r.stderr and "typo_key" in r.stderr


@pytest.mark.parametrize("content, words", [
    (b"{not json", "không phải JSON hợp lệ"),
    ("{\"a\": \"Hường\"}".encode("utf-16"), "UTF-8"),
    (b"[1, 2]", "đối tượng JSON"),
    (b"[" * 100_000, "lồng quá nhiều tầng"),
    (b"{\"a\": \"" + b"x" * 1_100_000 + b"\"}", "quá lớn"),
])
def test_malformed_values_files_are_refused_in_vietnamese(run, tmp_path, content, words):
    (tmp_path / "v.json").write_bytes(content)
    r = run("render", "form", "1.001193", "--values", str(tmp_path / "v.json"), "--out", str(tmp_path / "x.pdf"))
    assert r.returncode == 1 and words in r.stderr and "Traceback" not in r.stderr


def test_receive_then_render_the_receipt(run, tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"full_name": "Phạm Ngọc Ửng", "village": "Thôn 1"},
                                                ensure_ascii=False), encoding="utf-8")
    r = run("dossier", "receive", "--procedure", "2.000815", "--applicant", str(tmp_path / "a.json"))
    assert r.returncode == 0, r.stderr
    code = r.stdout.strip().splitlines()[-1]
    assert re.fullmatch(rf"HB-{date.today():%Y%m%d}-\d{{3,}}", code)
    for size in ("a5", "80mm"):
        out = tmp_path / f"r-{size}.pdf"
        r = run("render", "receipt", code, "--size", size, "--out", str(out))
        assert r.returncode == 0, r.stderr
        text = pdf_text(out)
        assert code in text and "Phạm Ngọc Ửng" in text and "GIẤY TIẾP NHẬN HỒ SƠ" in text
    r = run("render", "receipt", "HB-19990101-999", "--out", str(tmp_path / "none.pdf"))
    assert r.returncode == 1 and "HB-19990101-999" in r.stderr


def test_demo_seed_fills_the_reports(run, tmp_path):
    r = run("demo", "seed", "--weeks", "2")
    assert r.returncode == 0, r.stderr
    made = int(re.search(r"Đã tạo (\d+) hồ sơ", r.stdout).group(1))
    assert made > 20
    start = date.today() - timedelta(weeks=2)
    periods = {f"{d.isocalendar().year}-W{d.isocalendar().week:02d}" for d in
               (start + timedelta(days=i) for i in range(15))}
    total = 0
    for p in sorted(periods):
        out = tmp_path / f"{p}.json"
        assert run("report", "--period", p, "--format", "json", "--out", str(out)).returncode == 0
        total += json.loads(out.read_text(encoding="utf-8"))["total"]["received"]
    assert total == made
