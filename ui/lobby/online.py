"""'Nộp trực tuyến': the portal QR, the steps, the documents to photograph."""
from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from ui.screen import Screen
from ui.widgets.common import big_button, label, qr_label
from ui.worker import run_in_background


class OnlineScreen(Screen):
    title = "Nộp trực tuyến"

    def __init__(self, window, proc):
        super().__init__(window)
        self.proc = proc
        m = window.metrics
        lay = QBoxLayout(QBoxLayout.TopToBottom if m.one_column else QBoxLayout.LeftToRight, self)
        left = QVBoxLayout()
        left.addWidget(label("Quét mã này bằng điện thoại (ứng dụng VNeID hoặc máy ảnh):", "Heading"))
        self.qr = qr_label(proc.online.portal_url, min(m.mm(80), int(m.screen_px[1] * 0.45)))
        left.addWidget(self.qr)
        self.print_button = big_button("In hướng dẫn này", "print.svg", icon_px=m.mm(8))
        self.print_button.clicked.connect(self.print_sheet)
        left.addWidget(self.print_button)
        left.addStretch(1)
        lay.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(label(proc.short_name, "Heading"))
        right.addWidget(label("Các bước:"))
        for i, step in enumerate(proc.online.steps, start=1):
            right.addWidget(label(f"{i}. {step}"))
        if proc.online.scan_documents:
            right.addWidget(label("Giấy tờ cần chụp ảnh để tải lên:"))
            for d in proc.online.scan_documents:
                right.addWidget(label(f"•  {d}"))
        right.addWidget(label("Cần giúp? Chạm “Quay lại” rồi “Nhờ cán bộ”, cán bộ sẽ hướng dẫn bạn nộp "
                              "trên điện thoại.", "Note"))
        right.addStretch(1)
        box = QWidget()
        box.setLayout(right)
        lay.addWidget(box, 1)

    def print_sheet(self) -> None:
        self.print_button.setEnabled(False)
        run_in_background(lambda: self.services.printouts.print_online_sheet(self.proc.code),
                          self._done, self._failed, self)

    def _done(self, job) -> None:
        self.print_button.setEnabled(True)
        if job is not None and job.status == "done":
            self.window_.show_message("Đã in hướng dẫn. Mời bạn lấy giấy ở máy in.", "good")
        else:
            self._failed(None)

    def _failed(self, _exc) -> None:
        # the printer's own reason is for the clerk's print jobs list, not for the citizen
        self.print_button.setEnabled(True)
        counter = self.services.config.settings.help_counter
        self.window_.show_message("Máy in đang trục trặc. Bạn quét mã QR trên màn hình bằng điện thoại, "
                                  f"hoặc đến quầy số {counter} nhờ cán bộ giúp.", "error")

    def speech_text(self) -> str:
        steps = ". ".join(self.proc.online.steps)
        return f"Nộp trực tuyến {self.proc.short_name}. Quét mã QR trên màn hình bằng điện thoại. {steps}"
