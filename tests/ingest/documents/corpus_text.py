"""The text our generated documents are made from, so tests can count words independently.

Written for this project (no outside source). ``make_corpus.py`` typesets it with
pdflatex, LibreOffice, groff, python-docx and Pillow; the tests compare what a
reader gets back with these words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TITLE = "Keeping the Light"
AUTHOR = "Ada Marlow"
RUNNING_HEADER = "Notes on Coastal Navigation"

# In "Daily Routine" of the LibreOffice and python-docx documents.
LIST_ITEMS = ["Check the lamp and the fuel.", "Wind the clockwork.", "Record the weather."]
TABLE_ROWS = [["Station", "Range", "Flashes"], ["North Head", "22 miles", "Two white"], ["Gull Rock", "18 miles", "One red"]]


@dataclass
class Section:
    title: str
    paragraphs: list[str]
    footnotes: list[str] = field(default_factory=list)
    """Footnote texts, anchored at the end of the section's first paragraph."""


ABSTRACT = (
    "This short paper describes how the lighthouses of a small coast were kept "
    "through two centuries, from open fires to electric lamps, and what the "
    "keepers wrote about their work."
)

SECTIONS = [
    Section("Introduction", [
        "Before the age of satellites, a ship that approached the coast at night had "
        "little to go on but the lights on shore. Each lighthouse showed its own "
        "characteristic pattern of flashes, so that a navigator who counted carefully "
        "could tell one headland from another and fix the position of the vessel.",
        "The keepers who tended these lights left diaries, letters and logbooks. Read "
        "together, they describe an extraordinarily demanding occupation, carried out "
        "in isolation and with responsibilities that never paused for weather or illness.",
    ], ["The logbooks are kept in the county archive and may be read by appointment."]),
    Section("Early Fires", [
        "The earliest lights were open fires of wood or coal burning on towers of "
        "stone. They consumed enormous quantities of fuel, and in heavy rain they were "
        "nearly invisible from the sea. Contemporary accounts complain that merchants "
        "paid substantial dues for lights that often failed when they mattered most.",
        "Enclosed lanterns with oil lamps replaced the fires gradually. A polished "
        "reflector behind each flame gathered the light into a beam, and the keepers "
        "spent long hours cleaning soot from the glass so that the beam stayed bright.",
    ]),
    Section("Lenses and Clockwork", [
        "The introduction of the Fresnel lens transformed the service. Rings of prisms "
        "bent the light of a single lamp into a narrow horizontal beam that could be "
        "seen from more than twenty miles away. A clockwork mechanism turned the lens, "
        "and the keeper had to wind the weights every few hours throughout the night.",
        "Because each station needed a different pattern, the manufacturers built "
        "lenses with panels arranged to produce groups of flashes. Sailors learned the "
        "patterns from printed lists, which the administration revised every year.",
    ], ["Some of these lenses weighed several tonnes and floated on a bath of mercury."]),
    Section("Daily Routine", [
        "A keeper's day began at sunset, when the lamp was lit, and ended at sunrise, "
        "when it was extinguished and the curtains were drawn around the lens to protect "
        "it from the sun. Between those hours the watch was divided among the keepers, "
        "who recorded the weather, the passing ships and the state of the light.",
        "During the day the keepers trimmed wicks, polished brass, painted the tower and "
        "carried fuel up the stairs. Inspectors arrived without warning, and a station "
        "found untidy could cost its principal keeper his position.",
    ]),
    Section("Electrification", [
        "Electric lamps arrived first at the larger stations, where generators could be "
        "housed and maintained. They were brighter and cleaner than oil, and they made "
        "the incandescent mantle obsolete within a generation.",
        "Automation followed. Sensors switched the lamps on at dusk, and remote "
        "monitoring reported faults to a central office. One by one the stations were "
        "left without keepers, and the last resident families moved away.",
    ]),
    Section("Conclusion", [
        "The lights still turn, but the people who kept them are gone. Their diaries "
        "remain the best record of a profession that combined technical skill with "
        "patience, and of the communities that grew up around these solitary towers.",
    ]),
]


def body_words() -> int:
    """Words of the body: section headings, paragraphs (footnotes excluded)."""
    words = sum(len(s.title.split()) + sum(len(p.split()) for p in s.paragraphs) for s in SECTIONS)
    return words


def list_words() -> int:
    return sum(len(item.split()) for item in LIST_ITEMS)


def table_words() -> int:
    return sum(len(cell.split()) for row in TABLE_ROWS for cell in row)


def all_footnotes() -> list[str]:
    return [note for section in SECTIONS for note in section.footnotes]


def skipped_by_reason(doc) -> dict[str, int]:
    """Words not read, by reason: each chapter's ``skipped_words`` and the parts left out."""
    totals: dict[str, int] = {}
    for chapter in doc.chapters:
        for reason, words in chapter.skipped_words.items():
            totals[reason] = totals.get(reason, 0) + words
    for part in doc.skipped:
        totals[part.reason] = totals.get(part.reason, 0) + part.words
    return totals
