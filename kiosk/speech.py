"""Read-aloud: espeak-ng (offline, Vietnamese voice) writes a WAV, a player plays it.

No Qt here: the UI calls `say()` / `stop()`; playing happens in a child process
so the UI thread never waits on audio.
"""
from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
from pathlib import Path

from kiosk.text import nfc

log = logging.getLogger(__name__)
PLAYERS = (["aplay", "-q"], ["paplay"], ["play", "-q"])


class Speaker:
    def __init__(self, cache_dir: Path, voice: str = "vi"):
        self._cache = cache_dir
        self._voice = voice
        self._proc: subprocess.Popen | None = None
        self._espeak = shutil.which("espeak-ng")
        self._player = next((p for p in PLAYERS if shutil.which(p[0])), None)

    @property
    def available(self) -> bool:
        """True when a Vietnamese voice can be synthesised here."""
        return self._espeak is not None

    def synthesize(self, text: str) -> Path:
        """WAV file for `text` (NFC first: espeak-ng mispronounces NFD). Cached by content."""
        if not self._espeak:
            raise RuntimeError("espeak-ng is not installed")
        text = nfc(text)
        self._cache.mkdir(parents=True, exist_ok=True)
        out = self._cache / (hashlib.sha1(f"{self._voice}|{text}".encode()).hexdigest() + ".wav")
        if not out.exists():
            tmp = out.with_suffix(".tmp")
            subprocess.run([self._espeak, "-v", self._voice, "-s", "140", "-w", str(tmp), text],
                           check=True, capture_output=True, timeout=30)
            tmp.replace(out)
        return out

    def say(self, text: str) -> bool:
        """Start reading `text` aloud; False when no voice or no player is available."""
        self.stop()
        if not self.available or self._player is None:
            return False
        try:
            wav = self.synthesize(text)
            self._proc = subprocess.Popen([*self._player, str(wav)], stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL)
            return True
        except (OSError, subprocess.SubprocessError) as e:
            log.warning("read-aloud failed: %s", e)
            return False

    @property
    def speaking(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def stop(self) -> None:
        if self._proc and self._proc.poll() is None:
            self._proc.terminate()
        self._proc = None
