import pytest

from litetts_cli.normalize.roman import roman_value


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Chapter IV", "Chapter four"),
        ("Chapter I", "Chapter one"),
        # Gutenberg HTML glues the volume before the chapter's numeral (Tristram Shandy): both
        # numbers are read in the written order, naming no "volume" or "book" the text lacks
        ("Chapter 4.LXXVII.", "Chapter four, seventy-seven."),
        ("CHAPTER 4.LXXVIII.", "Chapter four, seventy-eight."),
        ("Chapter 1.I.", "Chapter one, one."),
        ("CHAPTER 2.XII: The Ring", "Chapter two, twelve: The Ring"),
        ("CHAPTER LXXVII.", "Chapter seventy-seven."),
        ("Chapter XIV", "Chapter fourteen"),
        ("chapter 1.I think", "chapter one.I think"),
        ("Chapter 4.5 covers it", "Chapter four point five covers it"),
        ("CHAPTER XII", "Chapter twelve"),
        ("Book III", "Book three"),
        ("Part I", "Part one"),
        ("Act III, Scene II", "Act three, Scene two"),
        ("Volume IX", "Volume nine"),
        ("Vol. IV", "Volume four"),
        ("World War II", "World War two"),
        ("World War I", "World War one"),
        ("Super Bowl LVII", "Super Bowl fifty-seven"),
        ("Apollo XI", "Apollo eleven"),
        ("Type II diabetes", "Type two diabetes"),
        ("Henry VIII", "Henry the Eighth"),
        ("Henry VIII's wives", "Henry the Eighth's wives"),
        ("Louis XIV", "Louis the Fourteenth"),
        ("Queen Elizabeth II", "Queen Elizabeth the Second"),
        ("King Charles III", "King Charles the Third"),
        ("Pope John Paul II", "Pope John Paul the Second"),
        ("Elizabeth I of England", "Elizabeth the First of England"),
        # A regnal "I" before a lower-case word where the name is the subject; after a verb
        # the name is an object and "I" opens the next clause
        ("Elizabeth I was queen.", "Elizabeth the First was queen."),
        ("Queen Elizabeth I ruled England.", "Queen Elizabeth the First ruled England."),
        ("The reign of Elizabeth I was long.", "The reign of Elizabeth the First was long."),
        ("After Elizabeth I died, James came.", "After Elizabeth the First died, James came."),
        ("When I met Elizabeth I was nervous.", "When I met Elizabeth I was nervous."),
        ("I told Elizabeth I would come.", "I told Elizabeth I would come."),
        ("I told Anne and Mary I was leaving.", "I told Anne and Mary I was leaving."),
        ("The Elizabeth I knew was gone.", "The Elizabeth I knew was gone."),
        ("Pope Benedict XVI", "Pope Benedict the Sixteenth"),
        ("Final Fantasy VII", "Final Fantasy seven"),
        # Numbered poems, staves and lectures of real books (Shakespeare's Sonnets, A Christmas Carol).
        ("Sonnet XVIII", "Sonnet eighteen"),
        ("Stave I", "Stave one"),
        ("Lecture IV: On Heat", "Lecture four: On Heat"),
        ("Ode II", "Ode two"),
        ("It was fit I should go", "It was fit I should go"),
        ("watch Rocky II tonight", "watch Rocky two tonight"),
        ("I think so", "I think so"),
        ("in chapter I explain", "in chapter I explain"),
        ("Then I left", "Then I left"),
        ("the mix", "the mix"),
        ("a civil war", "a civil war"),
        ("Washington DC", "Washington D C"),
        # A name, "the" and the numeral, eighteenth-century style (Sterne, Tristram Shandy)
        ("in King Harry the VIII\u2019s time", "in King Harry the Eighth's time"),
        ("the decretals of Pope Leo the III", "the decretals of Pope Leo the Third"),
        ("the iron-hearted Charles the XII, whom", "the iron-hearted Charles the Twelfth, whom"),
        ("Then the XI were sent", "Then the X I were sent"),  # a sentence's first word is no name
        # Lower-case numerals after a context word (plays: "Act III, Scene ii")
        ("Act III, Scene ii.", "Act three, Scene two."),
        ("in chapter xiv we", "in chapter fourteen we"),
        ("send a letter cc to him", "send a letter cc to him"),
    ],
)
def test_roman(normalize, text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    "numeral, value",
    [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("XL", 40), ("MCMXCIX", 1999), ("IIII", None), ("VX", None), ("", None)],
)
def test_roman_value(numeral, value):
    assert roman_value(numeral) == value
