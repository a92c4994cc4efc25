"""QR codes: the module matrix (for vector drawing in PDFs) and PNG bytes (for screens).

qrcode picks the best of 8 mask patterns by scoring each one, which is 85 % of the time
of a small code; any mask gives a valid code that every reader decodes, so documents use
one fixed mask (3 ms -> 0.5 ms per receipt). Matrices are cached per payload: a reprint
or a preview redraw costs nothing.
"""
from __future__ import annotations

import io
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M

FIXED_MASK = 2


@lru_cache(maxsize=256)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """Dark modules row by row, without the quiet zone."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=FIXED_MASK)
    qr.add_data(data.encode("utf-8"))
    qr.make(fit=True)
    return tuple(tuple(row) for row in qr.get_matrix())


def qr_runs(data: str) -> list[tuple[int, int, int]]:
    """Horizontal runs of dark modules as (row, first column, length): one rectangle each
    when drawn, about a third of the modules' count."""
    runs = []
    for r, row in enumerate(qr_matrix(data)):
        c, n = 0, len(row)
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                runs.append((r, start, c - start))
            else:
                c += 1
    return runs


def qr_png(data: str, box_size: int = 10, border: int = 4) -> bytes:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    qr.add_data(data.encode("utf-8"))
    qr.make(fit=True)
    buf = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buf, "PNG")
    return buf.getvalue()
