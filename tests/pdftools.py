"""Reading PDFs the way a person or a scanner does: QR codes found on the rendered page."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def decode_qr(pdf: bytes, tmp_path: Path, *, with_rect: bool = False) -> list:
    """The QR codes a reader finds on page 1 (rendered at 150 dpi); with_rect adds each
    code's bounding box in millimetres from the page's top-left corner."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from PIL import Image
    from pyzbar.pyzbar import decode
    src = tmp_path / "doc.pdf"
    src.write_bytes(pdf)
    for old in tmp_path.glob("page*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(src), str(tmp_path / "page")],
                   check=True)
    png = next(tmp_path.glob("page*.png"))
    found = decode(Image.open(png))
    if with_rect:
        px = 25.4 / 150
        return [(s.data.decode("utf-8"), (s.rect.left * px, s.rect.top * px, s.rect.width * px, s.rect.height * px))
                for s in found]
    return [s.data.decode("utf-8") for s in found]
