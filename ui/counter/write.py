"""Writing a form on the citizen's behalf (viết hộ).

Each fact is typed once: the applicant (typed, found, or scanned from the CCCD card's
QR) fills every field of the requester on every form of the procedure, the
"Giấy tờ tùy thân" line included; Dân tộc / Quốc tịch start from config.toml; a value
typed for a person is offered wherever that person appears (kiosk.prefill). Fields
are checked as they are left; the form is laid out as on paper with a live preview
of the filled PDF beside it. Saved as a draft on every change; then the review screen.
"""
from __future__ import annotations

import time
from datetime import date

from PySide6.QtCore import QEvent, Qt, QThreadPool, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QGroupBox, QHBoxLayout, QLineEdit, QPushButton, QScrollArea, QSplitter,
                               QVBoxLayout, QWidget)

from kiosk.errors import KioskError, ValidationError
from kiosk.services.dossier_receipt import check_received_here
from kiosk.prefill import REQUESTER, Slot, defaults, format_value, is_relationship, same_person_as_requester
from kiosk.validation import clean_field, validate_applicant, validate_form_values
from ui.counter.applicant import APPLICANT_FIELDS, ISSUE_KEY, ApplicantPart, village_in  # noqa: F401 (re-exported)
from ui.counter.review_ahead import REVIEW_AHEAD_MS, ReviewAhead
from ui.counter.fields import FieldEditor, enter_presses_buttons, form_box, normalise_date, scan_starts_here
from ui.screen import Screen
from ui.worker import _Signals, _Task
from ui.widgets.common import label

APPLICANT_PREFIX = "_applicant."  # applicant data kept in the first form's draft
DRAFT_DELAY_MS = 300
BUILD_BUDGET_MS = 12  # a long form is laid out in slices this long: the screen answers at once


def rules_text(proc) -> str:
    """Both rules of the procedure, in the clerk's words."""
    w, s = proc.writing_help, proc.sign_in_person
    write = "Được viết giúp" if w.value else "KHÔNG được viết giúp"
    sign = "Người yêu cầu tự ký/điểm chỉ trước cán bộ" if s.value else "Không bắt buộc ký trước cán bộ"
    out = f"{write}{': ' + w.reason if w.reason else ''}{' (' + w.legal_basis + ')' if w.legal_basis else ''}"
    return out + f"\n{sign}{': ' + s.reason if s.reason else ''}{' (' + s.legal_basis + ')' if s.legal_basis else ''}"


class WriteScreen(ApplicantPart, ReviewAhead, Screen):
    audience = "counter"

    def __init__(self, window, proc, ticket=None, drafts=()):
        super().__init__(window)
        self.setObjectName("Counter")
        self.proc, self.ticket = proc, ticket
        self.title = f"Viết hộ: {proc.short_name}"
        self.forms = self.services.catalog.forms_of(proc)
        self.may_write = proc.writing_help.value
        self.settings = self.services.config.settings
        self.draft_ids: dict[str, int] = {}
        self.received = False  # once the dossier is received, nothing is saved as a draft again
        self._auto: dict[tuple[str, str], str] = {}  # field -> value it was last filled with automatically
        self._loading = False
        self._checked = False  # after the first "review", the error count stays on screen
        self._scan = None
        self._built = False
        self._init_review_ahead()
        self.last_focus: QWidget | None = None
        outer = QVBoxLayout(self)
        outer.setSpacing(4)
        head = QHBoxLayout()
        head.addWidget(label(proc.name, "Heading"), 1)
        self.rules = label(rules_text(proc), "Note" if self.may_write else "Warning")
        self.rules.setToolTip("Hai quy tắc của thủ tục: cán bộ có được viết giúp không, và người yêu cầu có phải "
                              "tự ký trước cán bộ không.")
        outer.addLayout(head)
        outer.addWidget(self.rules)
        self.elsewhere = None
        try:  # another office receives it: said now, as receiving will refuse it
            check_received_here(proc, self.services.catalog)
        except ValidationError as e:
            self.elsewhere = label(e.message, "Warning")
            outer.addWidget(self.elsewhere)
        if not self.may_write:
            outer.addWidget(label("Hãy in mẫu để người dân tự chép; vẫn có thể tiếp nhận hồ sơ bên dưới.", "Warning"))
            sample = QPushButton("In mẫu cho người dân chép")
            sample.clicked.connect(self.print_sample)
            outer.addWidget(sample)
        self.split = QSplitter(Qt.Horizontal)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.body.setSpacing(6)
        self._pending = []  # blocks still to lay out (a few per event-loop turn)
        self._building = False
        self._applicant: dict[str, QLineEdit | QComboBox] = {}
        self._initial_applicant: dict[str, str] = {}
        self._applicant_box()
        self._editors: dict[str, dict[str, FieldEditor]] = {}
        self.form_boxes: dict[str, QGroupBox] = {}
        self._initial: dict[tuple[str, str], str] = {}  # values the fields start with (defaults, draft)
        self._place_editors: dict[int, FieldEditor] = {}
        if self.may_write:
            for form in self.forms:
                box, eds, steps = form_box(form, self._field_changed, self._field_left)
                self._editors[form.id] = eds
                self.form_boxes[form.id] = box
                self._pending.append(steps)
                self.body.addWidget(box)
                start = defaults(form.fields, self.settings.default_ethnicity, self.settings.default_nationality)
                self._initial.update({(form.id, k): v for k, v in start.items()})
                self._auto.update({(form.id, k): v for k, v in start.items()})
        self.body.addStretch(1)
        self.area = QScrollArea()
        self.area.setWidget(body)
        self.area.setWidgetResizable(True)
        self.area.setFocusPolicy(Qt.NoFocus)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.split.addWidget(self.area)
        self.preview = None
        if self.may_write and self.forms:
            from ui.counter.live_preview import LivePreview
            self.preview = LivePreview(self)
            self.split.addWidget(self.preview)
            self.split.setStretchFactor(0, 3)
            self.split.setStretchFactor(1, 2)
            self.split.setCollapsible(0, False)
        outer.addWidget(self.split, 1)
        row = QHBoxLayout()
        self.summary = QPushButton("")
        self.summary.setStyleSheet("color: #7a0000; background: #fde8e8; font-weight: 700;")
        self.summary.setToolTip("Bấm để đến chỗ cần sửa đầu tiên")
        self.summary.clicked.connect(self.go_to_first_error)
        self.summary.hide()
        row.addWidget(self.summary)
        self.saved = label("", "Note")
        row.addWidget(self.saved, 1)
        if self.preview is not None:
            self.toggle_preview = QPushButton("Ẩn bản xem trước (F9)")
            self.toggle_preview.clicked.connect(self.flip_preview)
            row.addWidget(self.toggle_preview)
            QShortcut(QKeySequence("F9"), self, self.flip_preview)
        self.review_button = QPushButton("Kiểm tra và xem lại (Ctrl+Enter)")
        self.review_button.setObjectName("Primary")
        self.review_button.clicked.connect(self.review)
        row.addWidget(self.review_button)
        outer.addLayout(row)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.review)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.review)
        self._save_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._save_timer.timeout.connect(lambda: self.save_drafts(background=True))
        self._draft_pool = QThreadPool(self)
        self._draft_pool.setMaxThreadCount(1)
        self._loading = True
        try:
            for d in drafts:
                self._load_draft(d)
        finally:
            self._loading = False
        enter_presses_buttons(self, scan_box=self.scan)
        for w in self.findChildren(QWidget):
            if w.focusPolicy() != Qt.NoFocus:
                w.installEventFilter(self)
        self._build_timer = QTimer(self, singleShot=True, interval=0)  # dies with the screen
        self._build_timer.timeout.connect(self._build_some)
        self._build_timer.start()  # the screen shows first, its fields follow at once

    @property
    def is_built(self) -> bool:
        return not self._pending

    def _focus(self, widget: QWidget) -> None:
        """Focus a field; one laid out a moment ago is shown by Qt on the next turn, focus it then."""
        self.area.ensureWidgetVisible(widget, 50, 80)
        if widget.isVisible():
            widget.setFocus()
        else:
            QTimer.singleShot(0, widget, lambda: (self.area.ensureWidgetVisible(widget, 50, 80), widget.setFocus()))

    @property
    def applicant(self) -> dict[str, QLineEdit | QComboBox]:
        """The applicant's widgets by key (finishes laying out the screen first if needed)."""
        if self._pending:
            self._build_some(budget_ms=None)
        return self._applicant

    @property
    def editors(self) -> dict[str, dict[str, FieldEditor]]:
        """Every form's editors by key (finishes laying out the form first if needed)."""
        if self._pending:
            self._build_some(budget_ms=None)
        return self._editors

    def _build_some(self, budget_ms: float | None = BUILD_BUDGET_MS) -> None:
        """Lay out form blocks for at most `budget_ms` (None: all), then let the UI breathe."""
        if self._building:
            return
        self._building = True
        try:
            with self.window_.building():
                self._build_steps(budget_ms)
        finally:
            self._building = False

    def _build_steps(self, budget_ms: float | None) -> None:
        t0 = time.perf_counter()
        while self._pending:
            try:
                new = next(self._pending[0])
            except StopIteration:
                self._pending.pop(0)
                continue
            self._loading = True
            try:
                for ed in new:
                    self._setup_editor(ed)
            finally:
                self._loading = False
            if budget_ms is not None and (time.perf_counter() - t0) * 1000 > budget_ms:
                self._build_timer.start()
                return
        if not self._built:
            self._built = True
            import ui.counter.review  # noqa: F401 - loaded now, while the clerk types: the review opens faster
            self.body.activate()  # the form's full height at once (no squeezed first frame)
            if self.preview is not None:
                self.preview.schedule()
            QTimer.singleShot(REVIEW_AHEAD_MS, self, self._prepare_review)

    def _setup_editor(self, ed: FieldEditor) -> None:
        ed.on_enter = self.next_field
        value = self._initial.get((ed.form_id, ed.item.key))
        if value:
            ed.set_text(value)
        ed.widget.installEventFilter(self)
        if isinstance(ed.widget, QComboBox) and ed.widget.lineEdit() is not None:
            ed.widget.lineEdit().installEventFilter(self)
        if ed.slot.fact == "residence" or ed.item.key.endswith(("birthplace", "hometown")):
            self._place_editors[id(ed.widget)] = ed

    # --- building ---------------------------------------------------------------------
    def editor_list(self) -> list[FieldEditor]:
        return [ed for eds in self.editors.values() for ed in eds.values()]

    # --- data flow ----------------------------------------------------------------------
    def form_values(self) -> dict[str, dict[str, str]]:
        return {fid: {k: ed.text() for k, ed in eds.items() if ed.text().strip()} for fid, eds in self.editors.items()}

    def _fill(self, ed: FieldEditor, value: str) -> None:
        """Fill a field that is empty or still holds what was filled in automatically."""
        key = (ed.form_id, ed.item.key)
        current = ed.text()
        if current and current != self._auto.get(key):
            return  # typed by the clerk: never overwritten
        value = format_value(ed.item, value)
        if not value and not current:
            return
        self._auto[key] = value
        ed.set_text(value)

    def _targets(self, person: str, fact: str, source: FieldEditor | None = None) -> list[FieldEditor]:
        """Every field holding `fact` of `person`, on every form (and the lines of the person the
        requester is on a form, by its relationship field)."""
        out = []
        for form in self.forms if self.may_write else []:
            eds = self.editors[form.id]
            alias = self._requester_is(form) if person == REQUESTER else None
            for ed in eds.values():
                if ed is source:
                    continue
                if ed.slot.fact == fact and ed.slot.person in (person, alias):
                    out.append(ed)
        return out

    def _requester_is(self, form) -> str | None:
        rel = next((ed for ed in self.editors[form.id].values() if is_relationship(ed.item)), None)
        return same_person_as_requester(form, rel.text()) if rel is not None and rel.text() else None

    def _spread(self, person: str, facts: dict[str, str], only: set[str] | None = None) -> None:
        for fact, value in facts.items():
            if only is None or fact in only:
                for ed in self._targets(person, fact):
                    self._fill(ed, value)

    def _field_changed(self, ed: FieldEditor) -> None:
        if self._loading:
            return
        value = ed.text()
        if ed.slot.person and ed.slot.fact:
            # typed once for a person: offered wherever that person appears on the procedure's forms
            for other in self._targets(ed.slot.person, ed.slot.fact, source=ed):
                self._fill(other, value)
        else:  # the same field on the visit's other forms
            others = [o for fid, eds in self.editors.items() if fid != ed.form_id
                      for k, o in eds.items() if k == ed.item.key and not (o.slot.person and o.slot.fact)]
            for other in others:
                self._fill(other, value)
        if is_relationship(ed.item):
            form = self.services.catalog.forms[ed.form_id]
            alias = same_person_as_requester(form, value)
            if alias:  # "Cha": the requester's own lines fill the father's
                for fact, v in self.requester_facts().items():
                    for target in self.editors[ed.form_id].values():
                        if target.slot == Slot(alias, fact):
                            self._fill(target, v)
        if ed.has_error:
            self._check_field(ed)  # cleared as soon as it is fixed
        self._changed()

    def _field_left(self, ed: FieldEditor) -> None:
        if ed.text().strip() or self._checked:
            self._check_field(ed)

    def _changed(self) -> None:
        if not self._loading:
            self._save_timer.start()
            if self.preview is not None:
                self.preview.schedule()

    def save_drafts(self, background: bool = False) -> None:
        """Saved as the clerk types: a crash or power cut loses nothing typed before it. While
        typing (`background`) the durable commit runs off the UI thread, one save at a time."""
        if not self.forms or not self.may_write or self.received:
            return
        if background and self._draft_pool.activeThreadCount():
            self._save_timer.start()  # the one in flight finishes first; this one follows
            return
        values = self.form_values()
        first = self.forms[0].id
        person = dict(self.applicant_values())  # the card's issue date included
        values[first] = {**values[first], **{APPLICANT_PREFIX + k: v for k, v in person.items()}}
        clerk = self.window_.clerk
        clerk_id, code, drafts, ids = clerk.id if clerk else None, self.proc.code, self.services.drafts, self.draft_ids

        def work() -> None:  # ids are written as they are made: the next save overwrites, never duplicates
            for fid, vals in values.items():
                ids[fid] = drafts.save_draft(clerk_id, code, fid, vals, ids.get(fid))
        if background:
            signals = _Signals(self)
            signals.done.connect(lambda _r: self.saved.setText("Đã lưu nháp"))
            signals.failed.connect(lambda e: self.saved.setText(
                f"Chưa lưu được bản nháp: {getattr(e, 'message', 'lỗi không rõ')}"))
            self._draft_pool.start(_Task(work, signals))
            return
        self._draft_pool.waitForDone()
        try:
            work()
        except KioskError as e:
            self.saved.setText(f"Chưa lưu được bản nháp: {e.message}")
            return
        self.saved.setText("Đã lưu nháp")

    def _load_draft(self, draft) -> None:
        self.draft_ids[draft.form_id] = draft.id
        for key, value in draft.values.items():
            if key.startswith(APPLICANT_PREFIX):
                self._initial_applicant[key[len(APPLICANT_PREFIX):]] = value
            elif any(f.key == key for f in self.services.catalog.forms[draft.form_id].fields):
                self._initial[(draft.form_id, key)] = value
                self._auto.pop((draft.form_id, key), None)

    # --- errors, focus ---------------------------------------------------------------------
    def _check_field(self, ed: FieldEditor) -> None:
        try:
            clean_field(ed.item, ed.text(), date.today())
        except ValidationError as e:
            ed.show_error(e.message)
        else:
            ed.show_error(None)
        self._update_summary()

    def error_widgets(self) -> list[QWidget]:
        """Widgets with an error shown, in screen order."""
        out = [w for w in self.applicant.values() if w.property("error_label").text()]
        return out + [ed.widget for ed in self.editor_list() if ed.has_error]

    def _update_summary(self) -> None:
        n = len(self.error_widgets())
        self.summary.setText(f"Còn {n} chỗ cần sửa – bấm để đến chỗ đầu tiên")
        self.summary.setVisible(n > 0)

    def go_to_first_error(self) -> None:
        bad = self.error_widgets()
        if bad:
            self._focus(bad[0])

    def next_field(self, ed: FieldEditor | None) -> None:
        """Enter in a field: the next empty field in printed order that is required or holds a
        person's name or birth; when none is left, the review button (Enter again reviews)."""
        if ed is not None and self._card_typed_into(ed):
            return
        eds = self.editor_list()
        start = eds.index(ed) + 1 if ed in eds else 0
        for other in eds[start:]:
            core = other.slot.person and other.slot.fact in ("name", "dob", "birth_year")
            if not other.text().strip() and (other.item.required or core):
                self._focus(other.widget)
                return
        self.review_button.setFocus()

    def place_suggestions(self) -> list[str]:
        """Places offered in residence / birthplace / hometown fields: what this visit already
        holds, the commune itself and its health station."""
        s = self.settings
        commune = f"{s.commune_in_text}, {s.province[:1].lower() + s.province[1:]}"
        typed = [ed.text() for ed in self.editor_list() if ed.slot.fact == "residence" and ed.text().strip()]
        address = self.applicant["address"].text().strip()
        return typed + ([address] if address else []) + [commune[:1].upper() + commune[1:], f"Trạm y tế {commune}"]

    def focus_first_empty(self) -> None:
        """After a scan or a pick: the first field still to type."""
        self.next_field(None)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
        if (event.type() == QEvent.KeyPress and isinstance(obj, QComboBox) and not obj.isEditable()
                and obj.findText(event.text(), Qt.MatchStartsWith) < 0):  # a list: a card scanned on it
            return scan_starts_here(obj, event.text(), self.scan)
        if event.type() == QEvent.FocusIn and isinstance(obj, QWidget):
            self.last_focus = obj
            ed = self._place_editors.get(id(obj))
            if ed is not None:
                ed.suggest(self.place_suggestions())
        if event.type() == QEvent.FocusOut and obj in self._applicant.values():
            key = obj.property("applicant_key")
            if key in ("date_of_birth", ISSUE_KEY):
                normalise_date(obj, event)
            text = obj.currentText() if isinstance(obj, QComboBox) else obj.text()
            if text.strip() or self._checked:
                self._check_applicant(key)
        return False

    def shown(self) -> None:
        """Back on the form (first open, after the review or a dialog): focus where work goes on."""
        self.window().activateWindow()
        target = self.last_focus if self.last_focus is not None and self.last_focus.isVisible() else self.scan
        QTimer.singleShot(0, target.setFocus)
        target.setFocus()
        if self.preview is not None and self.preview.deferred:
            self.preview.schedule()  # a change made just before the review covered the form
        if self._built:  # back from the review (which was left and deleted): the next one is laid out ahead
            QTimer.singleShot(REVIEW_AHEAD_MS, self, self._prepare_review)

    def showEvent(self, event):  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.preview is not None and not getattr(self, "_split_set", False):
            self._split_set = True  # the form a little wider than the paper beside it
            total = max(self.split.width(), 800)
            self.split.setSizes([total * 3 // 5, total * 2 // 5])

    def flip_preview(self) -> None:
        if self.preview is None:
            return
        self.preview.setVisible(not self.preview.isVisible())
        self.toggle_preview.setText(("Ẩn" if self.preview.isVisible() else "Hiện") + " bản xem trước (F9)")
        if self.preview.isVisible():
            self.preview.schedule()

    def focus_field(self, form_id: str, key: str) -> None:
        ed = self.editors.get(form_id, {}).get(key)
        if ed is not None:
            self._focus(ed.widget)

    # --- validation and review -----------------------------------------------------------
    def review(self) -> None:
        if self.received:  # back here after the receipt (top "Quay lại"): never a second dossier
            self.saved.setText("Hồ sơ này đã được tiếp nhận; về màn hình quầy để nhận hồ sơ mới.")
            return
        self._checked = True
        today = date.today()
        villages = [v.name for v in self.settings.villages]
        person, errors = validate_applicant(self.applicant_values(), today, villages)
        for key in self.applicant:
            self._show_applicant_error(key, next((e.message for e in errors if e.field == key), None))
        clean_forms = {}
        for form in self.forms if self.may_write else []:
            clean, errs = validate_form_values(form, self.form_values()[form.id], today)
            for key, ed in self.editors[form.id].items():
                ed.show_error(next((e.message for e in errs if e.field == key), None))
            clean_forms[form.id] = clean
        self._update_summary()
        if self.error_widgets():
            self.go_to_first_error()
            return
        self._save_timer.stop()
        self.save_drafts(background=True)  # durable in a moment, off the UI thread; receiving waits for it
        with self.window_.building():
            review, holder = self._take_review()
            review.fill(person, clean_forms)
            self.window_.push(review, holder)

    def print_sample(self) -> None:
        from ui.worker import run_in_background
        run_in_background(lambda: self.services.printouts.print_sample(self.proc.code),
                          lambda jobs: self.saved.setText("Đã in mẫu."),
                          lambda e: self.saved.setText(getattr(e, "message", "Chưa in được mẫu.")), self)

