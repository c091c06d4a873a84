"""Everything the Japanese and Chinese frontends can say is in Kokoro's vocabulary
(issue 18): every kana and kana pair, every pinyin syllable pypinyin knows. A symbol
outside the vocabulary would be dropped silently before the model."""

from litetts_cli.g2p import japanese
from litetts_cli.g2p.tokens import vocab

KANA = [chr(i) for i in range(0x3041, 0x3097)] + [chr(i) for i in range(0x30A1, 0x30FB)] + list("ーゝゞヽヾ々")
SMALL = "ゃゅょぁぃぅぇぉャュョァィゥェォっッ"
# Brackets cutlet writes that Kokoro has no token for; they carry no sound.
SILENT = set("«»[]")


def test_every_kana_and_kana_pair_phonemizes_into_the_vocabulary():
    texts = KANA + [a + b for a in KANA for b in SMALL] + [b + a for a in KANA for b in SMALL]
    texts += ["ん" + k for k in KANA] + [k + "ー" for k in KANA]
    table = set(vocab()) | SILENT
    outside = {text: out for text in texts if not set(out := japanese.phonemize(text)) <= table}
    assert not outside


def test_every_pinyin_syllable_phonemizes_into_the_vocabulary():
    from misaki.zh import ZHG2P
    from pypinyin.constants import PINYIN_DICT
    from pypinyin.contrib.tone_convert import to_tone3

    syllables = {to_tone3(p, neutral_tone_with_five=True) for v in PINYIN_DICT.values() for p in v.split(",")}
    assert len(syllables) > 1400
    table = set(vocab())
    # The legacy frontend drops the non-syllabic mark (U+032F) after converting, as we do.
    outside = {s: ipa for s in syllables if not set(ipa := ZHG2P.py2ipa(s).replace("\u032f", "")) <= table}
    assert not outside
