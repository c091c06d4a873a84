"""espeak-ng phonemizer, from the library and data shipped by ``espeakng-loader``.

Every Kokoro language but Japanese and Mandarin; :mod:`litetts_cli.g2p.languages`
chooses.

Kokoro's reference pipeline (misaki's ``EspeakG2P``) asks espeak-ng for tied phonemes and
sends each affricate or diphthong as one token (``tʃ`` -> ``ʧ``, ``eɪ`` -> ``A``). We send
espeak-ng's plain IPA. Measured with multilingual Whisper base on 30 sentences in
Spanish, French, Italian, Portuguese and Hindi (issue 18), the two read equally well
(mean error 0.135 ours, 0.136 mapped), so the mapping was not adopted.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import types
from functools import lru_cache
from pathlib import Path

from litetts_cli.errors import G2PError

# espeak-ng keeps one global state per process (current voice, buffers); two threads
# phonemizing at once corrupt each other's output, so every call holds this lock.
_ESPEAK_LOCK = threading.Lock()


_PLACEHOLDERS = ("phonemizer", "phonemizer.backend")


def _espeak_classes():
    """phonemizer's ``EspeakBackend`` and ``EspeakWrapper`` without the rest of phonemizer.

    ``import phonemizer`` runs its package ``__init__``, which imports every backend; the
    segments backend alone pulls in csvw, rdflib, babel and jsonschema, about a quarter
    of a second of a streamed ``synth``'s first audio (issue 12) for a backend litetts
    never uses. The espeak modules are imported under empty stand-ins for their two
    parent packages, which are then taken out of ``sys.modules``: a later ``import
    phonemizer`` runs as usual and reuses these very modules. Where phonemizer is laid
    out differently the usual import is used; a test checks that this path is taken."""
    if not any(name in sys.modules for name in _PLACEHOLDERS):
        spec = importlib.util.find_spec("phonemizer")
        if spec is not None and spec.submodule_search_locations:
            root = Path(list(spec.submodule_search_locations)[0])
            stand_ins = {}
            for name, folder in zip(_PLACEHOLDERS, (root, root / "backend")):
                module = types.ModuleType(name)
                module.__path__ = [str(folder)]
                stand_ins[name] = sys.modules[name] = module
            try:
                from phonemizer.backend.espeak.espeak import EspeakBackend
                from phonemizer.backend.espeak.wrapper import EspeakWrapper

                return EspeakBackend, EspeakWrapper
            except ImportError:
                pass  # not the layout this expects: import phonemizer as usual below
            finally:
                for name, module in stand_ins.items():
                    if sys.modules.get(name) is module:
                        del sys.modules[name]
    from phonemizer.backend import EspeakBackend
    from phonemizer.backend.espeak.wrapper import EspeakWrapper

    return EspeakBackend, EspeakWrapper


@lru_cache(maxsize=None)
def _backend(language: str):
    try:
        import espeakng_loader

        EspeakBackend, EspeakWrapper = _espeak_classes()
    except ImportError as exc:  # pragma: no cover - a broken install
        raise G2PError(f"espeak-ng is not installed ({exc})", hint="run `make install`") from None
    EspeakWrapper.set_library(espeakng_loader.get_library_path())
    EspeakWrapper.set_data_path(espeakng_loader.get_data_path())
    return EspeakBackend(
        language,
        preserve_punctuation=True,
        with_stress=True,
        language_switch="remove-flags",
        # Every call is one short fragment; word-count mismatch warnings are noise.
        words_mismatch="ignore",
    )


def phonemize(text: str, language: str) -> str:
    """IPA phonemes with stress marks for ``text``, punctuation kept."""
    if not text.strip():
        return ""
    with _ESPEAK_LOCK:
        backend = _backend(language)
        result = backend.phonemize([text], strip=True, njobs=1)
    return result[0] if result else ""
