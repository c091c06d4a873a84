"""Mandarin G2P: the phonemes Kokoro v1.0's Chinese voices (zf_*, zm_*) were trained on.

Kokoro-82M v1.0 learned Mandarin from misaki's first-generation ("legacy") Chinese
frontend: cn2an turns digits into Chinese numerals, jieba cuts words, pypinyin gives
each word's pinyin, and pinyin becomes IPA with tone arrows (``你好`` -> ``ni↓xau↓``;
no tone sandhi, as in training). We run that same frontend (``misaki.zh`` with no
version), installed with ``litetts[zh]``; its data ships in the wheels. Latin words go
to English espeak-ng (see :mod:`litetts_cli.g2p.mixed`).
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache

from litetts_cli.g2p.mixed import align_words, missing_extra, phonemize_mixed

# jieba builds its prefix dictionary lazily on first use from any thread; one lock keeps
# that single and the calls that follow ordered (the server phonemizes from several).
_LOCK = threading.Lock()

_ASCII_PAUSE = re.compile(r"([,;:!?])(?![\s\d])")
"""misaki turns ，；：！？ into the ASCII mark and a space; the normalizer's cleanup has
already made them ASCII with no space, so the space is put back, as in training."""


@lru_cache(maxsize=1)
def _frontend():
    try:
        import jieba
        from misaki.zh import ZHG2P
    except ImportError as exc:
        raise missing_extra("Mandarin Chinese", "zh", exc) from None
    # jieba logs "Building prefix dict..." to stderr on first use; only cli/ talks.
    jieba.setLogLevel(logging.WARNING)
    with _LOCK:
        jieba.initialize()
    return ZHG2P(), jieba


def _native(text: str) -> str:
    g2p, _ = _frontend()
    text = _ASCII_PAUSE.sub(r"\1 ", text)
    with _LOCK:
        return g2p(text)[0]


def phonemize(text: str) -> str:
    """Kokoro phonemes for Chinese text (hanzi, digits, punctuation, Latin words).

    Example:
        >>> phonemize("你好，世界。")
        'ni↓xau↓, ʂɨ↘ʨje↘.'
    """
    if not text.strip():
        return ""
    return phonemize_mixed(text, _native)


def split_words(text: str) -> list[str]:
    """jieba's words, each with the whitespace that follows it; joined they give ``text``."""
    _, jieba = _frontend()
    with _LOCK:
        words = [w for w in jieba.lcut(text, cut_all=False) if w.strip()]
    return align_words(text, words)


__all__ = ["phonemize", "split_words"]
