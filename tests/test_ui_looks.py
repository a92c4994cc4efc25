"""Issue 10, point 7: contrast computed from the stylesheet and palette, disabled buttons
that look disabled, icons visible on their buttons, every glyph the lobby shows present in
the bundled fonts, Qt's standard buttons in Vietnamese."""
import re

from PySide6.QtGui import QColor, QPalette, QRawFont
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QLabel, QMessageBox, QTabBar

from tests.conftest import REPO

QSS = (REPO / "resources" / "styles" / "kiosk.qss").read_text(encoding="utf-8")


def luminance(c: QColor) -> float:
    def ch(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# labels drawn on a transparent background inside a known parent
DRAWN_ON = {"QLabel#ScreenTitle": "#0b3d91", "QLabel#Countdown": "#fff4c2"}


def rules():
    """(selector, {property: value}) of every rule in the stylesheet, one per selector."""
    text = re.sub(r"/\*.*?\*/", "", QSS, flags=re.S)
    for sels, body in re.findall(r"([^{}]+)\{([^}]*)\}", text):
        props = dict((k.strip(), v.strip()) for k, v in (p.split(":", 1) for p in body.split(";") if ":" in p))
        for sel in sels.split(","):
            yield " ".join(sel.split()), props


def background_of(sel: str, props: dict, by_selector: dict) -> QColor:
    bg = props.get("background", props.get("background-color", ""))
    if bg.startswith("#"):
        return QColor(bg)
    if sel in DRAWN_ON:
        return QColor(DRAWN_ON[sel])
    if " " in sel:  # "QPushButton#PrimaryTile QLabel": the parent's background
        parent = sel.rsplit(" ", 1)[0]
        return background_of(parent, by_selector.get(parent, {}), by_selector)
    return QColor("#ffffff")


def test_contrast_of_every_coloured_rule_in_the_stylesheet():
    by_selector = {}
    for sel, props in rules():
        by_selector.setdefault(sel, {}).update(props)
    checked = []
    for sel, props in by_selector.items():
        fg = props.get("color")
        if not fg:
            continue
        bg = background_of(sel, props, by_selector)
        ratio = contrast(QColor(fg), bg)
        secondary = ":disabled" in sel or "Note" in sel
        need = 4.5 if secondary else 7.0
        checked.append(sel)
        assert ratio >= need, f"{sel}: {fg} on {bg.name()} is {ratio:.2f}:1, needs {need}:1"
    assert len(checked) > 15


def test_placeholder_and_body_text_contrast_in_the_palette(window):
    pal = QApplication.instance().palette()
    base = pal.color(QPalette.Base)
    assert contrast(pal.color(QPalette.PlaceholderText), base) >= 4.5
    assert contrast(pal.color(QPalette.Text), base) >= 7.0
    window.current().open_search()
    box = window.current().box
    assert contrast(box.palette().color(QPalette.PlaceholderText), box.palette().color(QPalette.Base)) >= 4.5


def centre_colour(widget) -> QColor:
    img = widget.grab().toImage()
    # a point inside the border, away from the words: near the left edge, half-way down
    return QColor(img.pixel(img.width() // 40 + 8, img.height() // 2))


def test_a_disabled_primary_button_looks_disabled(window, services):
    from ui.lobby.procedure import ProcedureScreen
    no_forms = [p for p in services.catalog.procedures.values() if not services.catalog.forms_of(p)]
    with_forms = window.push(ProcedureScreen(window, services.catalog.procedure("1.001193")))
    enabled = centre_colour(with_forms.print_button)
    page = window.push(ProcedureScreen(window, no_forms[0]))
    assert not page.print_button.isEnabled()
    disabled = centre_colour(page.print_button)
    assert enabled.name() == "#0b3d91"
    assert disabled.red() == disabled.green() == disabled.blue(), f"disabled is grey, not {disabled.name()}"
    assert contrast(enabled, disabled) >= 3


def icon_visibility(button, background: QColor) -> float:
    """Share of the icon's opaque pixels that stand out (3:1) from the button's background."""
    img = button.icon().pixmap(64, 64).toImage()
    opaque = stand_out = 0
    for x in range(img.width()):
        for y in range(img.height()):
            c = QColor.fromRgba(img.pixel(x, y))
            if c.alpha() > 200:
                opaque += 1
                stand_out += contrast(c, background) >= 3
    return stand_out / max(1, opaque)


def test_icons_are_visible_on_their_buttons(window, services):
    from ui.lobby.procedure import ProcedureScreen
    page = window.push(ProcedureScreen(window, services.catalog.procedure("1.001193")))
    assert icon_visibility(page.print_button, QColor("#0b3d91")) >= 0.6  # printer on blue
    assert icon_visibility(page.help_button, QColor("#e8eefb")) >= 0.6
    assert icon_visibility(page.online_button, QColor("#e8eefb")) >= 0.6


BUNDLED = ["BeVietnamPro-Regular.ttf", "BeVietnamPro-SemiBold.ttf", "BeVietnamPro-Bold.ttf",
           "DejaVuSans-KioskSymbols.ttf", "DejaVuSans-Bold-KioskSymbols.ttf"]


def lobby_texts(win):
    from ui.lobby.tour import TOUR
    texts = set()
    for page, go in TOUR.items():
        go(win)
        QApplication.processEvents()
        for w in win.findChildren(QLabel) + win.findChildren(QAbstractButton):
            texts.add(w.text())
        for bar in win.findChildren(QTabBar):
            texts |= {bar.tabText(i) for i in range(bar.count())}
        for view in win.findChildren(__import__("PySide6.QtWidgets", fromlist=["QTextEdit"]).QTextEdit):
            texts.add(view.toPlainText())
        win.idle.stop()
    return texts


def test_every_glyph_the_lobby_shows_is_in_the_bundled_fonts(window):
    fonts = [QRawFont(str(REPO / "resources" / "fonts" / f), 20) for f in BUNDLED]
    assert all(f.isValid() for f in fonts)
    regular_symbols = fonts[3]
    text = "".join(lobby_texts(window)) + "◀⌂■✔☐⌫▼▲☒"
    missing = sorted({ch for ch in text if ch.isprintable() and not ch.isspace()
                      and not any(f.supportsCharacter(ord(ch)) for f in fonts)})
    assert not missing, f"no bundled font draws {''.join(missing)}"
    # the UI font asks for the bundled symbol font, so no system font is needed for them
    families = QApplication.instance().font().families()
    assert families[:2] == ["Be Vietnam Pro", "DejaVu Sans"]
    assert all(regular_symbols.supportsCharacter(ord(c)) for c in "◀⌂■✔☐⌫▼▲")


def test_qt_standard_buttons_read_in_vietnamese(window):
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    assert box.button(QDialogButtonBox.Ok).text() == "Đồng ý"
    assert box.button(QDialogButtonBox.Cancel).text() == "Hủy"
    msg = QMessageBox(QMessageBox.Question, "Hỏi", "Xác nhận?", QMessageBox.Yes | QMessageBox.No)
    assert msg.button(QMessageBox.Yes).text().replace("&", "") == "Có"
