import pytest

from litetts_cli.normalize import numwords


@pytest.mark.parametrize(
    "text, expected",
    [
        ("7", "seven"),
        ("0", "zero"),
        ("21", "twenty-one"),
        ("101", "one hundred one"),
        ("1234", "one thousand two hundred thirty-four"),
        ("1999", "nineteen ninety-nine"),
        ("1,234", "one thousand two hundred thirty-four"),
        ("1,234,567", "one million two hundred thirty-four thousand five hundred sixty-seven"),
        ("100,000 people", "one hundred thousand people"),
        ("1,000,000,000", "one billion"),
        ("3.14", "three point one four"),
        ("0.5", "zero point five"),
        (".5", "point five"),
        ("1,234.56", "one thousand two hundred thirty-four point five six"),
        ("-5", "minus five"),
        ("It was -3.5 outside", "It was minus three point five outside"),
        ("+5", "plus five"),
        ("12.5 million", "twelve point five million"),
        ("007", "zero zero seven"),
        ("123456789012", "one two three four five six seven eight nine zero one two"),
        ("1st", "first"),
        ("2nd", "second"),
        ("3rd", "third"),
        ("42nd", "forty-second"),
        ("the 21st century", "the twenty-first century"),
        ("his 100th birthday", "his one hundredth birthday"),
        ("1/2", "one half"),
        ("3/4", "three quarters"),
        ("1/4", "one quarter"),
        ("2/3", "two thirds"),
        ("1/3", "one third"),
        ("5/16", "five sixteenths"),
        ("1 1/2 cups", "one and a half cups"),
        ("2 3/4 miles", "two and three quarters miles"),
        ("24/7", "twenty-four seven"),
        ("50%", "fifty percent"),
        ("-2.5%", "minus two point five percent"),
        ("10-20%", "ten to twenty percent"),
        ("a 0.5% rise", "a zero point five percent rise"),
        ("10-20", "ten to twenty"),
        ("pages 5-9", "pages five to nine"),
        ("won 3-2", "won three to two"),
        ("a 2:1 ratio", "a two to one ratio"),
        ("10 - 5", "ten minus five"),
        ("2 + 2 = 4", "two plus two equals four"),
        ("(555) 123-4567", "five five five, one two three, four five six seven"),
        ("555-123-4567", "five five five, one two three, four five six seven"),
        ("555-1234", "five five five, one two three four"),
        ("+44 20 7946 0958", "plus four four, two oh, seven nine four six, oh nine five eight"),
        ("1-800-555-1234", "one, eight oh oh, five five five, one two three four"),
        ("v2.0", "version two point oh"),
        ("v3", "version three"),
        ("Python 3.11", "Python three point eleven"),
        ("Python 3.10 is out", "Python three point ten is out"),
        ("version 1.2.3", "version one point two point three"),
        ("iOS 17.2", "eye O S seventeen point two"),
        ("1.2.3", "one point two point three"),
        ("192.168.1.1", "one hundred ninety-two dot one hundred sixty-eight dot one dot one"),
        ("F-16", "F sixteen"),
        ("B-52", "B fifty-two"),
        ("F-150", "F one fifty"),
        ("I-95", "I ninety-five"),
        ("COVID-19", "Covid nineteen"),
        ("flight UA 907", "flight U [A](/ˈeɪ/) nine oh seven"),
        ("Flight BA2490", "Flight B [A](/ˈeɪ/) twenty-four ninety"),
        ("MP3", "M P three"),
        ("H2O", "H two O"),
        ("4K", "four K"),
        ("3D", "three D"),
        ("5G", "five G"),
        ("A4 paper", "[A](/ˈeɪ/) four paper"),
        ("#1", "number one"),
        ("10^6", "ten to the power of six"),
        ("x^2", "X squared"),
        ("10²", "ten squared"),
        ("1920x1080", "one thousand nine hundred twenty by one thousand eighty"),
        ("a 2 x 4 board", "a two by four board"),
        ("3x faster", "three times faster"),
        ("the 1000s", "the thousands"),
        ("1,000s of fans", "thousands of fans"),
        ("sevens and 8's", "sevens and eights"),
        # An airliner after its maker or a determiner is read in pairs, unless a count follows
        ("The 747 landed.", "The seven forty-seven landed."),
        ("a Boeing 787.", "a Boeing seven eighty-seven."),
        ("Boeing's 787 Dreamliner", "Boeing's seven eighty-seven Dreamliner"),
        ("the 737-800 took off", "the seven thirty-seven eight hundred took off"),
        ("two 737s", "two seven thirty-sevens"),  # was "seven hundred thirty-seven seconds"
        ("the 747s were grounded", "the seven forty-sevens were grounded"),
        ("wait 5s", "wait five seconds"),
        ("The 707, which", "The seven oh seven, which"),
        ("the 747 passengers", "the seven hundred forty-seven passengers"),
        ("the 747 people", "the seven hundred forty-seven people"),
        ("He paid 747 dollars.", "He paid seven hundred forty-seven dollars."),
        ("There were 707 of them.", "There were seven hundred seven of them."),
        ("Pages 747-800", "Pages seven hundred forty-seven to eight hundred"),
        ("the 747-pound weight", "the seven hundred forty-seven-pound weight"),
        ("the 747th", "the seven hundred forty-seventh"),
        # An Airbus model is always a plane: its letter, then the digits in pairs
        ("Airbus A380", "Airbus [A](/ˈeɪ/) three eighty"),  # was "A three hundred eighty"
        ("the A320 and A350", "the [A](/ˈeɪ/) three twenty and [A](/ˈeɪ/) three fifty"),
        ("an A350-900 landed", "an [A](/ˈeɪ/) three fifty nine hundred landed"),
        ("the A320neo", "the [A](/ˈeɪ/) three twenty neo"),
        ("three A380s", "three [A](/ˈeɪ/) three eighties"),
        ("an A300", "an [A](/ˈeɪ/) three hundred"),
        ("A3800", "[A](/ˈeɪ/) three thousand eight hundred"),
        # A flight number is read in pairs like the plane, with or without the airline's code
        ("Flight 747 landed.", "Flight seven forty-seven landed."),  # was "seven hundred forty-seven"
        ("Air France flight 447 was lost.", "Air France flight four forty-seven was lost."),
        ("Flight 1549 landed.", "Flight fifteen forty-nine landed."),
        ("Flight 93 crashed.", "Flight ninety-three crashed."),
        ("Flight 800", "Flight eight hundred"),
        ("a flight 300 miles long", "a flight three hundred miles long"),
        ("the flight 3 hours later", "the flight three hours later"),
        ("a flight 1.5 hours", "a flight one point five hours"),
        # Four digits after "flight" are a flight number, not a year, whatever follows
        ("flight 2005", "flight twenty oh five"),  # was "two thousand five"
        ("He boarded Flight 2005.", "He boarded Flight twenty oh five."),
        ("Flight 2005, bound for Rome, landed.", "Flight twenty oh five, bound for Rome, landed."),
        ("Flight 1999 To Paris", "Flight nineteen ninety-nine To Paris"),
        ("Flight BA 2005.", "Flight B [A](/ˈeɪ/) twenty oh five."),
        ("Flight U2 2005.", "Flight U two twenty oh five."),
        ("In 2005 the flight was cancelled.", "In two thousand five the flight was cancelled."),
        ("The flight in 2005 was late.", "The flight in two thousand five was late."),
        ("a flight 2005 miles long", "a flight two thousand five miles long"),
    ],
)
def test_numbers(normalize, text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (1066, "ten sixty-six"),
        (1887, "eighteen eighty-seven"),
        (1900, "nineteen hundred"),
        (1905, "nineteen oh five"),
        (2000, "two thousand"),
        (2004, "two thousand four"),
        (2010, "twenty ten"),
        (2024, "twenty twenty-four"),
        (1000, "one thousand"),
        (800, "eight hundred"),
    ],
)
def test_year_words(value, expected):
    assert numwords.year(value) == expected


def test_british_cardinals_keep_and(normalize_gb):
    assert normalize_gb("101 dalmatians") == "one hundred and one dalmatians"


def test_numbers_beyond_num2words_read_digit_by_digit():
    assert numwords.cardinal(10**40).startswith("one zero zero")
