"""PDF rendering speed (DESIGN.md §5): one filled form <= 40 ms, one A5 receipt <= 25 ms,
and at least 30x faster than converting the same form from .docx with LibreOffice
headless (measured only where `soffice` and python-docx are installed)."""
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime, time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import cpu_line, header, timed_ms  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.catalog import load_catalog  # noqa: E402
from kiosk.config import DEFAULT_CONFIG_TOML, parse_settings  # noqa: E402
from kiosk.documents import ReceivedDocument, SlipData, render_form, render_receipt  # noqa: E402

RUNS = 50
FORM_ID = "to-khai-dang-ky-khai-sinh"


CPU_MS: dict[int, float] = {}  # id(fn) -> median CPU ms of its last median_ms


def median_ms(fn, runs: int = RUNS) -> float:
    fn()  # warm-up: fonts registered, modules loaded, caches filled
    wall, cpu = timed_ms(fn, runs)
    CPU_MS[id(fn)] = cpu
    return wall


def receipt() -> SlipData:
    return SlipData(
        dossier_code="HB-20261125-0007", procedure_code="1.001193", procedure_name="Thủ tục đăng ký khai sinh",
        applicant_name="NGUYỄN THỊ HƯỜNG", received_at=datetime(2026, 11, 25, 9, 15), due_date=date(2026, 11, 27),
        due_time=clock(14, 0), clerk_name="Trần Văn Bình", phone="0912345678",
        documents=[ReceivedDocument("Tờ khai đăng ký khai sinh (theo mẫu)"), ReceivedDocument("Giấy chứng sinh")],
        return_channel="Trung tâm Phục vụ hành chính công xã Hòa Bình")


def docx_ratio(template, values, form_ms: float) -> tuple[float | None, str]:
    """LibreOffice docx -> pdf median over a few runs, as a multiple of our time."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None, "soffice (LibreOffice) is not on PATH"
    try:
        import docx  # python-docx
    except ImportError:
        return None, "python-docx is not installed, so no equivalent .docx can be built"
    with tempfile.TemporaryDirectory() as d:
        doc = docx.Document()
        doc.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        doc.add_paragraph("Độc lập - Tự do - Hạnh phúc")
        doc.add_heading(template.title, level=1)
        for item in template.items:
            doc.add_paragraph(item.text if item.text is not None else f"{item.label} {values.get(item.key, '')}")
        for note in template.footnotes:
            doc.add_paragraph(note)
        src = Path(d) / "form.docx"
        doc.save(src)

        def convert():
            subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", d, str(src)],
                           check=True, capture_output=True)
        lo_ms = median_ms(convert, runs=5)
    return lo_ms / form_ms, f"LibreOffice docx->pdf {lo_ms:.0f} ms"


def main() -> None:
    print(header(), flush=True)
    catalog = load_catalog(REPO / "forms_catalog")
    settings = parse_settings(DEFAULT_CONFIG_TOML, Path("config.toml"))
    template = catalog.forms[FORM_ID]
    values = {f.key: f.sample for f in template.fields}
    data = receipt()
    form_fn = lambda: render_form(template, values, settings, mode="filled")  # noqa: E731
    receipt_fn = lambda: render_receipt(data, settings, "a5")  # noqa: E731
    form_ms = median_ms(form_fn)
    receipt_ms = median_ms(receipt_fn)
    cpu_line(f"form {CPU_MS[id(form_fn)]:.1f} ms, A5 receipt {CPU_MS[id(receipt_fn)]:.1f} ms")
    r80_ms = median_ms(lambda: render_receipt(data, settings, "80mm"))
    print(f"filled form {FORM_ID}: median {form_ms:.1f} ms over {RUNS} runs (target <= 40 ms): "
          f"{'OK' if form_ms <= 40 else 'SLOW'}")
    print(f"A5 receipt: median {receipt_ms:.1f} ms over {RUNS} runs (target <= 25 ms): "
          f"{'OK' if receipt_ms <= 25 else 'SLOW'}")
    print(f"80 mm receipt: median {r80_ms:.1f} ms over {RUNS} runs")
    ratio, why = docx_ratio(template, values, form_ms)
    if ratio is None:
        print(f"docx ratio skipped: {why}")
        tail = "docx ratio skipped"
    else:
        print(f"{why}: reportlab is {ratio:.0f}x faster (target >= 30x): {'OK' if ratio >= 30 else 'SLOW'}")
        tail = f"{ratio:.0f}x faster than LibreOffice"
    print(f"documents: form {form_ms:.1f} ms (<= 40), A5 receipt {receipt_ms:.1f} ms (<= 25), "
          f"80 mm receipt {r80_ms:.1f} ms, {tail}")


if __name__ == "__main__":
    main()
