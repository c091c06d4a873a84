import pytest

from litetts_cli.normalize import NormalizeOptions, Normalizer


@pytest.mark.parametrize(
    "text, expected",
    [
        ("March 3, 2024", "March third, twenty twenty-four"),
        ("March 3rd", "March third"),
        ("on March 3 we left", "on March third we left"),
        ("Jan. 15", "January fifteenth"),
        ("Jan 15, 2024", "January fifteenth, twenty twenty-four"),
        ("Sept. 5", "September fifth"),
        ("December 31, 1999", "December thirty-first, nineteen ninety-nine"),
        ("3 March 2024", "the third of March, twenty twenty-four"),
        ("the 3rd of March", "the third of March"),
        ("12/25/2023", "December twenty-fifth, twenty twenty-three"),
        ("25/12/2023", "the twenty-fifth of December, twenty twenty-three"),
        ("1/2/2024", "January second, twenty twenty-four"),
        ("12/25/99", "December twenty-fifth, ninety-nine"),
        ("2024-03-15", "March fifteenth, twenty twenty-four"),
        ("25.12.2023", "the twenty-fifth of December, twenty twenty-three"),
        ("Monday, March 3", "Monday, March third"),
        ("Mon., Jan. 15", "Monday, January fifteenth"),
        ("Fri., Oct. 3", "Friday, October third"),
        ("May 2024", "May twenty twenty-four"),
        ("Feb. 2024", "February twenty twenty-four"),
        ("in 1887", "in eighteen eighty-seven"),
        ("in 2004", "in two thousand four"),
        ("in 1066", "in ten sixty-six"),
        ("since 2010", "since twenty ten"),
        ("in 1900", "in nineteen hundred"),
        ("by 1905", "by nineteen oh five"),
        ("It was 1999.", "It was nineteen ninety-nine."),
        ("the 2024 election", "the twenty twenty-four election"),
        ("1500 people", "one thousand five hundred people"),
        ("c. 1500", "circa fifteen hundred"),
        ("est. 1887", "established eighteen eighty-seven"),
        ("from 1990-1995", "from nineteen ninety to nineteen ninety-five"),
        ("1990-95", "nineteen ninety to ninety-five"),
        ("the 1960s", "the nineteen sixties"),
        ("the 1960's", "the nineteen sixties"),
        ("the '90s", "the nineties"),
        ("in her 20s", "in her twenties"),
        ("the 1800s", "the eighteen hundreds"),
        ("the 2000s", "the two thousands"),
        ("the 2010s", "the twenty tens"),
        ("mid-1990s", "mid-nineteen nineties"),
        ("500 BC", "five hundred B C"),
        ("AD 1066", "[A](/ˈeɪ/) D ten sixty-six"),
        ("2000 BCE", "two thousand B C E"),
        ("79 AD", "seventy-nine [A](/ˈeɪ/) D"),
        # A year cut to two digits after an apostrophe (Walden: "in ’46", "the winter of
        # ’46–7"; Babbitt: "the alumnae of ’08")
        ("in \u201946, the 16th", "in forty-six, the sixteenth"),
        ("In the winter of \u201946\u2060\u2013\u20607 there came", "In the winter of forty-six to forty-seven there came"),
        ("The alumnae of \u201908 turned out 60% strong.", "The alumnae of oh eight turned out sixty percent strong."),
        # A year after a quarter or a fiscal year ("Apple announces Q3 2016 revenue")
        ("Apple announces Q3 2016 revenue", "Apple announces Q three twenty sixteen revenue"),
        ("FY 2024 results", "F Y twenty twenty-four results"),
    ],
)
def test_dates(normalize, text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12/11/2023", "the twelfth of November, twenty twenty-three"),
        ("11/12/2023", "the eleventh of December, twenty twenty-three"),
        ("12/25/2023", "December twenty-fifth, twenty twenty-three"),
        ("2024-03-15", "the fifteenth of March, twenty twenty-four"),
    ],
)
def test_day_first_dates(text, expected):
    normalize = Normalizer(NormalizeOptions(date_order="eu", strict=True)).normalize
    assert normalize(text) == expected
