"""Hindi's repairs to espeak-ng's output (issue 18); the full table is ``tables/hi.tsv``."""

import pytest

from litetts_cli.g2p.hindi import phonemize
from litetts_cli.g2p.tokens import keep_known


@pytest.mark.parametrize(
    "text, phonemes",
    [
        # The flap of ड़/ढ़ was "r." (a pause token inside the word).
        ("बड़ा", "bˈʌɽaː"),
        ("पढ़ना", "pˈʌɽʰənˌaː"),
        ("गाड़ी से आओ। ठीक।", "ɡˈaːɽi seː ˈaːoː. ʈʰˈiːk."),
        # Real full stops stay full stops, next to a flap too.
        ("दस करोड़. ठीक.", "dˈʌs kəɾˈoːɽ. ʈʰˈiːk."),
        # A text that already holds the stand-in still loses no flap.
        ("¡बड़ा!", "¡bˈʌɽaː!"),
    ],
)
def test_hindi_flaps_and_dandas(text, phonemes):
    assert phonemize(text) == phonemes


def test_a_flap_makes_no_pause_token():
    assert "." not in keep_known(phonemize("लड़का पढ़ता है"))
