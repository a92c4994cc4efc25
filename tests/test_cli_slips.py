"""The slip, register and dossier-event commands, run as a clerk would after a power cut."""
import io
import json
import subprocess
import sys
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import REPO

AGO = date.today() - timedelta(days=3)


@pytest.fixture
def run(data_dir):
    env = {"KIOSK_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}

    def _run(*args):
        return subprocess.run([sys.executable, str(REPO / "main.py"), *args], capture_output=True, text=True, env=env)
    return _run


def pdf_text(path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages).split())


@pytest.fixture
def dossier(run, tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"full_name": "Đặng Thị Ỷ", "sex": "Nữ", "village": "Thôn 2"},
                                                ensure_ascii=False), encoding="utf-8")
    (tmp_path / "d.json").write_text(json.dumps([
        {"name": "Văn bản đề nghị hưởng trợ cấp hưu trí xã hội", "originals": 1, "copies": 0},
        {"name": "Bản sao giấy xác nhận khuyết tật", "originals": 0, "copies": 2}], ensure_ascii=False),
        encoding="utf-8")
    r = run("dossier", "receive", "--procedure", "1.014027", "--applicant", str(tmp_path / "a.json"),
            "--documents", str(tmp_path / "d.json"), "--return-via", "village-head", "--village", "Thôn 2",
            "--at", f"{AGO:%d/%m/%Y} 09:05")
    assert r.returncode == 0, r.stderr
    return r.stdout.strip().splitlines()[-1]


def test_receive_with_papers_return_channel_and_time_then_render_the_receipt(run, tmp_path, dossier):
    assert dossier.startswith(f"HB-{AGO:%Y%m%d}-")
    out = tmp_path / "r.pdf"
    r = run("render", "slip", dossier, "--kind", "receipt", "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = pdf_text(out)
    assert f"09 giờ 05 phút, ngày {AGO.day:02d}" in text or f"09 giờ 05 phút, ngày {AGO.day}" in text
    assert "1. Văn bản đề nghị hưởng trợ cấp hưu trí xã hội: 01 bản chính" in text
    assert "2. Bản sao giấy xác nhận khuyết tật: 02 bản sao" in text
    assert "Đăng ký nhận kết quả tại: Thôn 2, qua trưởng thôn Trần Thị Lan" in text
    again = tmp_path / "r2.pdf"
    assert run("render", "receipt", dossier, "--out", str(again)).returncode == 0
    assert again.read_bytes() == out.read_bytes()


def test_board_actions_with_at_and_every_slip_kind(run, tmp_path, dossier):
    r = run("dossier", "supplement", dossier, "--item", "Giấy xác nhận khuyết tật bản chính",
            "--at", f"{AGO:%d/%m/%Y} 10:00")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == dossier
    out = tmp_path / "s.pdf"
    assert run("render", "slip", dossier, "--kind", "supplement", "--out", str(out)).returncode == 0
    assert "1. Giấy xác nhận khuyết tật bản chính" in pdf_text(out)
    for kind, words in (("control", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
                        ("stop", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ")):
        out = tmp_path / f"{kind}.pdf"
        r = run("render", "slip", dossier, "--kind", kind, "--reason", "Xin rút hồ sơ", "--out", str(out))
        if kind == "stop":  # the default config names no signer: refused, saying which key to fill
            assert r.returncode == 1 and "signer_name" in r.stderr and not out.exists()
            continue
        assert r.returncode == 0, r.stderr
        assert words in pdf_text(out) and "Yêu cầu bổ sung" in pdf_text(out)
    assert run("dossier", "resolve", dossier, "--at", f"{AGO:%d/%m/%Y} 08:00").returncode == 1  # still waiting
    r = run("dossier", "refuse", dossier, "--reason", "Không đủ điều kiện", "--at", f"{AGO:%d/%m/%Y} 11:00")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "ref.pdf"
    assert run("render", "slip", dossier, "--kind", "refusal", "--out", str(out)).returncode == 0
    assert "Không đủ điều kiện." in pdf_text(out)


def test_postpone_and_resolve_with_at(run, tmp_path, dossier):
    new = date.today() + timedelta(days=40)
    while new.weekday() >= 5:
        new += timedelta(days=1)
    r = run("dossier", "postpone", dossier, "--new-date", f"{new:%d/%m/%Y}", "--reason", "Chờ xác minh",
            "--at", f"{AGO:%d/%m/%Y} 15:00")
    assert r.returncode == 0, r.stderr
    r = run("dossier", "resolve", dossier, "--at", f"{date.today():%d/%m/%Y} 00:01")
    assert r.returncode == 0, r.stderr
    assert "Đã có kết quả" in r.stdout


@pytest.mark.parametrize("at, words", [("32/13/2026 08:00", "không hợp lệ"), ("hôm qua", "dd/mm/yyyy HH:MM"),
                                       ("01/01/2099 08:00", "chưa tới"), ("01/01/2000 08:00", "trước lúc tiếp nhận")])
def test_bad_at_is_refused_in_vietnamese(run, dossier, at, words):
    r = run("dossier", "resolve", dossier, "--at", at)
    assert r.returncode == 1 and words in r.stderr and "Traceback" not in r.stderr


def test_bad_documents_file_and_unknown_dossier(run, tmp_path):
    (tmp_path / "a.json").write_text('{"full_name": "Lê Văn Tám"}', encoding="utf-8")
    (tmp_path / "d.json").write_text('{"name": "x"}', encoding="utf-8")
    r = run("dossier", "receive", "--procedure", "1.001193", "--applicant", str(tmp_path / "a.json"),
            "--documents", str(tmp_path / "d.json"))
    assert r.returncode == 1 and "danh sách JSON" in r.stderr
    (tmp_path / "d.json").write_text('[{"name": "", "originals": 1}]', encoding="utf-8")
    r = run("dossier", "receive", "--procedure", "1.001193", "--applicant", str(tmp_path / "a.json"),
            "--documents", str(tmp_path / "d.json"))
    assert r.returncode == 1 and "thiếu tên giấy tờ" in r.stderr
    r = run("render", "slip", "HB-19990101-999", "--kind", "control", "--out", str(tmp_path / "x.pdf"))
    assert r.returncode == 1 and "HB-19990101-999" in r.stderr
    r = run("render", "slip", "HB-19990101-999", "--kind", "nonsense", "--out", str(tmp_path / "x.pdf"))
    assert r.returncode == 2 and "Lệnh không hợp lệ" in r.stderr


def test_render_register_pdf_and_xlsx(run, tmp_path, dossier):
    period = f"{AGO:%Y-%m}"
    pdf, xlsx = tmp_path / "so.pdf", tmp_path / "so.xlsx"
    assert run("render", "register", "--period", period, "--format", "pdf", "--out", str(pdf)).returncode == 0
    assert "SỔ THEO DÕI HỒ SƠ" in pdf_text(pdf) and dossier in pdf_text(pdf)
    assert run("render", "register", "--period", period, "--format", "xlsx", "--out", str(xlsx)).returncode == 0
    ws = load_workbook(xlsx).active
    assert ws.cell(6, 2).value == dossier and ws.cell(6, 4).value == "Đặng Thị Ỷ"
    r = run("render", "register", "--period", "2026-13", "--format", "pdf", "--out", str(pdf))
    assert r.returncode == 1 and "không hợp lệ" in r.stderr
