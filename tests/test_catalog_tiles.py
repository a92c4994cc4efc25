"""Tiles with hundreds of entries ("Thủ tục khác", "Đất đai") open quickly: a tile that spans
several fields first lists its fields, and a long list is shown a page at a time; every entry
stays reachable and the curated ones come first."""
from PySide6.QtCore import Qt

from kiosk.catalog.search import fast_fold
from ui.lobby.category import PAGE_SIZE, CategoryScreen


def test_the_other_tile_lists_its_fields_and_each_field_reaches_all_its_entries(qtbot, window, services):
    catalog = services.catalog
    everything = catalog.in_category("thu-tuc-khac")
    assert len(everything) > 3 * PAGE_SIZE  # the national list puts hundreds of entries here
    tile = window.push(CategoryScreen(window, "thu-tuc-khac"))
    fields = sorted({p.field for p in everything})
    assert tile.fields == sorted(tile.fields, key=fast_fold) and sorted(tile.fields) == fields
    assert len(tile.buttons) == len(fields)
    assert "thủ tục" in tile.buttons[0].text()  # "Nông nghiệp\n19 thủ tục"
    reached = set()
    for i in range(len(tile.buttons)):
        qtbot.mouseClick(tile.buttons[i], Qt.LeftButton)
        page = window.current()
        assert page is not tile and page.field_name in fields
        while True:
            assert len(page.buttons) <= PAGE_SIZE
            reached |= {p.code for p in page.on_page}
            if page.next_button is None or not page.next_button.isEnabled():
                break
            qtbot.mouseClick(page.next_button, Qt.LeftButton)
        window.back()
        assert window.current() is tile
    assert reached == {p.code for p in everything}


def test_a_long_single_field_tile_is_paged_with_curated_entries_first(qtbot, window, services):
    everything = services.catalog.in_category("dat-dai")
    tile = window.push(CategoryScreen(window, "dat-dai"))
    assert len(tile.buttons) <= PAGE_SIZE < len(everything)
    assert tile.on_page[0].has_guide  # curated first
    assert "Trang 1/" in tile.page_label.text()
    seen = [p.code for p in tile.on_page]
    while tile.next_button.isEnabled():
        qtbot.mouseClick(tile.next_button, Qt.LeftButton)
        seen += [p.code for p in tile.on_page]
    assert seen == [p.code for p in everything]
    last = tile.page
    qtbot.mouseClick(tile.prev_button, Qt.LeftButton)
    assert tile.page == last - 1 and tile.on_page == everything[(last - 1) * PAGE_SIZE:last * PAGE_SIZE]
    assert "Trang" in tile.speech_text() and everything[0].short_name not in tile.speech_text()


def test_a_short_tile_shows_every_entry_without_pages(qtbot, window, services):
    tile = window.push(CategoryScreen(window, "giam-ngheo"))
    assert [p.code for p in tile.on_page] == [p.code for p in services.catalog.in_category("giam-ngheo")]
    assert tile.next_button is None and tile.field_name is None


def test_a_tile_button_says_when_an_entry_is_done_by_another_office(qtbot, window, services):
    catalog = services.catalog
    elsewhere = next(p for p in catalog.procedures.values() if p.office)  # e.g. cư trú at Công an xã
    cat = catalog.category_of_field(elsewhere.field)
    tile = window.push(CategoryScreen(window, cat.id, elsewhere.field if cat.other else None))
    while elsewhere not in tile.on_page:
        qtbot.mouseClick(tile.next_button, Qt.LeftButton)
    button = tile.buttons[tile.on_page.index(elsewhere)]
    assert f"Làm ở nơi khác: {elsewhere.office}" in button.text()
    here = next(p for p in tile.on_page if not p.office) if any(not p.office for p in tile.on_page) else None
    if here is not None:
        assert "Làm ở nơi khác" not in tile.buttons[tile.on_page.index(here)].text()
