"""One procedure: what to bring, how long, the fee, same-day on the model's weekday,
whether the clerk may write for you; the pre-filled sample beside the blank
form's field list; print the sample, ask for help (ticket), submit online."""
from __future__ import annotations

import html
import re

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from kiosk.catalog.schema import FieldType, OnlineLevel
from ui.screen import Screen
from ui.widgets.common import big_button, label, scroll
from ui.widgets.touch import enable_kinetic
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


def _value(item) -> str:
    if item.type == FieldType.CHECKBOX:
        return "☒ Có" if item.sample else "☐"
    return item.sample


def sample_lines(form) -> list[list]:
    """The form's items grouped into printed lines: a field marked `inline` shares the line
    of the field before it, as on the paper."""
    lines: list[list] = []
    for item in form.items:
        if item.is_field and item.inline and lines and lines[-1][-1].is_field:
            lines[-1].append(item)
        else:
            lines.append([item])
    return lines


def _footnotes_used(form, text: str) -> list[str]:
    """The form's footnotes whose mark "(n)" the sample shows."""
    used = []
    for note in form.footnotes:
        mark = re.match(r"\s*(\(\d+\))", note)
        if mark and mark.group(1) in text:
            used.append(note)
    return used


def sample_html(form, settings) -> str:
    """The form laid out like the paper, filled with the sample (values in blue, like handwriting)."""
    e = html.escape
    blue = "color:#0b3d91; font-weight:600"
    out = ["<p align='center'><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b></p>",
           f"<h2 align='center'>{e(form.title)}</h2>",
           f"<p align='center'><i>{e(form.legal_source)}</i></p>"]
    shown = [form.title]
    if form.addressee:
        out.append(f"<p><b>Kính gửi:</b> <span style='{blue}'>{e(settings.fill(form.addressee))}</span></p>")
    if form.layout == "table" and form.table_columns:
        # one row per printed label, one column per party (e.g. Bên nữ / Bên nam)
        rows: dict[str, dict[str, str]] = {}
        extra = []
        for item in form.items:
            if item.is_field and item.column in form.table_columns:
                rows.setdefault(item.label, {})[item.column] = _value(item)
            else:
                extra.append(item)
        head = "".join(f"<th>{e(c)}</th>" for c in form.table_columns)
        body = "".join(
            f"<tr><td>{e(lbl)}</td>" + "".join(f"<td style='{blue}'>{e(vals.get(c, '')) or '…………'}</td>"
                                               for c in form.table_columns) + "</tr>"
            for lbl, vals in rows.items())
        out.append(f"<table border='1' cellspacing='0' cellpadding='6' width='100%'><tr><th></th>{head}</tr>"
                   f"{body}</table>")
        shown += list(rows)
        items_lines = [[i] for i in extra]
    else:
        items_lines = sample_lines(form)
    for line in items_lines:
        first = line[0]
        if not first.is_field:
            t = e(first.text)
            out.append(f"<p>{'<b>' + t + '</b>' if first.heading else t}</p>")
            shown.append(first.text)
            continue
        parts = []
        for item in line:
            who = f"[{e(item.column)}] " if item.column else ""
            parts.append(f"{who}{e(item.label)} <span style='{blue}'>{e(_value(item)) or '…………'}</span>")
            shown.append(item.label)
        out.append("<p>" + " &nbsp;&nbsp; ".join(parts) + "</p>")
    sig = " &nbsp; &nbsp; ".join(e(s) for s in form.signatures)
    out.append(f"<p align='right'><b>{sig}</b><br><i>{e(form.signature_note)}</i></p>")
    notes = _footnotes_used(form, " ".join(shown))
    if notes:
        out.append("<hr><p><b>Giải thích các số (1), (2)… trên mẫu:</b></p>")
        out += [f"<p style='color:#333333'>{e(n)}</p>" for n in notes]
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
        # facts and actions
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
        m = window.metrics
        buttons = QGridLayout()
        buttons.setSpacing(m.mm(3))
        self.print_button = big_button("In mẫu này", "print.svg", icon_px=m.mm(8), primary=True)
        self.print_button.setEnabled(bool(self.forms))
        self.print_button.clicked.connect(self.print_sample)
        self.help_button = big_button("Nhờ cán bộ viết giúp" if proc.writing_help.value and proc.has_guide
                                      else "Nhờ cán bộ hướng dẫn", "help.svg", icon_px=m.mm(8))
        self.help_button.clicked.connect(self.ask_for_help)
        self.online_button = big_button("Nộp trực tuyến", "phone.svg", icon_px=m.mm(8))
        self.online_button.setEnabled(proc.online.level != OnlineLevel.NONE)
        self.online_button.clicked.connect(self.open_online)
        if m.one_column:
            for r, b in enumerate((self.print_button, self.help_button, self.online_button)):
                buttons.addWidget(b, r, 0)
        else:
            buttons.addWidget(self.print_button, 0, 0)
            buttons.addWidget(self.help_button, 0, 1)
            buttons.addWidget(self.online_button, 1, 0, 1, 2)
        # the sample form, large and scrollable, and the blank form's fields
        tabs = QTabWidget()
        tabs.tabBar().setExpanding(False)
        tabs.setUsesScrollButtons(True)
        self.sample_views = []
        for f in self.forms:
            view = QTextBrowser()
            view.setHtml(sample_html(f, s))
            view.setOpenLinks(False)
            enable_kinetic(view)
            self.sample_views.append(view)
            tabs.addTab(view, "Mẫu đã viết sẵn")
            fields = QTextBrowser()
            fields.setHtml(fields_html(f))
            enable_kinetic(fields)
            tabs.addTab(fields, "Các ô cần viết")
        if not self.forms and not proc.has_guide:
            tabs.addTab(label("Xã chưa có mẫu đơn viết sẵn cho thủ tục này. Cán bộ sẽ đưa tờ khai (nếu có) "
                              "và hướng dẫn bạn điền."), "Mẫu đơn")
        elif not self.forms:
            tabs.addTab(label("Thủ tục này không có tờ khai phải viết. Bạn chỉ cần mang đủ giấy tờ."), "Mẫu đơn")
        self.tabs = tabs
        self.zoom_in = big_button("+  Chữ mẫu to hơn")
        self.zoom_out = big_button("−  Nhỏ hơn")
        self.zoom_in.clicked.connect(lambda: self.zoom(+1))
        self.zoom_out.clicked.connect(lambda: self.zoom(-1))
        self.zoom_level = 0
        self.zoom_in.setEnabled(bool(self.forms))
        self.zoom_out.setEnabled(False)  # the sample starts at body size, the smallest allowed
        zoom_row = QHBoxLayout()
        zoom_row.addWidget(self.zoom_out)
        zoom_row.addWidget(self.zoom_in)
        sample_box = QVBoxLayout()
        sample_box.addLayout(zoom_row)
        sample_box.addWidget(tabs, 1)
        if m.one_column:
            # one column (portrait, small screens): facts, actions, then the sample; the page scrolls as a whole
            page = QVBoxLayout(self)
            page.addWidget(left)
            page.addLayout(buttons)
            tabs.setMinimumHeight(int(m.screen_px[1] * (0.6 if m.portrait else 0.7)))
            page.addLayout(sample_box)
        else:
            lay = QHBoxLayout(self)
            outer_left = QVBoxLayout()
            outer_left.addWidget(scroll(left), 1)
            outer_left.addLayout(buttons)
            lay.addLayout(outer_left, 1)
            lay.addLayout(sample_box, 1)

    ZOOM_STEP, ZOOM_MIN, ZOOM_MAX = 3, 0, 8

    def zoom(self, direction: int) -> None:
        """Larger or smaller print in the sample (and the field list); never below body size."""
        level = max(self.ZOOM_MIN, min(self.ZOOM_MAX, self.zoom_level + direction))
        if level == self.zoom_level:
            return
        # QTextEdit.zoomIn works in points and breaks a pixel-sized font: set the size ourselves
        px = round(self.window_.metrics.body_px * (1 + self.ZOOM_STEP / 10 * level))
        for view in self.findChildren(QTextBrowser):
            view.setStyleSheet(f"font-size: {px}px;" if level else "")
        self.zoom_level = level
        self.zoom_in.setEnabled(level < self.ZOOM_MAX)
        self.zoom_out.setEnabled(level > self.ZOOM_MIN)

    def speech_text(self) -> str:
        p = self.proc
        docs = "; ".join(d.name for d in p.required_documents)
        first = " ".join(w.text() for w in (self.no_guide, self.elsewhere) if w is not None)
        return (f"{p.name}. {first} Thời gian: {time_text(p)}. Lệ phí: {p.fee}. {self.same_day.text()} "
                f"{self.proxy.text()} {self.sign.text()} Giấy tờ cần mang: {docs}.")

    def print_sample(self) -> None:
        self.print_button.setEnabled(False)
        self.window_.show_message("Đang in mẫu, xin chờ một chút…", "info")
        run_in_background(lambda: self.services.printouts.print_sample(self.proc.code),
                          self._printed, self._print_failed, self)

    def _printed(self, jobs) -> None:
        if any(j.status != "done" for j in jobs):
            self._print_failed(None)
            return
        # one copy per visit: a passer-by must not empty the paper tray tap after tap
        self.print_button.setText("Đã in mẫu")
        self.window_.show_message("Đã in mẫu. Mời bạn lấy giấy ở máy in và chép theo mẫu. "
                                  "Cần thêm bản, bạn nhờ cán bộ ở quầy.", "good")

    def _print_failed(self, _exc) -> None:
        # the printer's own reason (CUPS, lp…) is for the clerk's print jobs list, not for the citizen
        self.print_button.setEnabled(True)
        counter = self.services.config.settings.help_counter
        self.window_.show_message("Máy in đang trục trặc. Bạn chép theo mẫu trên màn hình, "
                                  f"hoặc đến quầy số {counter} nhờ cán bộ in giúp.", "error")

    def ask_for_help(self) -> None:
        from ui.lobby.ticket import TicketScreen
        self.window_.push(TicketScreen(self.window_, self.proc))

    def open_online(self) -> None:
        from ui.lobby.online import OnlineScreen
        self.window_.push(OnlineScreen(self.window_, self.proc))
