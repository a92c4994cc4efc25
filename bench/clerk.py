"""A clerk's khai sinh at the counter, driven through the real widgets offscreen (issue 11):
ticket called -> CCCD QR scan of a fictional grandmother -> khai sinh for her grandchild
(child's name, date of birth, sex, place of birth; parents' names and birth years) ->
review -> papers -> receive -> receipt printed to the folder printer.

Prints the keystrokes and clicks used and the UI's slowest response. Target: at most 80
keys and clicks, at most 100 ms. Counting: the keys a clerk really presses, typing
Vietnamese with Telex ("trần" is t r a a f n: 6 keys), Shift for a capital and Ctrl in
Ctrl+Enter counted as keys too, one per click; the scanner typing the card's QR counts as
one action (the clerk holds the card under it). The clerk types in lower case where the
counter writes the capitals (names, completed places) and dates as digits alone, as the
date fields' placeholder says ("gõ liền 151126 được"). The characters
the widgets receive (a Vietnamese letter as one) are printed too, but are not the verdict. "Slowest response" is the longest time the UI thread was busy
with one action or timer (a 5 ms heartbeat sees every stall), typed at 8 keys a second; it is
also printed for each step (the step's own key, or the longest stall before the next one). The
live preview is timed from the last key to the paper on screen from the first render started
after that key.
"""
import os
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QElapsedTimer, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

CARD = "068150001234|123456789|Nguyễn Thị Hường|14071950|Nữ|Thôn 2, xã Hòa Bình, tỉnh Lâm Đồng|20112021"
KEY_GAP_MS = 125  # 8 keys a second
PREVIEW_TARGET_MS = 300  # the filled PDF beside the form, after a pause in typing
STEP_PAUSE_MS = 600  # looking up, listening to the citizen
TARGET_ACTIONS, TARGET_MS = 80, 100


def telex_keys(ch: str) -> int:
    """Keys Telex needs for one character: the letter, +1 per vowel mark (â ê ô ơ ư ă đ), +1 per tone."""
    base = unicodedata.normalize("NFD", ch)
    marks = sum(1 for c in base if unicodedata.combining(c))
    return 1 + marks + (1 if ch.lower() == "đ" else 0) + (1 if ch != ch.lower() else 0)  # Shift


class Clerk:
    def __init__(self, app: QApplication, window):
        self.app, self.window = app, window
        self.actions = self.telex = 0
        self.slowest_ms = 0.0
        self.slowest_what = ""
        self.stalls: list[tuple[float, str]] = []  # every UI-thread stall over 50 ms, with the step it followed
        self.by_step: dict[str, float] = {}  # the slowest response seen for each named step (reporting only)
        self._beat = QElapsedTimer()
        self._beat.start()
        self._heart = QTimer(interval=5)
        self._heart.timeout.connect(self._tick)
        self._heart.start()
        self._what = "start"
        self.watch = None  # called after every turn of the event loop (the preview's clock)

    def _tick(self) -> None:
        gap = self._beat.restart() - 5
        self._note(self._what, gap)
        if gap > 50:
            self.stalls.append((float(gap), self._what))
        if gap > self.slowest_ms:
            self.slowest_ms, self.slowest_what = float(gap), self._what

    def _measure(self, what: str, fn) -> None:
        self._what = what
        t = time.perf_counter()
        fn()
        ms = (time.perf_counter() - t) * 1000
        self._note(what, ms)
        if ms > self.slowest_ms:
            self.slowest_ms, self.slowest_what = ms, what
        self._beat.restart()

    def _note(self, what: str, ms: float) -> None:
        if not what.startswith("typing ") and ms > self.by_step.get(what, -1.0):
            self.by_step[what] = float(ms)
        elif what.startswith("typing ") and ms > self.by_step.get("typing (any key)", -1.0):
            self.by_step["typing (any key)"] = float(ms)

    def wait(self, ms: int) -> None:
        end = time.perf_counter() + ms / 1000
        while time.perf_counter() < end:
            self.app.processEvents()
            if self.watch is not None:
                self.watch()
            time.sleep(0.001)

    def focus(self):
        return self.window.focusWidget()

    def key(self, key, modifiers=Qt.NoModifier, what: str = "") -> None:
        self.actions += 1
        self.telex += 1 + sum(1 for m in (Qt.ShiftModifier, Qt.ControlModifier, Qt.AltModifier) if modifiers & m)
        self._measure(what or f"key {key}", lambda: QTest.keyClick(self.focus(), key, modifiers))
        self.wait(KEY_GAP_MS)

    def type(self, text: str, after_each=None) -> None:
        for ch in text:
            self.actions += 1
            self.telex += telex_keys(ch)
            self._measure(f"typing {ch!r}", lambda c=ch: QTest.sendKeyEvent(QTest.KeyAction.Click, self.focus(),
                                                                          Qt.Key_unknown, c, Qt.NoModifier))
            if after_each is not None:
                after_each()
            self.wait(KEY_GAP_MS)

    def click(self, widget, what: str = "") -> None:
        self.actions += 1
        self.telex += 1
        self._measure(what or "click", lambda: QTest.mouseClick(widget, Qt.LeftButton))
        self.wait(KEY_GAP_MS)

    def scan(self, text: str) -> None:
        """The 2D scanner types the QR text and Enter into the focused field: one action."""
        self.actions += 1
        self.telex += 1

        def send():
            target = self.focus()
            for ch in text:
                QTest.sendKeyEvent(QTest.KeyAction.Click, target, Qt.Key_unknown, ch, Qt.NoModifier)
            QTest.keyClick(target, Qt.Key_Return)
        self._measure("CCCD scan", send)
        self.wait(KEY_GAP_MS)


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from machine import header
    print(header(), flush=True)

    app = QApplication.instance() or QApplication([])
    data = tempfile.mkdtemp(prefix="bench-clerk-")
    from kiosk.config import load_config
    from kiosk.services.container import build_services
    from ui.app import build_window
    services = build_services(load_config({"KIOSK_DATA_DIR": data}, REPO))
    clerk_account = services.accounts.create_clerk("Trần Văn Bình", "246813")
    services.tickets.take_ticket("1.001193", priority=True)  # the grandmother's lobby ticket
    window = build_window(services, idle_ms=600_000, warning_s=20)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    window.enter_counter(clerk_account)
    c = Clerk(app, window)
    home = window.current()
    while not home.warmed:  # the counter is unlocked in the morning, long before the first citizen
        c.wait(20)
    c.stalls.clear()
    c.by_step.clear()
    c.slowest_ms = 0.0
    c.wait(300)
    started = time.perf_counter()
    cpu_started = time.process_time()
    c.key(Qt.Key_F2, what="call the next ticket (F2)")
    c.key(Qt.Key_F4, what="write for this ticket (F4)")
    writer = window.current()
    c.wait(STEP_PAUSE_MS)
    assert window.focusWidget() is writer.scan, "the scan field has the focus"
    c.scan(CARD)
    c.key(Qt.Key_Return, what="citizen confirms the card (Enter)")
    c.wait(STEP_PAUSE_MS)
    c.type("b")  # relationship: Bà
    c.key(Qt.Key_Return)
    c.type("trần minh khang")  # written in capitals by the field
    c.key(Qt.Key_Return)
    c.type("151126")  # shown as 15/11/2026 when the field is left
    c.key(Qt.Key_Return)
    c.type("n")  # Nam
    c.key(Qt.Key_Return)
    c.type("tr")  # "Trạm y tế xã Hòa Bình, tỉnh Lâm Đồng", completed in place (its capital kept)
    c.key(Qt.Key_Return)
    c.type("x")  # quê quán: "Xã Hòa Bình, tỉnh Lâm Đồng"
    c.key(Qt.Key_Return)
    c.type("lê thị mai")  # capitalised when the field is left
    c.key(Qt.Key_Return)
    c.type("1998")
    c.key(Qt.Key_Return)
    c.type("trần văn nam")
    c.key(Qt.Key_Return)
    # the clerk pauses: the filled paper beside the form follows within 300 ms (issue 11, point 1),
    # counted from the last key: the first render started after it (its generation is newer than
    # the one current when the key was handled) must be on screen
    last_key: dict = {}

    def note_key() -> None:
        last_key.update(at=time.perf_counter(), gen=writer.preview.generation if writer.preview else None)

    def preview_shown() -> None:
        if "gen" in last_key and "shown" not in last_key and last_key["gen"] is not None \
                and writer.preview.shown_generation > last_key["gen"]:
            last_key["shown"] = time.perf_counter()
    c.watch = preview_shown
    c.type("199")
    c.type("5", after_each=note_key)
    while last_key["gen"] is not None and "shown" not in last_key and time.perf_counter() - last_key["at"] < 3:
        c.wait(2)
    c.watch = None
    preview_ms = ((last_key.get("shown", time.perf_counter()) - last_key["at"]) * 1000
                  if last_key["gen"] is not None else float("nan"))
    c.wait(STEP_PAUSE_MS)
    c.key(Qt.Key_Return, modifiers=Qt.ControlModifier, what="review (Ctrl+Enter, as the button says)")
    review = window.current()
    if review is writer:
        print("the form was refused: " + " | ".join(w.accessibleName() for w in writer.error_widgets()))
        return 1
    want = {"child_name": "TRẦN MINH KHANG", "child_dob": "15/11/2026", "child_sex": "Nam",
            "child_birthplace": "Trạm y tế xã Hòa Bình, tỉnh Lâm Đồng", "mother_name": "Lê Thị Mai",
            "father_name": "Trần Văn Nam"}  # the fast typing must still give the paper's writing
    got = review.forms.get("to-khai-dang-ky-khai-sinh", {})
    wrong = {k: got.get(k) for k, v in want.items() if got.get(k) != v}
    if wrong:
        print(f"the form holds other values than the citizen said: {wrong}")
        return 1
    c.wait(STEP_PAUSE_MS)  # reading back; the papers checklist starts as the catalog says
    c.key(Qt.Key_Return, modifiers=Qt.ControlModifier, what="receive (Ctrl+Enter)")
    deadline = time.perf_counter() + 20
    while not review.done.isVisible() and time.perf_counter() < deadline:
        c.wait(20)
    elapsed = time.perf_counter() - started
    jobs = review.printed
    receipt = next((j for j in jobs if j.title.startswith("Giấy tiếp nhận")), None)
    printed = sorted(p.name for p in (Path(data) / "print-out").glob("*.pdf"))
    ok = receipt is not None and receipt.status == "done" and printed
    print(f"dossier {review.info.code if review.info else '-'}; printed: {', '.join(printed) or 'nothing'}")
    print(f"wall time {elapsed:.1f} s at {1000 // KEY_GAP_MS} keys/s; slowest UI response {c.slowest_ms:.0f} ms "
          f"({c.slowest_what}); Telex keys {c.telex}")
    print(f"live preview after the last key: {preview_ms:.0f} ms (target <= {PREVIEW_TARGET_MS})")
    verdict = "OK" if (ok and c.telex <= TARGET_ACTIONS and c.slowest_ms <= TARGET_MS
                       and preview_ms <= PREVIEW_TARGET_MS) else "MISSED"
    worst = sorted(c.stalls, reverse=True)[:5]
    print("stalls over 50 ms: " + ("; ".join(f"{ms:.0f} ms after {what}" for ms, what in worst) or "none"))
    steps = sorted(c.by_step.items(), key=lambda kv: -kv[1])[:6]
    print("slowest response by step (the key's own handling, or the longest stall after it): "
          + "; ".join(f"{what} {ms:.0f} ms" for what, ms in steps))
    print(f"cpu: {time.process_time() - cpu_started:.1f} s for the whole flow (UI thread and workers), "
          f"{elapsed:.1f} s wall at {1000 // KEY_GAP_MS} keys a second")
    print(f"{c.telex} keys pressed (Telex) + clicks, {c.actions} as the widgets receive them "
          f"(target <= {TARGET_ACTIONS}), slowest UI response {c.slowest_ms:.0f} ms "
          f"(target <= {TARGET_MS}), preview {preview_ms:.0f} ms (target <= {PREVIEW_TARGET_MS}): {verdict}")
    window.idle.stop()
    from PySide6.QtCore import QThreadPool
    QThreadPool.globalInstance().waitForDone()
    window.close()
    window.deleteLater()
    app.processEvents()
    services.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
