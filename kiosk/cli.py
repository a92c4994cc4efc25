"""The command line of DESIGN.md §4 (the part that needs no window).

Commands that create something print its code as the last line of stdout;
refused input exits non-zero with a Vietnamese message on stderr.
"""
from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import Callable

from kiosk.errors import KioskError, ValidationError
from kiosk.cli_io import parse_at, read_json_list, read_json_object, write_private


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own messages are English; keep them, add Vietnamese
        self.print_usage(sys.stderr)
        self.exit(2, f"Lệnh không hợp lệ: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="main.py", description="Kiosk Một cửa: ngày thứ Sáu không viết – không nộp – không hẹn")
    p.add_argument("--mode", choices=["lobby", "counter"], default="lobby", help="màn hình khởi động")
    p.add_argument("--windowed", action="store_true", help="chạy trong cửa sổ (phát triển), không toàn màn hình")
    # bench/startup.py: print "shown" once the lobby is drawn, then quit
    p.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command")

    cat = sub.add_parser("catalog", help="danh mục thủ tục và mẫu đơn")
    cat_sub = cat.add_subparsers(dest="action", required=True)
    cat_sub.add_parser("check", help="kiểm tra forms_catalog/")
    s = cat_sub.add_parser("search", help="tìm thủ tục")
    s.add_argument("query", nargs="+", help='từ cần tìm; "" liệt kê mọi thủ tục')
    s.add_argument("--limit", type=int, default=None, help="số kết quả tối đa (mặc định 10; mọi mục khi tìm \"\")")
    s.add_argument("--json", action="store_true")

    db = sub.add_parser("db", help="cơ sở dữ liệu")
    db_sub = db.add_subparsers(dest="action", required=True)
    db_sub.add_parser("upgrade", help="nâng cấp lược đồ (tự sao lưu trước)")
    b = db_sub.add_parser("backup", help="sao lưu trực tuyến ra tệp (kiểm tra lại bản sao)")
    b.add_argument("file")
    r = db_sub.add_parser("restore", help="khôi phục từ bản sao lưu (bản hiện tại được sao lưu trước)")
    r.add_argument("file")
    r.add_argument("--force", action="store_true", help="khôi phục cả khi bỏ các hồ sơ tiếp nhận sau lần sao lưu")
    ct = db_sub.add_parser("copy-to", help="chép cơ sở dữ liệu SQLite sang một cơ sở dữ liệu trống (PostgreSQL)")
    ct.add_argument("url", help="postgresql://kiosk:MAT_KHAU@MAY_CHU:5432/kiosk")
    pg = db_sub.add_parser("purge-personal", help="xóa dữ liệu cá nhân của hồ sơ, góp ý cũ")
    pg.add_argument("--older-than", type=int, required=True, metavar="MONTHS")

    rep = sub.add_parser("report", help="báo cáo kết quả mô hình")
    rep.add_argument("--period", required=True, help="2026-W47 | 2026-11 | 2026-Q4 | 2026")
    rep.add_argument("--format", choices=["pdf", "xlsx", "json"], required=True)
    rep.add_argument("--out", required=True)

    clerk = sub.add_parser("clerk", help="tài khoản cán bộ")
    clerk_sub = clerk.add_subparsers(dest="action", required=True)
    add = clerk_sub.add_parser("add", help="thêm cán bộ (PIN đọc từ bàn phím hoặc stdin)")
    add.add_argument("name")
    add.add_argument("--role", choices=["clerk", "head", "admin"], default="clerk")
    clerk_sub.add_parser("list", help="liệt kê cán bộ")
    for action, text in (("passwd", "đặt mã PIN mới cho cán bộ (đọc từ bàn phím hoặc stdin); mở khóa tài khoản"),
                         ("disable", "ngừng tài khoản cán bộ (không đăng nhập được nữa)"),
                         ("unlock", "mở khóa tài khoản bị khóa do nhập sai mã PIN")):
        c = clerk_sub.add_parser(action, help=text)
        c.add_argument("name")

    _add_dossier_parser(sub)

    ren = sub.add_parser("render", help="xuất giấy tờ ra tệp PDF")
    ren_sub = ren.add_subparsers(dest="action", required=True)
    rs = ren_sub.add_parser("sample", help="mẫu đơn viết sẵn của một thủ tục")
    rs.add_argument("code")
    rs.add_argument("--out", required=True)
    rf = ren_sub.add_parser("form", help="tờ khai điền theo tệp giá trị JSON")
    rf.add_argument("code")
    rf.add_argument("--values", required=True)
    rf.add_argument("--form", help="mã biểu mẫu khi thủ tục có nhiều tờ khai (mặc định: tờ đầu tiên)")
    rf.add_argument("--proxy-clerk", help="tên cán bộ viết hộ (in dòng ghi chú viết hộ)")
    rf.add_argument("--out", required=True)
    rr = ren_sub.add_parser("receipt", help="giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    rr.add_argument("dossier")
    rr.add_argument("--size", choices=["a5", "a4", "80mm"], default="a5")
    rr.add_argument("--out", required=True)
    sl = ren_sub.add_parser("slip", help="phiếu của hồ sơ theo Thông tư 03/2025/TT-VPCP (Mẫu 01-06)")
    sl.add_argument("dossier")
    sl.add_argument("--kind", required=True, choices=SLIP_KIND_CHOICES,
                    help="receipt (Mẫu 01) | supplement (02) | refusal (03) | apology (04) | stop (05) | control (06)")
    sl.add_argument("--size", choices=["a5", "a4", "80mm"], help="khổ giấy (mặc định A5; phiếu kiểm soát A4)")
    sl.add_argument("--reason", default="", help="thông báo dừng: lý do người nộp xin dừng")
    sl.add_argument("--at", help="thông báo dừng: lúc người nộp xin dừng, “dd/mm/yyyy HH:MM”")
    sl.add_argument("--out", required=True)
    rg = ren_sub.add_parser("register", help="sổ theo dõi hồ sơ (Mẫu 07) của một kỳ")
    rg.add_argument("--period", required=True, help="2026-W47 | 2026-11 | 2026-Q4 | 2026")
    rg.add_argument("--format", choices=["pdf", "xlsx"], required=True)
    rg.add_argument("--out", required=True)

    demo = sub.add_parser("demo", help="dữ liệu minh họa (người giả định)")
    demo_sub = demo.add_subparsers(dest="action", required=True)
    ds = demo_sub.add_parser("seed", help="tạo hoạt động minh họa nhiều tuần")
    ds.add_argument("--weeks", type=int, default=8)

    shot = sub.add_parser("screenshot", help="chụp một màn hình (không cần màn hình thật)")
    shot.add_argument("screen")
    shot.add_argument("--out", required=True)
    return p


def run(args: argparse.Namespace, make_services: Callable, out=sys.stdout, err=sys.stderr) -> int:
    """Run a parsed non-UI command. `make_services()` builds the services lazily."""
    handlers = {"catalog": lambda: _catalog(args, make_services, out, err), "db": _db, "clerk": _clerk,
                "report": _report, "dossier": _dossier, "render": _render, "demo": _demo}
    handler = handlers.get(args.command)
    if handler is None:
        raise SystemExit(f"unknown command {args.command}")
    try:
        if args.command == "catalog":
            return handler()
        return handler(args, make_services, out)
    except KioskError as e:
        print(e.message, file=err)
        return 1
    except Exception as e:
        # a full disk while receiving or writing; a database that went away: Vietnamese, logged.
        # (sqlalchemy is imported only by commands that open the database: look it up, not import it)
        exc_mod = sys.modules.get("sqlalchemy.exc")
        if not isinstance(e, OSError) and not (exc_mod and isinstance(e, exc_mod.DBAPIError)):
            raise
        from kiosk.db.engine import is_disk_full
        from kiosk.db.errors import DISK_FULL, explain
        if isinstance(e, OSError) and not is_disk_full(e):
            raise
        print(DISK_FULL if isinstance(e, OSError) else explain(e, _database_url(make_services)), file=err)
        logging.getLogger(__name__).error("command %s %s failed: %s", args.command, getattr(args, "action", ""), e)
        return 1


def _database_url(make_services) -> str:
    try:
        return make_services(catalog_only=True).config.database_url
    except Exception:  # only for the wording of the message
        return ""


def _catalog(args, make_services, out, err) -> int:
    if args.action == "check":
        services = make_services(catalog_only=True)
        cat = services.catalog  # validated when it was compiled; the cache follows every file's change
        from kiosk.catalog.sipas import check_questionnaires  # forms_catalog/sipas/*.yaml (SIPAS criteria)
        check_questionnaires(Path(services.config.catalog_dir), cat.problems,
                             services.config.settings.sipas_questionnaire)
        for p in cat.problems:
            print(str(p), file=err)
        curated = sum(1 for p in cat.procedures.values() if p.tier == "curated")
        print(f"{len(cat.procedures)} thủ tục ({curated} đã biên soạn, {len(cat.procedures) - curated} chỉ có "
              f"thông tin chính thức), {len(cat.referrals)} mục làm ở nơi khác, {len(cat.forms)} biểu mẫu, "
              f"{len(cat.problems)} lỗi", file=out)
        return 1 if cat.problems else 0
    services = make_services(catalog_only=True)
    if args.limit is not None and args.limit < 1:
        print("--limit phải là số nguyên dương.", file=err)
        return 2
    query = " ".join(args.query).strip()
    if query:
        result = services.search.lookup(query, limit=args.limit or 10)
        rows = [(services.catalog.entry(h.code), h.score) for h in result.hits]
    else:  # the whole catalog, by field then code
        result = None
        entries = sorted(services.catalog.entries(), key=lambda e: (e.tier == "referral", e.field, e.code))
        rows = [(e, None) for e in entries[:args.limit]]
    if args.json:
        confident = None if result is None else result.confident
        json.dump([_entry_json(e, score, confident) for e, score in rows if e is not None], out, ensure_ascii=False,
                  indent=2)
        out.write("\n")
    else:
        if not rows:
            print("Không tìm thấy thủ tục nào.", file=out)
        elif result is not None and not result.confident:
            print("Không có thủ tục nào khớp rõ; các kết quả gần nhất:", file=out)
        for e, score in rows:
            mark = f"\t[làm ở nơi khác: {e.office}]" if e.elsewhere else ""
            print(f"{e.code}\t{'' if score is None else f'{score:.3f}'}\t{e.name}{mark}", file=out)
    return 0


def _entry_json(e, score: float | None, confident: bool | None = None) -> dict:
    """One search result for `catalog search --json`: tier, and where to go when it is done elsewhere;
    `confident` false: nothing matched the query well (the lobby offers a clerk instead)."""
    row = {"code": e.code, "name": e.name, "score": score, "tier": e.tier, "field": e.field}
    if confident is not None:
        row["confident"] = confident
    if e.elsewhere:
        row["where"] = {"office": e.office, "detail": getattr(e, "where", "")}
    return row


def _db(args, make_services, out) -> int:
    services = make_services(upgrade_schema=args.action not in ("restore",))
    m = services.maintenance
    if args.action == "upgrade":
        from kiosk.db import migrate
        print(f"Lược đồ cơ sở dữ liệu: {migrate.current_revision(services.engine)}", file=out)
        return 0
    if args.action == "backup":
        dest, count = m.backup(Path(args.file))
        print(f"Đã sao lưu {count} hồ sơ và kiểm tra lại bản sao.", file=out)
        print(str(dest), file=out)
        return 0
    if args.action == "restore":
        r = m.restore(Path(args.file), force=args.force)
        print(f"Đã khôi phục {r.count} hồ sơ. Bản trước khi khôi phục: {r.safety}", file=out)
        if r.discarded:
            print(f"Đã bỏ {len(r.discarded)} hồ sơ tiếp nhận sau lần sao lưu (mã của chúng sẽ không được cấp lại): "
                  + ", ".join(r.discarded), file=out)
        return 0
    if args.action == "copy-to":
        counts = m.copy_to(args.url)
        print(f"Đã chép và kiểm tra số dòng: {counts.get('dossier', 0)} hồ sơ, {counts.get('applicant', 0)} người nộp, "
              f"{counts.get('clerk', 0)} cán bộ, {sum(counts.values())} dòng tất cả.", file=out)
        return 0
    r = m.purge_personal(args.older_than)
    print(f"Đã xóa dữ liệu cá nhân trước ngày {r.cutoff:%d/%m/%Y}: {r.applicants} người nộp, "
          f"{r.forms} tờ khai, {r.drafts} bản nháp, {r.events} lý do/ghi chú hồ sơ, {r.feedback} góp ý, "
          f"{r.comments} ý kiến khảo sát, "
          f"{r.letters} thư, {r.print_jobs} lệnh in, {r.audit} dòng nhật ký, {r.files} tệp in và âm thanh, "
          f"{r.backups} bản sao lưu cũ (đã thay bằng một bản sao lưu mới không còn dữ liệu này).", file=out)
    return 0


def _report(args, make_services, out) -> int:
    services = make_services()
    report = services.reports.build(args.period)
    if getattr(services, "survey", None) is not None and not services.survey.available:
        from kiosk.catalog.sipas import missing_list_message
        print(missing_list_message(services.config.settings.sipas_questionnaire), file=sys.stderr)
    if args.format == "json":
        data = (json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    elif args.format == "xlsx":
        from kiosk.report_xlsx import report_xlsx
        data = report_xlsx(report)
    else:
        from kiosk.services.report_notes import report_pdf
        data = report_pdf(report, services.config.settings, services.report_notes)
    dest = Path(args.out)
    write_private(dest, data)
    services.audit.record("export", None, f"báo cáo {args.period} ({args.format})")
    print(str(dest), file=out)
    return 0


def _clerk(args, make_services, out) -> int:
    services = make_services()
    if args.action == "list":
        for c in services.accounts.list_clerks():
            print(f"{c.id}\t{c.role}\t{c.name}", file=out)
        return 0
    if args.action in ("passwd", "disable", "unlock"):
        return _clerk_change(args, services, out)
    pin = _read_pin()
    c = services.accounts.create_clerk(args.name, pin, role=args.role)
    print(c.id, file=out)
    return 0


def _read_pin() -> str:
    return getpass.getpass("PIN (6-12 chữ số): ") if sys.stdin.isatty() else sys.stdin.readline().strip()


def _clerk_change(args, services, out) -> int:
    acc = services.accounts
    clerk = acc.find(args.name)
    if args.action == "passwd":
        acc.set_pin(clerk.id, _read_pin())
        print(f"Đã đặt mã PIN mới cho {clerk.name}.", file=out)
    elif args.action == "disable":
        acc.disable(clerk.id)
        print(f"Đã ngừng tài khoản {clerk.name}.", file=out)
    else:
        acc.unlock_account(clerk.id, None)
        print(f"Đã mở khóa tài khoản {clerk.name}.", file=out)
    return 0


RETURN_VIA = ["counter", "village-head", "post", "online"]
SLIP_KIND_CHOICES = ["receipt", "supplement", "refusal", "apology", "stop", "control"]
AT_HELP = "thời điểm thực tế của việc này, “dd/mm/yyyy HH:MM” (nhập bù, ví dụ sau khi mất điện)"


def _add_dossier_parser(sub) -> None:
    dos = sub.add_parser("dossier", help="hồ sơ: tiếp nhận, trả kết quả")
    dos_sub = dos.add_subparsers(dest="action", required=True)
    rec = dos_sub.add_parser("receive", help="tiếp nhận hồ sơ; dòng cuối là mã hồ sơ")
    rec.add_argument("--procedure", required=True, help="mã thủ tục, ví dụ 1.001193")
    rec.add_argument("--applicant", required=True, help="tệp JSON thông tin người nộp (full_name, date_of_birth, ...)")
    rec.add_argument("--proxy-written", action="store_true", help="cán bộ viết hộ tờ khai")
    rec.add_argument("--guided-online", action="store_true", help="cán bộ hướng dẫn nộp trực tuyến")
    rec.add_argument("--documents", help="tệp JSON: danh sách giấy tờ đã nộp [{\"name\", \"originals\", \"copies\"}]")
    rec.add_argument("--return-via", choices=RETURN_VIA, help="nơi người nộp đăng ký nhận kết quả")
    rec.add_argument("--village", help="tên thôn (khi nhận kết quả qua trưởng thôn)")
    rec.add_argument("--processing-days", help="số ngày làm việc giải quyết, khi danh mục chưa ghi bằng số")
    rec.add_argument("--at", help=AT_HELP)
    ret = dos_sub.add_parser("return", help="ghi nhận đã trả kết quả")
    ret.add_argument("dossier", help="mã hồ sơ")
    ret.add_argument("--via", required=True, choices=RETURN_VIA,
                     help="tại quầy | qua trưởng thôn | bưu điện | trực tuyến")
    ret.add_argument("--village", help="tên thôn (khi trả qua trưởng thôn)")
    ret.add_argument("--at", help=AT_HELP)
    sup = dos_sub.add_parser("supplement", help="yêu cầu bổ sung (in Mẫu 02)")
    sup.add_argument("dossier", help="mã hồ sơ")
    sup.add_argument("--item", action="append", required=True, help="giấy tờ cần bổ sung (lặp lại cho mỗi giấy tờ)")
    sup.add_argument("--at", help=AT_HELP)
    ref = dos_sub.add_parser("refuse", help="từ chối tiếp nhận, giải quyết (in Mẫu 03)")
    ref.add_argument("dossier", help="mã hồ sơ")
    ref.add_argument("--reason", required=True, help="lý do từ chối")
    ref.add_argument("--at", help=AT_HELP)
    pos = dos_sub.add_parser("postpone", help="xin lỗi và hẹn lại ngày trả (in Mẫu 04)")
    pos.add_argument("dossier", help="mã hồ sơ")
    pos.add_argument("--new-date", required=True, help="ngày hẹn mới, dd/mm/yyyy")
    pos.add_argument("--reason", required=True, help="lý do chậm trả kết quả")
    pos.add_argument("--at", help=AT_HELP)
    res = dos_sub.add_parser("resolve", help="ghi nhận đã có kết quả, chờ trả")
    res.add_argument("dossier", help="mã hồ sơ")
    res.add_argument("--at", help=AT_HELP)


def _dossier(args, make_services, out) -> int:
    at = parse_at(args.at)
    if args.action == "receive":
        applicant = read_json_object(Path(args.applicant))  # before the database is touched
        documents = read_json_list(Path(args.documents)) if args.documents else None
        if args.village and args.return_via != "village-head":
            raise KioskError("--village chỉ dùng cùng --return-via village-head.")
        services = make_services()
        try:
            info = services.dossiers.receive_dossier(args.procedure, applicant, None, proxy_written=args.proxy_written,
                                                     guided_online=args.guided_online, now=at, documents=documents,
                                                     return_via=args.return_via, return_village=args.village,
                                                     processing_days=args.processing_days)
        except ValidationError as e:
            if e.field == "processing_days" and args.processing_days is None:
                raise ValidationError(e.field, f"{e.message} Dùng --processing-days N.") from None
            raise
        print(f"Đã tiếp nhận hồ sơ: {info.procedure_name}", file=out)
        print(f"Hẹn trả kết quả: {info.due_date:%d/%m/%Y}", file=out)
        print(info.code, file=out)
        return 0
    services = make_services()
    d = services.dossiers
    if at is not None and at < d.get(args.dossier).received_at:
        raise KioskError(f"--at {at:%d/%m/%Y %H:%M} trước lúc tiếp nhận hồ sơ; hãy kiểm tra lại ngày giờ.")
    actions = {
        "return": lambda: d.record_return(args.dossier, args.via, village=args.village, now=at),
        "supplement": lambda: d.request_supplement(args.dossier, args.item, now=at),
        "refuse": lambda: d.refuse(args.dossier, args.reason, now=at),
        "postpone": lambda: d.postpone(args.dossier, args.new_date, args.reason, now=at),
        "resolve": lambda: d.resolve(args.dossier, now=at),
    }
    info = actions[args.action]()
    if args.action == "return":
        where = f" qua trưởng thôn {info.returned_village}" if info.returned_village else ""
        print(f"Đã trả kết quả hồ sơ {info.code}{where} lúc {info.returned_at:%H:%M %d/%m/%Y}.", file=out)
    elif args.action == "postpone":
        print(f"Đã hẹn lại hồ sơ {info.code}: trả kết quả ngày {info.new_due_date:%d/%m/%Y}.", file=out)
    else:
        print(f"Hồ sơ {info.code}: {info.status_label}.", file=out)
    print(info.code, file=out)
    return 0


def _write(dest: Path, data: bytes, out) -> int:
    write_private(dest, data)
    print(str(dest), file=out)
    return 0


def _render(args, make_services, out) -> int:
    if args.action == "form":
        values = read_json_object(Path(args.values))  # before anything else is touched
    if args.action in ("sample", "form"):  # the catalog and the settings are enough: no database
        return _render_from_catalog(args, make_services(catalog_only=True), values if args.action == "form" else None,
                                    out)
    services = make_services()
    printouts = services.printouts
    if args.action == "receipt":
        return _write(Path(args.out), printouts.receipt_pdf(args.dossier, args.size), out)
    if args.action == "slip":
        size = args.size or ("a4" if args.kind == "control" else "a5")
        pdf = printouts.slip_pdf(args.dossier, args.kind, size=size, today=date.today(), reason=args.reason,
                                 asked_at=parse_at(args.at))
        return _write(Path(args.out), pdf, out)
    if args.action == "register":
        return _write(Path(args.out), printouts.register_file(args.period, args.format), out)
    raise SystemExit(f"unknown render action {args.action}")


def _render_from_catalog(args, services, values, out) -> int:
    if args.action == "sample":
        from kiosk.documents.forms import render_procedure_samples
        proc = services.catalog.procedure(args.code)
        if proc is None:
            raise KioskError(f"Không có thủ tục mã “{args.code}” trong danh mục.")
        return _write(Path(args.out), render_procedure_samples(proc, services.catalog.forms_of(proc),
                                                               services.config.settings), out)
    from kiosk.documents import render_form
    from kiosk.validation import ValidationErrors, validate_form_values
    proc = services.catalog.procedure(args.code)
    if proc is None:
        raise KioskError(f"Không có thủ tục mã “{args.code}” trong danh mục.")
    forms = {f.id: f for f in services.catalog.forms_of(proc)}
    if not forms:
        raise KioskError(f"Thủ tục “{proc.short_name}” không có tờ khai.")
    form_id = args.form or next(iter(forms))
    if form_id not in forms:
        raise KioskError(f"Thủ tục “{proc.short_name}” không có tờ khai “{form_id}”; có: {', '.join(forms)}.")
    clean, errors = validate_form_values(forms[form_id], values, date.today())
    if errors:
        raise ValidationErrors(errors)
    return _write(Path(args.out), render_form(forms[form_id], clean, services.config.settings, mode="filled",
                                              proxy_clerk=args.proxy_clerk or None), out)


def _demo(args, make_services, out) -> int:
    from kiosk.services.demo import seed_demo
    if not 1 <= args.weeks <= 104:
        raise KioskError("--weeks phải từ 1 đến 104.")
    summary = seed_demo(make_services(), weeks=args.weeks)
    print(summary, file=out)
    return 0
