import pytest


@pytest.mark.parametrize(
    "text, expected",
    [
        ("7:30 a.m.", "seven thirty [A](/ˈeɪ/) M."),
        ("at 7:30 a.m. on Monday", "at seven thirty [A](/ˈeɪ/) M on Monday"),
        ("3:05 PM", "three oh five P M"),
        ("3:05 pm", "three oh five P M"),
        ("7 p.m.", "seven P M."),
        ("at 7 p.m. The end", "at seven P M. The end"),
        ("10am", "ten [A](/ˈeɪ/) M"),
        ("9am-5pm", "nine [A](/ˈeɪ/) M to five P M"),
        ("14:00", "fourteen hundred"),
        ("14:30", "fourteen thirty"),
        ("7:00", "seven o'clock"),
        ("7:00 PM", "seven P M"),
        ("09:00", "nine o'clock"),
        ("12:30", "twelve thirty"),
        ("00:30", "zero thirty"),
        ("10:30:15", "ten thirty and fifteen seconds"),
        ("John 3:16", "John three sixteen"),
    ],
)
def test_times(normalize, text, expected):
    assert normalize(text) == expected
