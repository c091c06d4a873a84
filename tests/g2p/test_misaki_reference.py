"""Our Japanese and Chinese phonemizers give exactly what Kokoro's reference pipeline
gives (issue 18): misaki's ``JAG2P()`` (whose default is the cutlet frontend) and
``ZHG2P()`` with no version (the legacy frontend that Kokoro-82M v1.0 uses). Compared
on the tables' Japanese normalized text and Chinese input, leaving out Latin words and
digits, which our wrapper reads differently on purpose (English; our number rules), and
our normalizer's ASCII punctuation, after which Chinese gets back misaki's spaces."""

import re

import pytest

from litetts_cli.g2p import chinese, japanese
from tests.g2p.language_tables import load_table

ZH_TABLE = load_table("zh")
JA_TABLE = load_table("ja")

_OURS_ON_PURPOSE = re.compile(r"[0-9A-Za-zＡ-Ｚａ-ｚ０-９]")


_ASCII_PAUSES = re.compile(r"[,;:!?\"]")


def _plain(table, column, also=None):
    return [
        row[column]
        for row in table
        if not _OURS_ON_PURPOSE.search(row[column]) and not (also and also.search(row[column]))
    ]


ZH_TEXTS = sorted(set(_plain(ZH_TABLE, 0)) | set(_plain(ZH_TABLE, 1, _ASCII_PAUSES)))


@pytest.fixture(scope="module")
def misaki_japanese():
    from misaki.cutlet import Cutlet

    return Cutlet()


@pytest.fixture(scope="module")
def misaki_chinese():
    from misaki.zh import ZHG2P

    return ZHG2P()


@pytest.mark.parametrize("text", _plain(JA_TABLE, 1))
def test_japanese_matches_misaki(text, misaki_japanese):
    assert japanese.phonemize(text) == misaki_japanese(text)[0]


@pytest.mark.parametrize("text", ZH_TEXTS)
def test_chinese_matches_misaki(text, misaki_chinese):
    assert chinese.phonemize(text) == misaki_chinese(text)[0]


def test_both_reference_tables_have_plain_rows():
    assert len(_plain(JA_TABLE, 1)) >= 35 and len(ZH_TEXTS) >= 35
