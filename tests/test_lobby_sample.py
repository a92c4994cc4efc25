"""Issue 10, point 8: the sample form on screen is laid out like the paper (fields printed on
one line share a screen line; a two-party form is a table), it zooms, and the footnotes
the sample refers to are explained."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor


def block_of(view, text: str) -> int:
    cursor = view.document().find(text)
    assert not cursor.isNull(), f"{text!r} not in the sample"
    return cursor.blockNumber()


def test_fields_sharing_a_printed_line_share_a_screen_line(window, services):
    from ui.lobby.procedure import ProcedureScreen, _value, sample_lines
    proc = services.catalog.procedure("1.001193")
    page = window.push(ProcedureScreen(window, proc))
    form = services.catalog.forms_of(proc)[0]
    shared = [line for line in sample_lines(form) if len(line) > 1]
    assert shared, "the birth form prints some fields on one line"
    view = page.sample_views[0]
    doc = view.document()
    blocks = [doc.findBlockByNumber(i).text() for i in range(doc.blockCount())]

    def shown(item):
        return f"{item.label} {_value(item) or '…………'}"

    for line in shared:
        assert any(all(shown(item) in b for item in line) for b in blocks), \
            f"{' + '.join(i.label for i in line)} are not on one screen line"
    # fields printed on their own line stay on their own line
    alone = [line[0] for line in sample_lines(form) if len(line) == 1 and line[0].is_field and line[0].sample]
    assert not any(shown(alone[0]) in b and shown(alone[1]) in b for b in blocks)


def test_a_two_party_form_is_a_table_like_the_paper(window, services):
    from ui.lobby.procedure import ProcedureScreen
    proc = next(p for p in services.catalog.procedures.values()
                if any(f.layout == "table" for f in services.catalog.forms_of(p)))
    page = window.push(ProcedureScreen(window, proc))
    form = next(f for f in services.catalog.forms_of(proc) if f.layout == "table")
    view = page.sample_views[services.catalog.forms_of(proc).index(form)]
    cursor = view.document().find(form.table_columns[0])
    assert cursor.currentTable() is not None


def test_zoom_buttons_make_the_sample_larger_and_back(qtbot, window, services):
    from ui.lobby.procedure import ProcedureScreen
    page = window.push(ProcedureScreen(window, services.catalog.procedure("1.001193")))
    view = page.sample_views[0]
    before = view.font().pixelSize()
    assert not page.zoom_out.isEnabled()  # never smaller than body text
    qtbot.mouseClick(page.zoom_in, Qt.LeftButton)
    qtbot.mouseClick(page.zoom_in, Qt.LeftButton)
    after = view.font().pixelSize()
    assert before == window.metrics.body_px and after >= before * 1.5
    assert page.zoom_out.isEnabled()
    qtbot.mouseClick(page.zoom_out, Qt.LeftButton)
    qtbot.mouseClick(page.zoom_out, Qt.LeftButton)
    back = view.font().pixelSize()
    assert back == before


def test_footnotes_the_sample_refers_to_are_explained(window, services):
    from ui.lobby.procedure import ProcedureScreen
    proc = services.catalog.procedure("1.001193")
    page = window.push(ProcedureScreen(window, proc))
    form = services.catalog.forms_of(proc)[0]
    text = page.sample_views[0].toPlainText()
    assert "(2)" in text and "(3)" in text  # "Nơi cư trú: (2)", "Giấy tờ tùy thân: (3)"
    for mark in ("(2)", "(3)"):
        note = next(n for n in form.footnotes if n.strip().startswith(mark))
        assert " ".join(note.split())[:60] in " ".join(text.split())
