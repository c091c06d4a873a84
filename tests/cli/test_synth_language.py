"""`synth` picks the language of the text: --language, the named voice, or detection
when neither is given (issue 18); --show-phonemes says which and why."""

from __future__ import annotations

import json

import pytest

from litetts_cli.cli.app import main


def _show(args, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["synth", *args, "--show-phonemes", "--json"])
    code = exit_info.value.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    "args, voice, language, source, spoken",
    [
        (["Bonjour, je m'appelle Marie et j'habite à Paris depuis 2019."], "ff_siwis", "fr-fr", "detected",
         "Bonjour, je m'appelle Marie et j'habite à Paris depuis deux mille dix-neuf."),
        (["Hola, ¿cómo estás? Tengo 21 años."], "ef_dora", "es", "detected", "Hola, ¿cómo estás? Tengo veintiún años."),
        (["मेरे पास 25 किताबें हैं।"], "hf_alpha", "hi", "detected", "मेरे पास पच्चीस किताबें हैं।"),
        (["Read the 3rd line."], "af_heart", "en-us", "default", "Read the third line."),
        (["Il a 21 ans.", "--language", "fr"], "ff_siwis", "fr-fr", "language", "Il a vingt et un ans."),
        (["Custa R$ 5,50.", "-l", "pt-BR"], "pf_dora", "pt-br", "language", "Custa cinco reais e cinquenta centavos."),
        (["Tengo 21 años.", "--voice", "af_heart"], "af_heart", "en-us", "voice", "Tengo twenty-one años."),
        (["Il a 21 ans.", "--voice", "bf_emma", "--language", "fr"], "bf_emma", "fr-fr", "language",
         "Il a vingt et un ans."),
    ],
)
def test_language_and_voice_choice(tmp_home, capsys, args, voice, language, source, spoken):
    code, out, err = _show(args, capsys)
    assert code == 0, err
    shown = json.loads(out)
    assert (shown["voice"], shown["language"], shown["language_source"]) == (voice, language, source)
    assert " ".join(c["text"] for c in shown["chunks"]) == spoken


def test_plain_output_names_the_language(tmp_home, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["synth", "Ciao, come stai? Io sono molto contento.", "--show-phonemes"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert out.splitlines()[0] == "voice if_sara, language it (detected from the text)"


def test_a_language_without_a_voice_is_one_line(tmp_home, capsys):
    code, _, err = _show(["Hallo.", "--language", "de"], capsys)
    assert code == 2
    assert "Kokoro has no voice for language 'de'" in err and "Traceback" not in err


def test_a_voice_from_the_environment_is_a_named_voice(tmp_home, capsys, monkeypatch):
    monkeypatch.setenv("LITETTS_VOICE", "bf_emma")
    code, out, err = _show(["Bonjour, je m'appelle Marie et j'habite à Paris."], capsys)
    assert code == 0, err
    shown = json.loads(out)
    assert (shown["voice"], shown["language"], shown["language_source"]) == ("bf_emma", "en-gb", "voice")
