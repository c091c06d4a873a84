"""The Normalizer as a whole: chaining, options, markup pass-through, and properties."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litetts_cli.errors import UsageError
from litetts_cli.normalize import (
    CATEGORIES,
    NormalizeOptions,
    Normalizer,
    load_user_rules,
    parse_user_rules,
)
from litetts_cli.normalize.base import MARKUP

STRICT = Normalizer(NormalizeOptions(strict=True))


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Dr. Smith paid $45.50 on 3/4/2024.",
            "Doctor Smith paid forty-five dollars and fifty cents on March fourth, twenty twenty-four.",
        ),
        (
            "The FBI and NASA met on March 3, 2024 at 7:30 a.m.",
            "The F B I and Nasa met on March third, twenty twenty-four at seven thirty [A](/ˈeɪ/) M.",
        ),
        ("Chapter IV. Henry VIII's wife.", "Chapter four. Henry the Eighth's wife."),
        (
            "It weighs 5 kg, costs £1.2B, and is 50% lighter!",
            "It weighs five kilograms, costs one point two billion pounds, and is fifty percent lighter!",
        ),
        ("Is it No. 1? Yes; it is.", "Is it number one? Yes; it is."),
        ("First line.\nSecond line: 2 items.", "First line.\nSecond line: two items."),
        ("Para one.\n\nPara two.", "Para one.\n\nPara two."),
        ("“I’m done,” she said…", "\"I'm done,\" she said…"),
        ("In 1887, Mr. Holmes lived at 221B Baker St. London.", "In eighteen eighty-seven, Mister Holmes lived at two twenty-one B Baker Street. London."),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalize(text, expected):
    assert STRICT.normalize(text) == expected


def test_default_options_are_us_english():
    options = NormalizeOptions()
    assert (options.language, options.date_order, options.is_english, options.british) == ("en-us", "us", True, False)


def test_options_take_any_iterable_of_categories():
    assert NormalizeOptions(disabled=["numbers"]).disabled == frozenset({"numbers"})  # type: ignore[arg-type]


def test_options_are_frozen():
    with pytest.raises(AttributeError):
        NormalizeOptions().language = "fr-fr"  # type: ignore[misc]


def test_unknown_category_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown normalizer categories"):
        NormalizeOptions(disabled=frozenset({"numbrs"}))


def test_bad_date_order_is_a_usage_error():
    with pytest.raises(UsageError):
        NormalizeOptions(date_order="iso")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "disabled, text, expected",
    [
        ({"numbers"}, "I have 3 cats", "I have 3 cats"),
        ({"money"}, "$5", "five"),
        ({"acronyms"}, "the FBI", "the FBI"),
        ({"homographs"}, "I have read it", "I have read it"),
        ({"abbreviations"}, "Dr. Who", "Dr. Who"),
        ({"ssml"}, "<speak>hi</speak>", "hi"),
        ({"cleanup"}, "I’m", "I’m"),
        ({"web"}, "see example.com", "see example.com"),
        ({"symbols"}, "a & b", "a & b"),
        ({"roman"}, "Chapter IV", "Chapter I V"),
    ],
)
def test_categories_can_be_disabled(disabled, text, expected):
    options = NormalizeOptions(disabled=frozenset(disabled), strict=True)
    assert Normalizer(options).normalize(text) == expected


def test_every_category_name_is_known():
    assert set(CATEGORIES) >= {"numbers", "money", "dates", "times", "units", "homographs", "ssml"}


def test_user_rules_run_after_cleanup_and_may_emit_markup():
    rules = parse_user_rules({r"\bKokoro\b": "Ko ko ro", r"\bGIF\b": "[GIF](/dʒˈɪf/)", "I'm": "I am"})
    normalize = Normalizer(NormalizeOptions(user_rules=rules, strict=True)).normalize
    assert normalize("Kokoro says I’m a GIF.") == "Ko ko ro says I am a [GIF](/dʒˈɪf/)."


def test_user_rules_load_from_toml(tmp_path):
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text('[normalize.replace]\n"\\\\bSQL\\\\b" = "sequel"\n', encoding="utf-8")
    rules = load_user_rules(lexicon)
    assert Normalizer(NormalizeOptions(user_rules=rules)).normalize("SQL rocks") == "sequel rocks"


@pytest.mark.parametrize("table", [{"(": "x"}, {"a": "\\9"}, {"a": 5}])
def test_bad_user_rule_is_a_usage_error(table):
    with pytest.raises(UsageError):
        parse_user_rules(table)


def test_missing_lexicon_is_an_input_error(tmp_path):
    from litetts_cli.errors import InputError

    with pytest.raises(InputError):
        load_user_rules(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    "text",
    [
        "[read](/ɹˈɛd/)",
        "[pause:1.5s]",
        "[pause:500ms]",
        "before [Dr.](/dˈɑːktɚ/) after [pause:2s] end",
        "x [A.B.](/ˈeɪ bˈiː/) y",
        # One grammar with the chunker (issue 15): no unit means seconds, any case.
        "Wait [pause:2] now",
        "[PAUSE:1S]",
        "a [Pause: 1.5 s] b",
        "a [pause:250MS] b",
    ],
)
def test_inline_markup_passes_through_untouched(text):
    assert STRICT.normalize(text) == text


def test_private_use_placeholders_in_the_input_cannot_leak_markup():
    assert STRICT.normalize("a\U000f0000b [pause:1s]") == "ab [pause:1s]"


@pytest.mark.parametrize(
    "text, expected",
    [("<b></b>", "less than b greater than less than slash b greater than"), (".[1]", ". (one)")],
)
def test_text_that_is_all_markup_is_read_rather_than_dropped(text, expected):
    assert STRICT.normalize(text) == expected


def test_non_english_skips_english_reading():
    """French gets French money (issue 18) but no English acronym spelling or fractions."""
    normalize = Normalizer(NormalizeOptions(language="fr-fr", strict=True)).normalize
    assert normalize("Le FBI a payé 5 € le 3/4.") == "Le FBI a payé cinq euros le 3/4."


def test_a_long_text_is_one_pass():
    paragraph = "On March 3, 2024, Dr. Smith read 25 pages of Chapter IV for $5.50. "
    out = STRICT.normalize(paragraph * 200)
    assert out.count("Doctor Smith") == 200
    assert not any(c.isdigit() for c in out)


TRICKY = st.text(
    alphabet=st.sampled_from(list("0123456789$£€¥¢.,:;/-–—%&@#^~<>[]()'\"’“” aAbBiIvVxXmMsS²½°\n\t")),
    max_size=60,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=200))
def test_arbitrary_unicode_never_raises_and_keeps_content(text):
    out = STRICT.normalize(text)
    assert isinstance(out, str)
    if any(c.isalnum() for c in text):
        assert any(c.isalnum() for c in out), f"{text!r} -> {out!r}"


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TRICKY)
def test_number_and_symbol_soup_never_raises_and_keeps_content(text):
    out = STRICT.normalize(text)
    if any(c.isalnum() for c in text):
        assert any(c.isalnum() for c in out), f"{text!r} -> {out!r}"


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TRICKY)
def test_english_output_has_no_digits_left(text):
    """Every ASCII digit is spoken as a word; espeak-ng never has to guess at one."""
    out = MARKUP.sub("", STRICT.normalize(text))
    assert not any("0" <= c <= "9" for c in out), f"{text!r} -> {out!r}"


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=120))
def test_other_languages_never_raise(text):
    Normalizer(NormalizeOptions(language="es", strict=True)).normalize(text)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("<>/=\"' speakbrtimsyaucdlhoxp")), max_size=80))
def test_malformed_ssml_never_raises(text):
    STRICT.normalize("<speak>" + text)


@pytest.mark.parametrize(
    "text, spoken, pause",
    [
        ("Wait [pause:2] now.", ["Wait", "now."], 2.0),
        ("Wait [PAUSE:1S] now.", ["Wait", "now."], 1.0),
        ("Wait [pause:1.5s] now.", ["Wait", "now."], 1.5),
    ],
)
def test_pause_markup_is_a_pause_not_words_after_normalizing(text, spoken, pause):
    # Issue 15: "[pause:2]" was spoken as "pause two", "[PAUSE:1S]" as "Pause one S".
    from litetts_cli.engine.chunking import plan_chunks
    from litetts_cli.g2p import espeak

    chunks = plan_chunks(STRICT.normalize(text), lambda t: espeak.phonemize(t, "en-us"))
    assert [c.text for c in chunks] == spoken
    assert chunks[0].pause == pause
