import pytest

from litetts_cli.normalize.ssml import pause


@pytest.mark.parametrize(
    "text, expected",
    [
        ('<speak>Hello <break time="1s"/> world</speak>', "Hello [pause:1s] world"),
        ('<speak>Wait<break time="500ms"/>now</speak>', "Wait [pause:500ms] now"),
        ('<speak>Go <break time="1.5s"/> on</speak>', "Go [pause:1.5s] on"),
        ('<speak>Go <break time="2500ms"/> on</speak>', "Go [pause:2.5s] on"),
        ('<speak>A <break strength="strong"/> B</speak>', "A [pause:800ms] B"),
        ('<speak>A <break strength="none"/> B</speak>', "A B"),
        ("<speak>A <break/> B</speak>", "A [pause:500ms] B"),
        ('<speak>A <break time="soon"/> B</speak>', "A [pause:500ms] B"),
        ('<speak><say-as interpret-as="characters">ABC</say-as></speak>', "[A](/ˈeɪ/) B C"),
        ('<speak><say-as interpret-as="spell-out">hi5</say-as></speak>', "H I five"),
        ('<speak><say-as interpret-as="cardinal">1234</say-as></speak>', "one thousand two hundred thirty-four"),
        ('<speak><say-as interpret-as="ordinal">3</say-as> place</speak>', "third place"),
        ('<speak><say-as interpret-as="digits">2024</say-as></speak>', "two zero two four"),
        ('<speak><say-as interpret-as="date" format="mdy">12/25/2023</say-as></speak>', "December twenty-fifth, twenty twenty-three"),
        ('<speak><say-as interpret-as="date" format="dmy">25/12/2023</say-as></speak>', "the twenty-fifth of December, twenty twenty-three"),
        ('<speak><say-as interpret-as="date" format="ym">2024-03</say-as></speak>', "March twenty twenty-four"),
        ('<speak><say-as interpret-as="telephone">555-1234</say-as></speak>', "five five five, one two three four"),
        ('<speak><say-as interpret-as="unknown">$5</say-as></speak>', "five dollars"),
        ('<speak><sub alias="World Wide Web Consortium">W3C</sub></speak>', "World Wide Web Consortium"),
        ('<speak><phoneme alphabet="ipa" ph="təmˈɑːtoʊ">tomato</phoneme></speak>', "[tomato](/təmˈɑːtoʊ/)"),
        ("<speak><p>First paragraph.</p><p>Second one.</p></speak>", "First paragraph.\n\nSecond one."),
        ("<speak><s>One.</s><s>Two.</s></speak>", "One.\nTwo."),
        ('<speak><prosody rate="slow">slowly</prosody> <emphasis>now</emphasis></speak>', "slowly now"),
        ('<speak>unclosed <say-as interpret-as="characters">xyz', "unclosed X Y Z"),
        ("<speak>bad </break> tag <foo>bar</foo></speak>", "bad tag bar"),
        ("<speak>Tom &amp; Jerry</speak>", "Tom and Jerry"),
        ("<speak>5 &lt; 6</speak>", "five less than six"),
        ("spell(ABC) now", "[A](/ˈeɪ/) B C now"),
        ("spell(R2D2)", "R two D two"),
        ("[read](/ɹˈɛd/) it and [pause:1.5s] go", "[read](/ɹˈɛd/) it and [pause:1.5s] go"),
        ("Wait [pause:500ms] then", "Wait [pause:500ms] then"),
        ("see [tomato](/təmˈɑːtoʊ/) and 5 km", "see [tomato](/təmˈɑːtoʊ/) and five kilometers"),
    ],
)
def test_ssml(normalize, text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize("ms, expected", [(1500, "[pause:1.5s]"), (500, "[pause:500ms]"), (1000, "[pause:1s]"), (10**9, "[pause:60s]"), (-5, "[pause:0ms]")])
def test_pause_format(ms, expected):
    assert pause(ms) == expected
