"""English text normalization: numbers, money, dates, units, abbreviations, acronyms,
Roman numerals, web addresses, symbols, homographs and SSML, ahead of g2p.

    from litetts_cli.normalize import Normalizer, NormalizeOptions
    spoken = Normalizer(NormalizeOptions(date_order="eu")).normalize(text)
"""

from litetts_cli.normalize.normalizer import ENGLISH_STEPS, Normalizer
from litetts_cli.normalize.options import (
    CATEGORIES,
    NormalizeOptions,
    UserRule,
    load_user_rules,
    parse_user_rules,
)

__all__ = [
    "CATEGORIES",
    "ENGLISH_STEPS",
    "NormalizeOptions",
    "Normalizer",
    "UserRule",
    "load_user_rules",
    "parse_user_rules",
]
