"""Read-aloud: espeak-ng speaks Vietnamese to a WAV; the screen says when no voice exists."""
import shutil
import subprocess
import unicodedata
import wave

import pytest

from kiosk.speech import Speaker


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (make test installs it)")
def test_vietnamese_guidance_becomes_a_wav_of_speech(tmp_path):
    sp = Speaker(tmp_path)
    assert sp.available
    wav = sp.synthesize("Đăng ký khai sinh. Lệ phí: miễn lệ phí. Mời bạn ngồi chờ.")
    with wave.open(str(wav)) as w:
        seconds = w.getnframes() / w.getframerate()
    assert seconds > 2.0
    # NFD text is normalised first: the same announcement, the same file
    assert sp.synthesize(unicodedata.normalize("NFD", "Đăng ký khai sinh. Lệ phí: miễn lệ phí. Mời bạn ngồi chờ.")) == wav
    if shutil.which("sox"):
        stats = subprocess.run(["sox", str(wav), "-n", "stat"], capture_output=True, text=True).stderr
        rms = float(next(line.split()[-1] for line in stats.splitlines() if line.startswith("RMS     amplitude")))
        assert rms > 0.01  # not silence


def test_the_lobby_says_when_no_voice_is_installed(window, services, monkeypatch):
    monkeypatch.setattr(services.speaker, "_espeak", None)
    window.read_aloud()
    assert window.toast.isVisible() and "chưa cài giọng đọc" in window.toast.text()
