"""Files the command line writes for a person (a receipt, a filled form, Mẫu 07 with every
applicant's name): owner-only from the first byte, and a full disk leaves no half-written
file under the final name (found: `render receipt --out` gave mode 644 under umask 022)."""
import errno
import io
import os

from kiosk import cli

PERSON = {"full_name": "Nguyễn Thị Hường", "date_of_birth": "14/07/1950", "sex": "Nữ", "cccd": "068150001234"}


def render(services, dest):
    code = services.dossiers.receive_dossier("2.000815", PERSON, None).code
    args = cli.build_parser().parse_args(["render", "receipt", code, "--out", str(dest)])
    out, err = io.StringIO(), io.StringIO()
    return cli.run(args, lambda **k: services, out=out, err=err), err.getvalue()


def test_a_rendered_receipt_is_owner_only(services, tmp_path):
    old = os.umask(0o022)
    try:
        rc, err = render(services, tmp_path / "bien-nhan.pdf")
    finally:
        os.umask(old)
    assert rc == 0, err
    assert (tmp_path / "bien-nhan.pdf").stat().st_mode & 0o077 == 0


def test_a_full_disk_while_rendering_leaves_no_file(services, tmp_path, monkeypatch):
    def full(fd):  # the disk fills while the file is flushed: it must not stay, half-written
        raise OSError(errno.ENOSPC, "No space left on device")

    code = services.dossiers.receive_dossier("2.000815", PERSON, None).code
    monkeypatch.setattr(os, "fsync", full)
    args = cli.build_parser().parse_args(["render", "receipt", code, "--out", str(tmp_path / "out" / "bien-nhan.pdf")])
    out, err = io.StringIO(), io.StringIO()
    rc = cli.run(args, lambda **k: services, out=out, err=err)
    assert rc == 1 and "đầy" in err.getvalue(), err.getvalue()
    assert list((tmp_path / "out").iterdir()) == []
