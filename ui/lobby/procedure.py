"""One procedure: what to bring, how long, the fee, same-day on the model's weekday,
whether the clerk may write for you; the pre-filled sample beside the blank
form's field list; print the sample, ask for help (ticket), submit online."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from kiosk.catalog.schema import FieldType, OnlineLevel
from ui.screen import Screen
from ui.widgets.common import big_button, label, scroll
from ui.worker import run_in_background


def time_text(proc) -> str:
    if proc.processing_days is None:  # official entries whose published time is only words
        return proc.processing_time_text
    return "Trả kết quả ngay trong ngày" if proc.processing_days == 0 else \
        f"{proc.processing_days} ngày làm việc"


NO_GUIDE = ("Xã chưa viết hướng dẫn bằng lời dễ hiểu cho thủ tục này. Dưới đây là thông tin chính thức "
            "(Cơ sở dữ liệu quốc gia về thủ tục hành chính, mã {code}, {decision}). Cán bộ sẽ hướng dẫn bạn: "
            "chạm “Nhờ cán bộ hướng dẫn”.")
KIND_MARK = {"always": "", "conditional": " (chỉ khi thuộc trường hợp này)", "show": " (chỉ mang theo để xuất trình)"}


CHANNEL_NAMES = {"direct": "nộp trực tiếp", "online": "nộp trực tuyến", "postal": "gửi qua bưu điện"}


def channel_times(proc) -> list[str]:
    """The published times that differ from the main one, each once, with the ways of
    submitting it applies to when not all of them."""
    every = {c.channel for c in proc.channels}
    lines = []
    for text in dict.fromkeys(c.time_text for c in proc.channels if c.time_text != proc.processing_time_text):
        ways = list(dict.fromkeys(c.channel for c in proc.channels if c.time_text == text))
        where = "" if set(ways) == every else ", ".join(CHANNEL_NAMES[w] for w in ways).capitalize() + ": "
        lines.append(f"•  {where}{text}")
    return lines


def rule_texts(proc) -> tuple[tuple[str, str], tuple[str, str]]:
    """((text, style) of writing_help, (text, style) of sign_in_person), with their legal reasons."""
    w, sign = proc.writing_help, proc.sign_in_person
    basis = (lambda r: f" ({r.legal_basis})" if r.legal_basis else "")
    if w.value:
        writing = (f"✔  Không biết viết hoặc viết khó? Cán bộ được viết giúp bạn. {w.reason}{basis(w)}", "Good")
    else:
        writing = (f"Cán bộ không được viết thay nội dung thủ tục này. Lý do: {w.reason}{basis(w)} "
                   "Bạn hãy chép theo mẫu bên cạnh.", "Warning")
    if sign.value:
        signing = (f"✍  Bạn phải tự ký hoặc điểm chỉ trước mặt cán bộ. Lý do: {sign.reason}{basis(sign)}", "Note")
    else:
        signing = (f"Không cần ký trước mặt cán bộ. {sign.reason}{basis(sign)}", "Note")
    return writing, signing


def sample_html(form, settings) -> str:
    """The form as it looks filled with the sample (values in blue, like handwriting)."""
    e = html.escape
    out = [f"<p align='center'><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b></p>",
           f"<h2 align='center'>{e(form.title)}</h2>",
           f"<p align='center'><i>{e(form.legal_source)}</i></p>"]
    if form.addressee:
        out.append(f"<p><b>Kính gửi:</b> <span style='color:#0b3d91'>"
                   f"{e(settings.fill(form.addressee))}</span></p>")
    for item in form.items:
        if not item.is_field:
            out.append(f"<p>{'<b>' if item.heading else ''}{e(item.text)}{'</b>' if item.heading else ''}</p>")
            continue
        who = f"[{e(item.column)}] " if item.column else ""
        value = item.sample
        if item.type == FieldType.CHECKBOX:
            value = "☒ Có" if item.sample else "☐"
        out.append(f"<p>{who}{e(item.label)} <span style='color:#0b3d91; font-weight:600'>"
                   f"{e(value) or '…………'}</span></p>")
    sig = " &nbsp; &nbsp; ".join(e(s) for s in form.signatures)
    out.append(f"<p align='right'><b>{sig}</b><br><i>{e(form.signature_note)}</i></p>")
    return "".join(out)


def fields_html(form) -> str:
    e = html.escape
    rows = []
    for n, item in enumerate(form.fields, start=1):
        need = "bắt buộc" if item.required else "nếu có"
        hint = f"<br><span style='color:#333'>{e(item.hint)}</span>" if item.hint else ""
        col = f" ({e(item.column)})" if item.column else ""
        rows.append(f"<p><b>{n}. {e(item.label)}</b>{col} <i>– {need}</i>{hint}</p>")
    return "".join(rows)


class ProcedureScreen(Screen):
    def __init__(self, window, proc):
        super().__init__(window)
        self.proc = proc
        self.title = proc.short_name
        s = self.services.config.settings
        self.forms = self.services.catalog.forms_of(proc)
        lay = QHBoxLayout(self)
        # left: facts and actions
        left = QWidget()
        col = QVBoxLayout(left)
        col.addWidget(label(proc.name, "Heading"))
        self.no_guide = None
        if not proc.has_guide:
            self.no_guide = label(NO_GUIDE.format(code=proc.code, decision=proc.decision or "không ghi số quyết định"),
                                  "Note")
            col.addWidget(self.no_guide)
        self.elsewhere = None
        if proc.office:
            self.elsewhere = label(f"Làm ở nơi khác: thủ tục này nộp tại {proc.office}, không nộp ở quầy này.",
                                   "Warning")
            col.addWidget(self.elsewhere)
        if proc.summary:
            col.addWidget(label(proc.summary))
        col.addWidget(label(f"Thời gian: {time_text(proc)}"))
        other_times = channel_times(proc)
        if other_times:
            col.addWidget(label("\n".join(other_times), "Note"))
        col.addWidget(label(f"Lệ phí: {proc.fee}"))
        if proc.office:  # done by another office: its own time and way of returning results
            self.same_day = label(f"Kết quả do {proc.office} trả; hỏi tại đó về ngày nhận.", "Note")
        elif proc.friday_same_day:
            self.same_day = label(f"✔  {s.model_weekday_name}: nộp đủ giấy tờ là nhận kết quả ngay trong ngày.", "Good")
        elif proc.processing_days is None:
            self.same_day = label(f"Thủ tục này không trả ngay trong {s.model_weekday_name}.", "Note")
        else:
            self.same_day = label(f"Thủ tục này cần {time_text(proc).lower()}, không trả ngay trong "
                                  f"{s.model_weekday_name}. Kết quả có thể gửi qua trưởng thôn, không phải đi lại.",
                                  "Note")
        col.addWidget(self.same_day)
        (writing, w_style), (signing, s_style) = rule_texts(proc)
        if proc.office:
            writing, w_style = (f"Thủ tục này do {proc.office} giải quyết; cán bộ xã có thể hướng dẫn bạn "
                                "chuẩn bị giấy tờ trước khi đi."), "Note"
        self.proxy = label(writing, w_style)
        self.sign = label(signing, s_style)
        col.addWidget(self.proxy)
        col.addWidget(self.sign)
        col.addWidget(label("Giấy tờ cần mang:", "Heading"))
        if not proc.required_documents:
            col.addWidget(label("Danh mục quốc gia không liệt kê giấy tờ; hỏi cán bộ.", "Note"))
        for d in proc.required_documents:
            col.addWidget(label(f"☐  {d.name}{KIND_MARK[d.kind]}"))
            if d.note:
                col.addWidget(label(f"      {d.note}", "Note"))
        col.addStretch(1)
        buttons = QGridLayout()
        self.print_button = big_button("In mẫu này", "print.svg", primary=True)
        self.print_button.setEnabled(bool(self.forms))
        self.print_button.clicked.connect(self.print_sample)
        self.help_button = big_button("Nhờ cán bộ viết giúp" if proc.writing_help.value and proc.has_guide
                                      else "Nhờ cán bộ hướng dẫn", "help.svg")
        self.help_button.clicked.connect(self.ask_for_help)
        self.online_button = big_button("Nộp trực tuyến", "phone.svg")
        self.online_button.setEnabled(proc.online.level != OnlineLevel.NONE)
        self.online_button.clicked.connect(self.open_online)
        buttons.addWidget(self.print_button, 0, 0)
        buttons.addWidget(self.help_button, 0, 1)
        buttons.addWidget(self.online_button, 1, 0, 1, 2)
        outer_left = QVBoxLayout()
        outer_left.addWidget(scroll(left), 1)
        outer_left.addLayout(buttons)
        lay.addLayout(outer_left, 1)
        # right: the sample form, large and scrollable, and the blank form's fields
        tabs = QTabWidget()
        self.sample_views = []
        for f in self.forms:
            view = QTextBrowser()
            view.setHtml(sample_html(f, s))
            view.setOpenLinks(False)
            self.sample_views.append(view)
            tabs.addTab(view, "Mẫu đã viết sẵn")
            fields = QTextBrowser()
            fields.setHtml(fields_html(f))
            tabs.addTab(fields, "Các ô cần viết")
        if not self.forms and not proc.has_guide:
            tabs.addTab(label("Xã chưa có mẫu đơn viết sẵn cho thủ tục này. Cán bộ sẽ đưa tờ khai (nếu có) "
                              "và hướng dẫn bạn điền."), "Mẫu đơn")
        elif not self.forms:
            tabs.addTab(label("Thủ tục này không có tờ khai phải viết. Bạn chỉ cần mang đủ giấy tờ."), "Mẫu đơn")
        self.tabs = tabs
        lay.addWidget(tabs, 1)

    def speech_text(self) -> str:
        p = self.proc
        docs = "; ".join(d.name for d in p.required_documents)
        first = " ".join(w.text() for w in (self.no_guide, self.elsewhere) if w is not None)
        return (f"{p.name}. {first} Thời gian: {time_text(p)}. Lệ phí: {p.fee}. {self.same_day.text()} "
                f"{self.proxy.text()} {self.sign.text()} Giấy tờ cần mang: {docs}.")

    def print_sample(self) -> None:
        self.print_button.setEnabled(False)
        self.window_.show_message("Đang in mẫu, xin chờ một chút…")
        run_in_background(lambda: self.services.printouts.print_sample(self.proc.code),
                          self._printed, self._print_failed, self)

    def _printed(self, jobs) -> None:
        self.print_button.setEnabled(True)
        failed = [j for j in jobs if j.status != "done"]
        if failed:
            self.window_.show_message(f"Chưa in được: {failed[0].last_error} Cán bộ sẽ in lại giúp bạn.")
        else:
            self.window_.show_message("Đã in mẫu. Mời bạn lấy giấy ở máy in và chép theo mẫu.")

    def _print_failed(self, exc) -> None:
        self.print_button.setEnabled(True)
        self.window_.show_message(getattr(exc, "message", "Chưa in được. Cán bộ sẽ in giúp bạn."))

    def ask_for_help(self) -> None:
        from ui.lobby.ticket import TicketScreen
        self.window_.push(TicketScreen(self.window_, self.proc))

    def open_online(self) -> None:
        from ui.lobby.online import OnlineScreen
        self.window_.push(OnlineScreen(self.window_, self.proc))
