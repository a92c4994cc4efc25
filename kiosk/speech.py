"""Read-aloud: espeak-ng (offline, Vietnamese voice) writes a WAV, a player plays it.

No Qt here: the UI calls `say()` / `stop()`; playing happens in a child process
so the UI thread never waits on audio.

Only public text (the lobby's screens) is cached, as owner-only WAVs checked before
they are kept (a full disk makes espeak-ng exit 0 with an empty or cut WAV that
would otherwise stay silent for good); the cache is pruned to MAX_CACHE_FILES.
Text with personal data (`private=True`: the counter reading a dossier back to the
citizen) is piped from espeak-ng straight to the player and never touches the disk.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import struct
import subprocess
from pathlib import Path

from kiosk.text import nfc

log = logging.getLogger(__name__)
PLAYERS = (["aplay", "-q"], ["paplay"], ["play", "-q"])
# how each player reads a WAV from its standard input
STDIN_ARGS = {"aplay": [], "paplay": [], "play": ["-t", "wav", "-"]}
MAX_CACHE_FILES = 300
MIN_WAV_BYTES = 44 + 1000  # a header and at least a few milliseconds of sound


class SpeechError(RuntimeError):
    """espeak-ng produced no usable sound."""


def valid_wav(data: bytes) -> bool:
    """A complete RIFF/WAVE file: the header's sizes match the bytes actually there."""
    if len(data) < MIN_WAV_BYTES or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return False
    if struct.unpack("<I", data[4:8])[0] + 8 != len(data):
        return False
    pos = 12
    while pos + 8 <= len(data):
        chunk, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        if chunk == b"data":
            return 0 < size <= len(data) - pos - 8
        pos += 8 + size + (size & 1)
    return False


class Speaker:
    def __init__(self, cache_dir: Path, voice: str = "vi"):
        self._cache = cache_dir
        self._voice = voice
        self._proc: subprocess.Popen | None = None
        self._synth: subprocess.Popen | None = None
        self._espeak = shutil.which("espeak-ng")
        self._player = next((p for p in PLAYERS if shutil.which(p[0])), None)

    @property
    def available(self) -> bool:
        """True when a Vietnamese voice can be synthesised here."""
        return self._espeak is not None

    def synthesize(self, text: str) -> Path:
        """WAV file for public `text` (NFC first: espeak-ng mispronounces NFD). Cached by
        content once checked; raises SpeechError when espeak-ng wrote no complete WAV."""
        if not self._espeak:
            raise RuntimeError("espeak-ng is not installed")
        text = nfc(text)
        self._cache.mkdir(parents=True, exist_ok=True, mode=0o700)
        out = self._cache / (hashlib.sha1(f"{self._voice}|{text}".encode()).hexdigest() + ".wav")
        if out.exists():
            return out
        tmp = self._cache / f".{out.stem}.{os.getpid()}.partial"
        try:
            os.close(os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
            subprocess.run([self._espeak, "-v", self._voice, "-s", "140", "-w", str(tmp), text],
                           check=True, capture_output=True, timeout=30)
            if not valid_wav(tmp.read_bytes()):
                raise SpeechError("espeak-ng wrote an empty or incomplete WAV (disk full?)")
            tmp.replace(out)
        finally:
            tmp.unlink(missing_ok=True)
        self._prune()
        return out

    def _prune(self) -> None:
        try:
            files = sorted(self._cache.glob("*.wav"), key=lambda f: f.stat().st_mtime, reverse=True)
            for f in files[MAX_CACHE_FILES:]:
                f.unlink(missing_ok=True)
        except OSError as e:
            log.warning("speech cache prune failed: %s", e)

    def say(self, text: str, private: bool = False) -> bool:
        """Start reading `text` aloud; False when no voice or no player is available.
        `private`: the text holds personal data; it is never written to disk."""
        self.stop()
        if not self.available or self._player is None:
            return False
        try:
            if private:
                self._say_piped(nfc(text))
            else:
                wav = self.synthesize(text)
                self._proc = subprocess.Popen([*self._player, str(wav)], stdout=subprocess.DEVNULL,
                                              stderr=subprocess.DEVNULL)
            return True
        except (OSError, subprocess.SubprocessError, SpeechError) as e:
            log.warning("read-aloud failed: %s", e)
            return False

    def _say_piped(self, text: str) -> None:
        self._synth = subprocess.Popen([self._espeak, "-v", self._voice, "-s", "140", "--stdout", text],
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._proc = subprocess.Popen([*self._player, *STDIN_ARGS.get(Path(self._player[0]).name, [])],
                                      stdin=self._synth.stdout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._synth.stdout.close()  # the player owns the pipe now

    @property
    def speaking(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def stop(self) -> None:
        for p in (self._synth, self._proc):
            if p and p.poll() is None:
                p.terminate()
        self._proc = self._synth = None
