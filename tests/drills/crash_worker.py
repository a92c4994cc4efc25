"""Child process of the crash drill: works in a loop and reports on stdout every
step that its service call has committed, until it is killed."""
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def main() -> None:
    from kiosk.config import load_config
    from kiosk.services.container import build_services
    mode, data_dir = sys.argv[1], sys.argv[2]
    services = build_services(load_config({"KIOSK_DATA_DIR": data_dir}, REPO))
    form = services.catalog.forms_of(services.catalog.procedure("1.004873"))[0]
    values = {form.id: {f.key: f.sample for f in form.fields if f.sample}}
    print("ready", flush=True)
    i = 0
    draft_id = None
    while True:
        i += 1
        if mode == "dossier":
            info = services.dossiers.receive_dossier(
                "1.004873", {"full_name": "Nguyễn Thị Hường", "village": "Thôn 2"}, None, proxy_written=True,
                form_values=values)
            print(info.code, flush=True)
        elif mode == "draft":
            draft_id = services.drafts.save_draft(None, "1.004873", form.id, {"requester_name": f"Lần {i}"}, draft_id)
            print(f"{draft_id} {i}", flush=True)
        elif mode == "print":  # the folder printer of the default config.toml
            job = services.print_queue.submit("receipt", f"Giấy tiếp nhận {i}", _pdf(i))
            print(f"{job.id} {job.status}", flush=True)
        elif mode == "backup":
            dest, count = services.maintenance.backup(Path(data_dir) / "backups" / "drill.sqlite3")
            print(count, flush=True)
        elif mode == "restore":  # restore an older backup, then receive: codes must never repeat
            services.maintenance.restore(Path(sys.argv[3]), force=True)
            info = services.dossiers.receive_dossier("1.004873", {"full_name": "Nguyễn Thị Hường"}, None,
                                                     form_values=values)
            print(info.code, flush=True)
        elif mode == "purge":
            from datetime import datetime
            services.dossiers.receive_dossier("1.004873", {"full_name": "Lương Thị Xoan", "village": "Thôn 2"}, None,
                                              form_values=values, now=datetime(2020, 3, 2, 9, i % 50))
            r = services.maintenance.purge_personal(12)
            print(r.applicants, flush=True)


def _pdf(i: int) -> bytes:
    return b"%PDF-1.4\n% drill job " + str(i).encode() + b"\n" + b"x" * 200_000 + b"\n%%EOF\n"


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
