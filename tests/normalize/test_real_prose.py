"""Real prose from Standard Ebooks novels (issue 11), found by tests/corpus/prose_scan.py.

Each row is a sentence (shortened) from a published book where the normalizer read
something a narrator would not: letters for a chapter number, "Street" before a name,
old money as seconds, a house number as a plain number.
"""

import pytest

from litetts_cli.normalize import NormalizeOptions, Normalizer
from litetts_cli.normalize.headings import numeral_value, spoken_heading

# Homographs ("read", "lead") are tested elsewhere; here they would only add markup.
PROSE = Normalizer(NormalizeOptions(language="en-gb", disabled={"homographs"}, strict=True))


@pytest.mark.parametrize(
    "text, expected",
    [
        # Saint before a name, whatever the space (Standard Ebooks: no-break space, word joiner)
        ("You must have read about Lord St. Simon and his wedding?", "You must have read about Lord Saint Simon and his wedding?"),
        ("in my hand is from Lord St.\u00a0Simon.", "in my hand is from Lord Saint Simon."),
        ("in my hand is from Lord St.\u2060Simon.", "in my hand is from Lord Saint Simon."),
        ("Lord St.\u00a0\u2060Simon", "Lord Saint Simon"),
        ("Mr. Neville St. Clair lived", "Mister Neville Saint Clair lived"),
        ("Mrs. St. Clair came down", "Missus Saint Clair came down"),
        ("the Church of St.\u00a0Monica in the Edgeware Road", "the Church of Saint Monica in the Edgeware Road"),
        ("breakfast afterwards at the St.\u00a0Pancras Hotel.", "breakfast afterwards at the Saint Pancras Hotel."),
        ("It was to be at St.\u00a0Saviour’s, near King’s Cross", "It was to be at Saint Saviour's, near King's Cross"),
        ("at the end of the Faubourg St. Honoré. The company", "at the end of the Faubourg Saint Honoré. The company"),
        ("in the Rue St.\u00a0Honoré, he said.", "in the Rue Saint Honoré, he said."),
        # ... and Street after a street name
        ("I returned to Baker St. Sherlock Holmes had not come back.", "I returned to Baker Street. Sherlock Holmes had not come back."),
        ("on Elm St. today", "on Elm Street today"),
        # Pounds, shillings and pence
        ("Twenty-four geese at 7s. 6d.", "Twenty-four geese at seven shillings and six pence."),
        ("Oct. 4th, rooms 8s., breakfast 2s. 6d., cocktail 1s.", "October fourth, rooms eight shillings, breakfast two shillings and six pence, cocktail one shilling."),
        ("My gross takings amount to £27 10s. Every day, from nine", "My gross takings amount to twenty-seven pounds ten shillings. Every day, from nine"),
        ("and £322 10s. from Grendall,", "and three hundred and twenty-two pounds ten shillings from Grendall,"),
        ("at £112 10s. He did not even yet know", "at one hundred and twelve pounds ten shillings. He did not even yet know"),
        ("It cost £3 10s. 6d. in all.", "It cost three pounds ten shillings and six pence in all."),
        ("at 12s. a dozen", "at twelve shillings a dozen"),
        ("a 5l. note", "a five-pound note"),
        ("he paid 5l. for it", "he paid five pounds for it"),
        ("for 3d. a day", "for three pence a day"),
        ("a 1d. stamp", "a one penny stamp"),
        ("at 1½d. each", "at one and a half pence each"),
        ("not worth ½d.", "not worth a halfpenny."),
        ("They got £4,700 for the goodwill", "They got four thousand seven hundred pounds for the goodwill"),
        ("on the 3d. of May", "on the third of May"),
        ("in the 1920s.", "in the nineteen twenties."),
        ("the 60s.", "the sixties."),
        # House numbers as a narrator says them
        ("a gentleman at 221B, Baker Street.", "a gentleman at two twenty-one B, Baker Street."),
        ("the rooms at No. 221B, Baker Street", "the rooms at number two twenty-one B, Baker Street"),
        ("hydraulic engineer, 16A, Victoria Street", "hydraulic engineer, sixteen [A](/ˈeɪ/), Victoria Street"),
        ("the 7B model", "the seven B model"),
        ("six which he took from Carfax and left at 197, Chicksand Street, Mile End", "six which he took from Carfax and left at one ninety-seven, Chicksand Street, Mile End"),
        ("1600 Pennsylvania Avenue", "sixteen hundred Pennsylvania Avenue"),
        ("105 Victoria Street", "one oh five Victoria Street"),
        ("10 Downing Street", "ten Downing Street"),
        ("In 1887 Baker Street was quiet", "In eighteen eighty-seven Baker Street was quiet"),
        # British clock times written with a period (Around the World in Eighty Days)
        ("Reached Suez, Wednesday, October 9th, at 11 a.m.", "Reached Suez, Wednesday, October ninth, at eleven [A](/ˈeɪ/) M."),
        ("Mr. Fogg, at 11.40 a.m. He said", "Mister Fogg, at eleven forty [A](/ˈeɪ/) M. He said"),
        ("at 7.30 in the evening", "at seven thirty in the evening"),
        ("We left at 10.15, and", "We left at ten fifteen, and"),
        ("by 8.45.", "by eight forty-five."),
        ("at 3.50 per cent", "at three point five zero per cent"),
        ("Left Munich at 8:35 p.m., on 1st May", "Left Munich at eight thirty-five P M, on the first of May"),
        # Numerals alone on a line are section headings
        ("XXVI\n\nIt was a fine day.", "Twenty-Six\n\nIt was a fine day."),
        ("VIII.", "Eight."),
        ("II", "Two"),
        ("I", "I"),
        ("Letter III", "Letter three"),
        # A numbered title on its own line (Franklin's chapters, Verne's, a plain-text
        # book's "VIII. THE FLOOD"); not a line opening with an initial.
        ("XI: Interest in Public Affairs", "Eleven: Interest in Public Affairs"),
        ("XXIX: Concerning the Militia\n\nHamilton wrote", "Twenty-Nine: Concerning the Militia\n\nHamilton wrote"),
        ("VIII. THE FLOOD", "Eight. The Flood"),
        ("X. Smith was there", "X. Smith was there"),
        ("V. I. Lenin wrote it", "V. I. Lenin wrote it"),
        # A chapter numeral inside a joined part-and-chapter title
        ("Part VI: Captain Silver: XXVIII: In the Enemy\u2019s Camp", "Part six: Captain Silver: Twenty-Eight: In the Enemy's Camp"),  # Treasure Island
        ("Book VI: VIII: The Story of Le Fever Continued", "Book six: Eight: The Story of Le Fever Continued"),  # Tristram Shandy
        # Saint after a French street word or before a saint's name (Poe, "The Murders in the
        # Rue Morgue" and "The Mystery of Marie Rogêt"; Sterne, Tristram Shandy)
        ("the inhabitants of the Quartier St. Roch were aroused", "the inhabitants of the Quartier Saint Roch were aroused"),
        ("and the Rue St.\u00a0Roch. It was late", "and the Rue Saint Roch. It was late"),
        ("Beyond St. Eustache, and perhaps Beauvais, we find", "Beyond Saint Eustache, and perhaps Beauvais, we find"),
        ("Poor St.\u00a0Maxima! said my uncle Toby", "Poor Saint Maxima! said my uncle Toby"),
        ("Achmet III (b. 1673, d. 1739) was dethroned", "Achmet the Third (born sixteen seventy-three, died seventeen thirty-nine) was dethroned"),
        ("Auguste III was", "Auguste the Third was"),
        # Initialisms and abbreviations of the period
        ("a considerable assortment of I.O.U.s.", "a considerable assortment of I O U's."),
        ("he gave his I.O.U. to his opponent", "he gave his I O U to his opponent"),
        ("Advice given on choice of subjects, MSS. read", "Advice given on choice of subjects, manuscripts read"),
        ("the M.P.s were", "the M P's were"),
        # Words set in capitals in headings and title lines (Moby-Dick, Children's Literature)
        ("EXTRACTS (Supplied by a Sub-Sub-Librarian).", "Extracts (Supplied by a Sub-Sub-Librarian)."),
        ("Hans CHRISTIAN Andersen", "Hans Christian Andersen"),
        ("194 THE NIGHTINGALE", "one hundred and ninety-four the Nightingale"),
        ("— PSALMS.", "— Psalms."),
        ("I. THE FOLIO WHALE; II. THE OCTAVO WHALE; III. THE DUODECIMO WHALE.", "I. The Folio Whale; two. The Octavo Whale; three. The Duodecimo Whale."),
        ("THE FBI FILES", "The F B I Files"),
        ("UNICEF helps", "Unicef helps"),
    ],
)
def test_real_prose(text, expected):
    assert PROSE.normalize(text) == expected


US = Normalizer(NormalizeOptions(language="en-us", disabled={"homographs"}, strict=True))


@pytest.mark.parametrize(
    "text, expected",
    [
        # American text reads old money only where it plainly counts it
        ("Twenty-four geese at 7s. 6d.", "Twenty-four geese at seven shillings and six pence."),
        ("He paid £3 10s.", "He paid three pounds ten shillings."),
        ("rooms 8s., breakfast 2s. 6d.", "rooms eight shillings, breakfast two shillings and six pence."),
        ("on the 3d. of May", "on the third of May"),
        ("the 1920s.", "the nineteen twenties."),
    ],
)
def test_old_money_in_american_text(text, expected):
    assert US.normalize(text) == expected


@pytest.mark.parametrize(
    "title, role, expected",
    [
        ("XXVI", "chapter", "Chapter Twenty-Six"),
        ("VIII", "chapter", "Chapter Eight"),
        ("II", "chapter", "Chapter Two"),
        ("I", "chapter", "Chapter One"),
        ("LXI", "chapter", "Chapter Sixty-One"),
        ("XIV.", "chapter", "Chapter Fourteen"),
        ("IX:", "chapter", "Chapter Nine"),
        ("xxvi", "chapter", "Chapter Twenty-Six"),
        ("12", "chapter", "Chapter Twelve"),
        ("3.", "chapter", "Chapter Three"),
        (" IV ", "chapter", "Chapter Four"),
        ("II", "section", "Two"),
        ("XXVI", "section", "Twenty-Six"),
        ("IV. The Flood", "chapter", "Four. The Flood"),
        ("I. A Scandal in Bohemia", "chapter", "One. A Scandal in Bohemia"),
        ("A Scandal in Bohemia", "chapter", "A Scandal in Bohemia"),
        ("Chapter XXVI", "chapter", "Chapter XXVI"),
        ("Part I: I", "chapter", "Part I: Chapter One"),
        ("A Scandal in Bohemia: I", "chapter", "A Scandal in Bohemia: Chapter One"),
        ("Book the First: XII.", "chapter", "Book the First: Chapter Twelve"),
        ("Note: 12", "section", "Note: Twelve"),
        ("IIII", "chapter", "IIII"),
        ("MIX", "chapter", "MIX"),
        ("0", "chapter", "0"),
    ],
)
def test_spoken_heading(title, role, expected):
    assert spoken_heading(title, role) == expected


@pytest.mark.parametrize(
    "title, language, expected",
    [
        ("XXVI", "fr-fr", "Chapitre vingt-six"),
        ("IV", "es", "Capítulo cuatro"),
        ("XII", "it", "Capitolo dodici"),
        ("3", "pt-br", "Capítulo três"),
        ("IV", "hi", "अध्याय चार"),
        ("XXVI", "ja", "第26章"),
        ("12", "zh", "第12章"),
    ],
)
def test_spoken_heading_in_the_text_language(title, language, expected):
    assert spoken_heading(title, "chapter", language) == expected


@pytest.mark.parametrize("text, value", [("XXVI", 26), ("viii.", 8), ("12:", 12), ("XXVI The", None), ("VX", None)])
def test_numeral_value(text, value):
    assert numeral_value(text) == value


@pytest.mark.parametrize("line, expected", [("MIX", "mix"), ("DC", "D C"), ("MD", "M D"), ("LI", "L I"), ("C", "C")])
def test_words_alone_on_a_line_are_not_numerals(line, expected):
    assert PROSE.normalize(f"{line}\n\nText.") == f"{expected}\n\nText."
