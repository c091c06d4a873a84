"""Errors a user can act on.

Every error carries a message that says what went wrong and how to fix it; the CLI
prints it on one line and exits non-zero. Library code raises these, never prints.
"""

from __future__ import annotations


class LitettsError(Exception):
    """Base class: a problem the user can fix. ``exit_code`` is what the CLI returns."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.one_line()

    def __reduce__(self):
        # Whole across process boundaries: an error raised in a worker keeps its hint.
        return (type(self), (self.message, self.hint))

    def one_line(self) -> str:
        """The message and its hint as one line, for the terminal."""
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UsageError(LitettsError):
    """Bad arguments: unknown format, malformed blend, speed out of range, empty text."""

    exit_code = 2


class ModelNotFound(LitettsError):
    """The model or voices are not installed in the store."""


class VoiceNotFound(UsageError):
    """A voice name that is neither a Kokoro voice nor a saved custom voice."""


class DownloadError(LitettsError):
    """A download failed: no network, bad status, checksum mismatch."""


class IntegrityError(LitettsError):
    """A file's checksum does not match what was expected."""


class InputError(LitettsError):
    """An input file cannot be read: missing, corrupt, encrypted, not the right kind."""


class OutputError(LitettsError):
    """An output cannot be written: unwritable path, full disk, missing encoder."""


class EngineError(LitettsError):
    """The ONNX model could not be loaded or run."""


class ConversionRefused(EngineError):
    """A converted model's audio is too far from its source's; nothing was installed."""


class G2PError(LitettsError):
    """Text could not be turned into phonemes (unsupported language, missing espeak-ng)."""


class WorkerError(LitettsError):
    """A synthesis worker failed to load its engine, died, or stopped answering."""


class ClusterError(LitettsError):
    """A Ray cluster cannot be joined or lost every engine it had."""


# -- litetts benchmark ----------------------------------------------------------------
class RecipeError(UsageError):
    """A benchmark recipe file that cannot be run as written."""


class RegressionError(LitettsError):
    """A benchmark got slower than the baseline allows."""

    exit_code = 3


class FirstAudioError(LitettsError):
    """`litetts synth` gave no audio to time."""


class PeerMissing(LitettsError):
    """The optional peer library (kokoro-onnx) is not installed."""


class QualityToolsMissing(LitettsError):
    """Whisper or the word-error-rate tools are not installed."""


class ChartsUnavailable(LitettsError):
    """matplotlib is not installed."""


class CloneInputError(InputError):
    """A reference clip for voice cloning cannot be used (silence, too short, music, two speakers)."""


class CloneToolsMissing(ModelNotFound):
    """The speaker encoder for voice cloning (the ``clone`` extra) is not installed."""


class ReadAlongError(InputError):
    """A book --read-along cannot make a read-along EPUB of (EPUB 2, overlays already there)."""
