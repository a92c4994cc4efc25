"""Retention (issue 15, point 1): after `db purge-personal`, no byte under the data dir
holds the name, ID number or phone of a citizen served before the cutoff: not the
database (WAL included), drafts, events, letters, feedback, print jobs, audit, the
print folders, the speech cache, the backups, nor the logs."""
import gzip
import io
import logging
import shutil
import sqlite3
import unicodedata
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.logsetup import setup_logging
from kiosk.printing import CupsPrinter
from kiosk.text import fold

NAME = "Lương Thị Xoan"
CCCD = "068150007777"
PHONE = "0987123456"
PERSON = {"full_name": NAME, "date_of_birth": "02/03/1950", "sex": "Nữ", "cccd": CCCD, "phone": PHONE,
          "address": "Xóm Gò Xoan, Thôn 1", "village": "Thôn 1"}
BIRTH, BIRTH_FORM = "1.001193", "to-khai-dang-ky-khai-sinh"
NOW = datetime.now().replace(microsecond=0)
LONG_AGO = NOW - timedelta(days=3 * 365)


def needles() -> list[bytes]:
    words = [NAME, NAME.upper(), unicodedata.normalize("NFD", NAME), fold(NAME), CCCD, PHONE,
             CCCD[:3] + " " + CCCD[3:], PHONE[:4] + " " + PHONE[4:7] + " " + PHONE[7:]]
    return [w.encode("utf-8") for w in words] + [w.encode("utf-16-le") for w in (NAME, CCCD, PHONE)]


def texts_of(path: Path, data: bytes) -> list[bytes]:
    """The bytes of a file and of everything inside it: decompressed, PDF text, SQLite rows."""
    out = [data]
    if data[:2] == b"\x1f\x8b":
        out += texts_of(path, gzip.decompress(data))
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            out += [x for n in z.namelist() for x in texts_of(Path(n), z.read(n))]
    if data[:5] == b"%PDF-":
        text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
        out.append(" ".join(text.split()).encode("utf-8"))
        out.append(fold(text).encode("utf-8"))
    if data[:16] == b"SQLite format 3\x00":
        copy = path.parent / f".scan-{path.name}"
        shutil.copyfile(path, copy)
        for suffix in ("-wal",):
            if Path(str(path) + suffix).exists():
                shutil.copyfile(str(path) + suffix, str(copy) + suffix)
        with sqlite3.connect(copy) as c:
            out.append("\n".join(c.iterdump()).encode("utf-8"))
        for f in (copy, Path(str(copy) + "-wal"), Path(str(copy) + "-shm")):
            f.unlink(missing_ok=True)
    return out


def personal_data_under(root: Path) -> list[str]:
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".scan-")):
        for blob in texts_of(path, path.read_bytes()):
            low = blob.lower()
            for n in needles():
                if n.lower() in low:
                    found.append(f"{path.relative_to(root)}: {n.decode('utf-8', 'replace')!r}")
    return sorted(set(found))


def serve_the_citizen_long_ago(svc):
    """Everything that stores something about a citizen, years ago."""
    for service in (svc.dossiers, svc.drafts, svc.letters, svc.feedback, svc.print_queue):
        service._now = lambda: LONG_AGO
    clerk = svc.accounts.create_clerk("Trần Văn Bình", "246813")
    values = {f.key: f.sample for f in svc.catalog.forms[BIRTH_FORM].fields}
    values.update(requester_name=NAME.upper(), requester_id=CCCD, requester_dob="02/03/1950",
                  child_dob=f"{LONG_AGO - timedelta(days=3):%d/%m/%Y}")
    draft = svc.drafts.save_draft(clerk.id, BIRTH, BIRTH_FORM, values)
    # a paper the clerk typed in by hand (kind "extra") names the citizen too
    papers = [{"name": f"Giấy xác nhận của thôn cho bà {NAME}", "originals": 1, "copies": 0}]
    info = svc.dossiers.receive_dossier(BIRTH, PERSON, clerk.id, draft_ids=[draft], now=LONG_AGO, documents=papers)
    svc.drafts.save_draft(clerk.id, BIRTH, BIRTH_FORM, {"requester_name": NAME, "requester_id": CCCD})  # left open
    svc.dossiers.refuse(info.code, f"Bà {NAME} (CCCD {CCCD}, ĐT {PHONE}) thiếu giấy tờ", clerk.id, now=LONG_AGO)
    svc.printouts.print_received(info.code, clerk.id, clerk.name)
    svc.printouts.print_slip(info.code, "refusal", clerk.id, clerk.name)
    letter = svc.letters.create("chia-buon", {"recipient": f"gia đình bà {NAME}", "honorific": "Bà",
                                              "deceased": f"cụ bà {NAME}"}, clerk_id=clerk.id)
    svc.letters.print(letter, clerk.id)
    svc.feedback.submit("Khác", f"Tôi là {NAME}, số điện thoại {PHONE}, CCCD {CCCD}", contact=PHONE)
    svc.feedback.rate(5, dossier_code=info.code, counter=clerk.name)
    svc.survey._now = lambda: LONG_AGO
    response = svc.survey.start("Hộ tịch", info.code)  # the SIPAS survey's free-text comment
    svc.survey.comment(response, f"Tôi là {NAME}, gọi lại cho tôi số {PHONE}")
    cups = svc.print_queue._printers["a5"]
    svc.print_queue._printers["a5"] = CupsPrinter("NOPE", lp="/nonexistent/lp")  # a failing queue
    assert svc.printouts.print_slip(info.code, "receipt", clerk.id, clerk.name).status == "failed"
    svc.print_queue._printers["a5"] = cups
    svc.speaker.synthesize("Đăng ký khai sinh. Mời bạn ngồi chờ.")  # the lobby's public text: cached
    svc.speaker._player = ["cat"]  # the counter reads the dossier back to the citizen
    assert svc.speaker.say(f"Họ tên: {NAME}. Số CCCD: {CCCD}. Điện thoại: {PHONE}", private=True)
    svc.speaker._proc.wait(30)
    svc.maintenance.backup(svc.config.backup_dir / "sao-luu-hang-ngay.sqlite3")
    logging.getLogger("kiosk.test").info("served %s, CCCD %s, phone %s", "a citizen", CCCD, PHONE)
    return info


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (make test installs it)")
def test_after_the_purge_no_byte_under_the_data_dir_names_the_citizen(services, config):
    setup_logging(config.log_dir)
    serve_the_citizen_long_ago(services)
    periods = [f"{LONG_AGO:%Y}", f"{LONG_AGO:%Y-%m}"]
    before = {p: services.reports.build(p).to_json() for p in periods}
    assert personal_data_under(config.data_dir)  # the scan finds the citizen before the purge
    services.maintenance._now = lambda: NOW
    r = services.maintenance.purge_personal(24)
    assert (r.applicants, r.forms, r.drafts, r.letters, r.feedback, r.comments) == (1, 1, 1, 1, 1, 1)
    assert r.events >= 1 and r.print_jobs == 5 and r.files >= 4 and r.backups >= 1
    after = {p: services.reports.build(p).to_json() for p in periods}
    for p in periods:
        before[p].pop("generated_at"), after[p].pop("generated_at")
        assert before[p] == after[p], p
    for h in logging.getLogger().handlers:
        h.flush()
    assert personal_data_under(config.data_dir) == []
    assert [p.name for p in config.backup_dir.iterdir()][0].startswith("sau-xoa-du-lieu-ca-nhan-")


def test_read_aloud_of_personal_data_is_never_written_to_disk(services, config, tmp_path):
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (make test installs it)")
    sp = services.speaker
    sp._player = ["cat"]
    assert sp.say(f"Họ tên: {NAME}. Số CCCD: {CCCD}.", private=True)
    sp._proc.wait(30)
    cache = config.data_dir / "speech-cache"
    assert not cache.exists() or list(cache.iterdir()) == []


def test_a_truncated_or_empty_wav_is_never_cached(services, config, tmp_path, monkeypatch):
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (make test installs it)")
    from kiosk.speech import valid_wav
    fake = tmp_path / "espeak-ng"
    # what espeak-ng does on a full disk: exit 0 after writing a cut WAV
    fake.write_text("#!/bin/sh\nfor a; do case $prev in -w) out=$a;; esac; prev=$a; done\n"
                    "printf 'RIFF\\377\\377\\000\\000WAVEfmt ' > \"$out\"\nexit 0\n")
    fake.chmod(0o755)
    sp = services.speaker
    sp._espeak = str(fake)
    sp._player = ["cat"]
    assert sp.say("Đăng ký khai sinh.") is False
    cache = config.data_dir / "speech-cache"
    assert [f for f in cache.iterdir()] == []
    sp._espeak = shutil.which("espeak-ng")
    wav = sp.synthesize("Đăng ký khai sinh.")
    assert valid_wav(wav.read_bytes()) and wav.stat().st_mode & 0o077 == 0


def test_the_purge_blanks_the_card_issue_date_kept_with_the_applicant(services):
    """The card's issue date is stored with the applicant (for the "Giấy tờ tùy thân" line of
    a known applicant): personal data, blanked with the rest."""
    from sqlalchemy import select
    from kiosk.db.models import Applicant
    services.dossiers.receive_dossier(BIRTH, {**PERSON, "cccd_issue_date": "20/11/2021"}, None, now=LONG_AGO)
    with services.dossiers._sf() as s:
        assert s.scalars(select(Applicant.cccd_issue_date)).one() == "20/11/2021"
    services.maintenance._now = lambda: NOW
    assert services.maintenance.purge_personal(24).applicants == 1
    with services.dossiers._sf() as s:
        assert s.scalars(select(Applicant.cccd_issue_date)).one() is None
