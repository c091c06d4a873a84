"""Japanese: input -> normalized text -> the phonemes Kokoro v1.0 was trained on (issue 18).

The phonemes are misaki's first-generation Japanese frontend (cutlet over MeCab with
unidic-lite), checked by reading: counters and dates read as a Japanese speaker says
them (サンボン, シガツ, ツイタチ, ハタチ), Latin words as English.
"""

import pytest

from litetts_cli.engine.chunking import ChunkOptions, plan_chunks
from litetts_cli.g2p.japanese import phonemize, split_words
from litetts_cli.g2p.tokens import vocab
from litetts_cli.normalize import Normalizer, NormalizeOptions
from litetts_cli.normalize.japanese import counter_reading, kanji_number

NORMALIZE = Normalizer(NormalizeOptions(language="ja", strict=True)).normalize

TABLE = [
    ("こんにちは。", "こんにちは。", "koɲɲiʨiβa."),
    ("ありがとうございます。", "ありがとうございます。", "aɾʲiɡatoː ɡoʣaimasɨ."),
    ("今日は2024年3月5日です。", "今日は二千二十ヨネンサンガツイツカです。", "kʲoː βa ɲiseɴ ɲiʥɨː joneɴsaŋɡaʦɨiʦɨka desɨ."),
    ("2024/03/05に会議があります。", "二千二十ヨネンサンガツイツカに会議があります。", "ɲiseɴ ɲiʥɨː joneɴsaŋɡaʦɨiʦɨka ɲi kaiɡʲi ɡa aɾʲimasɨ."),
    ("4月9日は雨でした。", "シガツココノカは雨でした。", "ɕi ɡaʦɨ koko noka βa ame deɕi ta."),
    ("7月1日から休みです。", "シチガツツイタチから休みです。", "ɕiʨiɡaʦɨʦɨitaʨi kaɾa jasɨmʲi desɨ."),
    ("1日3回飲んでください。", "イチニチサンカイ飲んでください。", "iʨiɲiʨisaŋkai noɴ de kɯdasai."),
    ("14日と20日と24日", "ジューヨッカとハツカとニジューヨッカ", "ʥɨːjoʔka to haʔka to ɲiʥɨːjoʔka"),
    ("午後3:30に会いましょう。", "午後サンジ三ジュップンに会いましょう。", "ɡoɡo saɲʥi saɴ ʥɨʔpɯɴ ɲi ai maɕoː."),
    ("10時15分に出発します。", "ジュージ十ゴフンに出発します。", "ʥɨːʥi ʥɨː ɡo ɸɯɴ ɲi ɕɨʔpaʦɨ ɕi masɨ."),
    ("朝7時に起きた。", "朝シチジに起きた。", "asa ɕiʨiʥi ɲi okʲita."),
    ("9時です。", "クジです。", "kɯʥi desɨ."),
    ("¥1,500です。", "千五百円です。", "seɴ ɡoçakɯ eɴ desɨ."),
    ("1000円と4円", "千円とヨエン", "seɴ eɴ to joeɴ"),
    ("$3.50でした。", "三ドル五十セントでした。", "saɴ doɾɯ ɡoʥɨː sento deɕi ta."),
    ("€20のチケット", "二十ユーロのチケット", "ɲiʥɨː jɯːɾo no ʨikeʔto"),
    ("50%オフです。", "五十パーセントオフです。", "ɡoʥɨː paːsento oɸɯ desɨ."),
    ("3.14は円周率です。", "三点一四は円周率です。", "saɴ teɴ iʨi joɴ βa eɴɕɨːɾʲiʦɨ desɨ."),
    ("0.5キロ", "ゼロ点五キロ", "ʣeɾo teɴ ɡo kʲiɾo"),
    ("3分の1を食べた。", "三分の一を食べた。", "saɴ bɯɴ no iʨi o tabeta."),
    ("気温は-5度です。", "気温はマイナス五度です。", "kʲioɴ βa mainasɨ ɡo do desɨ."),
    ("3本のペンと1匹の猫。", "サンボンのペンとイッピキの猫。", "samboɴ no peɴ to iʔpʲikʲi no neko."),
    ("11本と23本と20本", "十イッポンと二十サンボンと二ジュッポン", "ʥɨː iʔpoɴ to ɲiʥɨː samboɴ to ɲi ʥɨʔpoɴ"),
    ("6本のビール", "ロッポンのビール", "ɾoʔpoɴ no bʲiːɾɯ"),
    ("20歳になりました。", "ハタチになりました。", "hataʨi ɲi naɾʲi maɕita."),
    ("8歳の子供", "ハッサイの子供", "haʔsai no kodomo"),
    ("3人で行きます。", "サンニンで行きます。", "saɴ ɲiɴ de ikʲimasɨ."),
    ("1人と2人と4人", "ヒトリとふたりとよにん", "çitoɾʲi to ɸɯtaɾʲi to jo ɲiɴ"),
    ("リンゴを3つください。", "リンゴをミッツください。", "ɾʲiŋɡo o mʲiʔʦɨ kɯdasai."),
    ("2冊の本", "ニサツの本", "ɲi saʦɨ no hoɴ"),
    ("3階に住んでいます。", "サンガイに住んでいます。", "saɴ ɡai ɲi sɨnde imasɨ."),
    ("5枚の紙", "ゴマイの紙", "ɡo mai no kamʲi"),
    ("2ヶ月前", "ニカゲツ前", "ɲikaɡeʦɨ mae"),
    ("1万人が集まった。", "一万人が集まった。", "iʨimaɴ ɲiɴ ɡa aʦɨmaʔta."),
    ("100人", "百ニン", "çakɯ ɲiɴ"),
    ("第3章", "第三章", "dai saɴ ɕoː"),
    ("12345678", "千二百三十四万五千六百七十八", "seɴ ɲiçakɯ saɲʥɨːjoɴ maɴ ɡoseɴ ɾoʔpʲakɯ nanaʥɨː haʨi"),
    ("2", "二", "ɲi"),
    ("1時間待った。", "イチジカン待った。", "iʨiʥikaɴ maʔta."),
    ("2週間後", "ニシューカン後", "ɲiɕɨːkaɴ ɡo"),
    ("7日間の旅", "ナノカカンの旅", "nanokakaɴ no tabʲi"),
    ("3〜5人", "三からゴニン", "saɴ kaɾa ɡo ɲiɴ"),
    ("5kmを走った。", "五キロメートルを走った。", "ɡo kʲiɾomeːtoɾɯ o haɕiʔta."),
    ("30℃を超えた。", "三十度を超えた。", "saɲʥɨː do o koe ta."),
    ("電話は090-1234-5678です。", "電話はゼロ九ゼロ 一二三四 五六七八です。", "deɴβa βa ʣeɾo kʲɨː ʣeɾo iʨi ɲi saɴ joɴ ɡo ɾokɯ nana haʨi desɨ."),
    ("0.05秒", "ゼロ点ゼロ五秒", "ʣeɾo teɴ ʣeɾo ɡo bʲoː"),
    ("0", "ゼロ", "ʣeɾo"),
    ("東京タワーでiPhoneを買った。", "東京タワーでiPhoneを買った。", "toːkʲoː taβaː de ˈaɪ fˈoʊn o kaʔta."),
    ("Googleで検索します。", "Googleで検索します。", "ɡˈuːɡəl de keɴsakɯ ɕi masɨ."),
    ("ＡＩの時代", "AIの時代", "ˌeɪˈaɪ no ʥidai"),
    ("「はい。」と彼は言った。", "「はい。」と彼は言った。", "“hai.” to kaɾe βa iʔta."),
    ("本当？", "本当?", "hontoː?"),
    ("すごい！", "すごい!", "sɨɡoi!"),
    ("カタカナとひらがなと漢字", "カタカナとひらがなと漢字", "katakana to çiɾaɡana to kaɲʥi"),
    ("日本語の文章を読みます。", "日本語の文章を読みます。", "ɲiʔpoŋɡo no bɯɴɕoː o jomʲimasɨ."),
]


@pytest.mark.parametrize("text, normalized, phonemes", TABLE)
def test_japanese_table(text, normalized, phonemes):
    assert NORMALIZE(text) == normalized
    assert phonemize(normalized) == phonemes
    assert set(phonemes) <= set(vocab()), set(phonemes) - set(vocab())


def test_table_is_large_enough():
    assert len(TABLE) >= 40


@pytest.mark.parametrize(
    "number, kanji",
    [(0, "ゼロ"), (1, "一"), (10, "十"), (11, "十一"), (100, "百"), (101, "百一"), (110, "百十"),
     (1000, "千"), (2024, "二千二十四"), (10000, "一万"), (10001, "一万一"), (123456789, "一億二千三百四十五万六千七百八十九"),
     (10**12, "一兆"), (-3, "マイナス三")],
)
def test_kanji_numbers(number, kanji):
    assert kanji_number(number) == kanji


@pytest.mark.parametrize(
    "number, counter, previous, reading",
    [(1, "本", "", "イッポン"), (3, "本", "", "サンボン"), (10, "本", "", "ジュッポン"),
     (11, "本", "", "十イッポン"), (20, "本", "", "二ジュッポン"), (100, "本", "", "百本"),
     (1, "日", "3月", "ツイタチ"), (1, "日", "", "イチニチ"), (20, "日", "", "ハツカ"),
     (25, "日", "", "二十五ニチ"), (4, "月", "", "シガツ"), (9, "時", "", "クジ"), (19, "時", "", "十クジ"),
     (20, "歳", "", "ハタチ"), (4, "人", "", "よにん"), (12, "人", "", "十二ニン")],
)
def test_counter_readings(number, counter, previous, reading):
    assert counter_reading(number, counter, previous) == reading


def test_words_join_back_into_the_text():
    text = "東京タワーで iPhoneを買った。"
    words = split_words(text)
    assert "".join(words) == text
    assert words[:3] == ["東京", "タワー", "で "]


def test_sentences_split_at_full_width_marks():
    chunks = plan_chunks("今日は晴れです。明日は雨でしょう！", phonemize, ChunkOptions(target_tokens=1))
    assert [c.text for c in chunks] == ["今日は晴れです。", "明日は雨でしょう！"]


def test_a_long_text_reads_like_its_sentences_one_by_one():
    # cutlet's word grouping is cubic in the length of its input (33 s for 1,600
    # characters); we call it per clause, which must not change what is read.
    sentence = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。"
    assert phonemize(sentence * 100) == " ".join([phonemize(sentence)] * 100)
