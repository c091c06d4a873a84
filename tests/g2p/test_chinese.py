"""Mandarin: input -> normalized text -> the phonemes Kokoro v1.0 was trained on (issue 18).

The phonemes are misaki's first-generation ("legacy") Chinese frontend: jieba words,
pypinyin, pinyin-to-IPA with tone arrows, no tone sandhi (as in Kokoro's training).
Numbers are cn2an's with our rules before it (两, times, money, units, phone numbers).
"""

import pytest

from litetts_cli.g2p.chinese import phonemize, split_words
from litetts_cli.g2p.tokens import vocab
from litetts_cli.normalize import Normalizer, NormalizeOptions

NORMALIZE = Normalizer(NormalizeOptions(language="zh", strict=True)).normalize

TABLE = [
    ("你好。", "你好。", "ni↓xau↓."),
    # A space after each pause mark, as misaki's own punctuation mapping gives in training.
    ("你好，世界；真的吗？好的！", "你好,世界;真的吗?好的!", "ni↓xau↓, ʂɨ↘ʨje↘; ꭧə→ntɤ ma? xau↓ tɤ!"),
    ("谢谢你！", "谢谢你!", "ɕje↘ɕje↘ ni↓!"),
    ("今天是2024年3月5日。", "今天是二零二四年三月五日。", "ʨi→ntʰjɛ→n ʂɨ↘ ɚ↘li↗ŋɚ↘ sɨ↘njɛ↗n sa→nɥe↘ u↓ɻɨ↘."),
    ("会议在2024-03-05举行。", "会议在二零二四年三月五日举行。", "xwei↘i↘ ʦai↘ ɚ↘li↗ŋɚ↘ sɨ↘njɛ↗n sa→nɥe↘ u↓ɻɨ↘ ʨy↓ɕi↗ŋ."),
    ("我有2个苹果。", "我有两个苹果。", "wo↓ jou↓ lja↓ŋkɤ↘ pʰi↗ŋkwo↓."),
    ("他今年25岁。", "他今年二十五岁。", "tʰa→ ʨi→nnjɛ↗n ɚ↘ʂɨ↗u↓swei↘."),
    ("这本书有300页。", "这本书有三百页。", "ꭧɤ↘ pə↓nʂu→ jou↓ sa→npai↓ je↘."),
    ("现在是15:05。", "现在是十五点零五分。", "ɕjɛ↘nʦai↘ ʂɨ↘ ʂɨ↗u↓ tjɛ↓n li↗ŋu↓fə→n."),
    ("我们2:30见面。", "我们两点三十分见面。", "wo↓mən lja↓ŋtjɛ↓n sa→nʂɨ↗fə→n ʨjɛ↘nmjɛ↘n."),
    ("早上8:00出发。", "早上八点出发。", "ʦau↓ʂa↘ŋ pa→tjɛ↓n ꭧʰu→fa→."),
    ("价格是¥3.50。", "价格是三元五角。", "ʨja↘kɤ↗ ʂɨ↘ sa→nɥɛ↗n u↓ʨjau↓."),
    ("一共￥1,200元。", "一共一千二百元。", "i→kʊ↘ŋ i→ʨʰjɛ→nɚ↘pai↓ɥɛ↗n."),
    ("这件衣服100元。", "这件衣服一百元。", "ꭧɤ↘ʨjɛ↘n i→fu↗ i↘pai↓ɥɛ↗n."),
    ("门票$100。", "门票一百美元。", "mə↗npʰjau↘ i↘pai↓ mei↓ɥɛ↗n."),
    ("欧元€20。", "欧元二十欧元。", "ou→ɥɛ↗n ɚ↘ʂɨ↗ ou→ɥɛ↗n."),
    ("增长了50%。", "增长了百分之五十。", "ʦə→ŋꭧa↓ŋ lɤ pai↓fə→nꭧɨ→u↓ʂɨ↗."),
    ("利率是3.5%。", "利率是百分之三点五。", "li↘ly↘ ʂɨ↘ pai↓fə→nꭧɨ→sa→ntjɛ↓n u↓."),
    ("气温-3℃。", "气温负三摄氏度。", "ʨʰi↘wə→n fu↘sa→n ʂɤ↘ʂɨ↘tu↘."),
    ("跑了10km。", "跑了十公里。", "pʰau↓ lɤ ʂɨ↗kʊ→ŋli↓."),
    ("重5kg。", "重五公斤。", "ꭧʊ↘ŋ u↓kʊ→ŋʨi→n."),
    ("手机号13800138000。", "手机号一三八零零一三八零零零。", "ʂou↓ʨi→xau↘ i→ sa→npa→ li↗ŋli↗ŋ i→ sa→npa→ li↗ŋli↗ŋ li↗ŋ."),
    ("电话010-12345678", "电话零一零 一二三四五六七八", "tjɛ↘nxwa↘ li↗ŋi→li↗ŋ i→ɚ↘sa→nsɨ↘u↓ ljou↘ ʨʰi→pa→"),
    ("有1,000,000人。", "有一百万人。", "jou↓ i↘pai↓wa↘n ɻə↗n."),
    ("第3章", "第三章", "ti↘sa→nꭧa→ŋ"),
    ("第1名", "第一名", "ti↘i↘mi↗ŋ"),
    ("3.14", "三点一四", "sa→ntjɛ↓n i→ sɨ↘"),
    ("1/2", "二分之一", "ɚ↘fə→nꭧɨ→i→"),
    ("0", "零", "li↗ŋ"),
    ("二〇二四年", "二零二四年", "ɚ↘li↗ŋɚ↘ sɨ↘njɛ↗n"),
    ("2", "二", "ɚ↘"),
    ("1000", "一千", "i→ʨʰjɛ→n"),
    ("10001", "一万零一", "i→wa↘n li↗ŋi→"),
    ("今天下午2点", "今天下午两点", "ʨi→ntʰjɛ→nɕja↘u↓ lja↓ŋtjɛ↓n"),
    ("12345", "一万二千三百四十五", "i→wa↘nɚ↘ʨʰjɛ→n sa→npai↓ sɨ↘ʂɨ↗u↓"),
    ("1990年代", "一九九零年代", "i→ʨjou↓ʨjou↓li↗ŋnjɛ↗n tai↘"),
    ("2个小时", "两个小时", "lja↓ŋkɤ↘ ɕjau↓ʂɨ↗"),
    ("我喜欢iPhone手机。", "我喜欢iPhone手机。", "wo↓ ɕi↓xwa→n ˈaɪ fˈoʊn ʂou↓ʨi→."),
    ("我在用Google搜索。", "我在用Google搜索。", "wo↓ ʦai↘ jʊ↘ŋ ɡˈuːɡəl sou→swo↓."),
    ("他说：“好的。”", "他说:\"好的。\"", "tʰa→ ʂwo→: \"xau↓ tɤ. \""),
    ("你呢？", "你呢?", "ni↓ nɤ?"),
    ("真的吗？", "真的吗?", "ꭧə→ntɤ ma?"),
    ("《红楼梦》是一本书。", "《红楼梦》是一本书。", "“xʊ↗ŋlou↗mə↘ŋ” ʂɨ↘ i→ pə↓nʂu→."),
    ("中文和English混合。", "中文和English混合。", "ꭧʊ→ŋwə↗n xɤ↗ ˈɪŋɡlɪʃ xwə↘nxɤ↗."),
    ("北京是中国的首都。", "北京是中国的首都。", "pei↓ʨi→ŋ ʂɨ↘ ꭧʊ→ŋkwo↗ tɤ ʂou↓tu→."),
]


@pytest.mark.parametrize("text, normalized, phonemes", TABLE)
def test_chinese_table(text, normalized, phonemes):
    assert NORMALIZE(text) == normalized
    assert phonemize(normalized) == phonemes
    assert set(phonemes) <= set(vocab()), set(phonemes) - set(vocab())


def test_table_is_large_enough():
    assert len(TABLE) >= 40


@pytest.mark.parametrize("language", ["zh", "cmn", "zh-CN"])
def test_every_spelling_of_chinese_gets_chinese_numbers(language):
    assert Normalizer(NormalizeOptions(language=language)).normalize("我有2个苹果。") == "我有两个苹果。"


def test_words_join_back_into_the_text():
    text = "我喜欢 iPhone手机。"
    words = split_words(text)
    assert "".join(words) == text
    assert words[:2] == ["我", "喜欢 "]

