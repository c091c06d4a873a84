import pytest


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Visit https://www.example.com/docs.", "Visit W W W dot example dot com slash docs."),
        ("See example.com for more.", "See example dot com for more."),
        ("http://github.com/user/repo-name", "github dot com slash user slash repo dash name"),
        ("https://example.io/a?x=1#top", "example dot I O slash [A](/ˈeɪ/)"),
        ("go to www.bbc.co.uk now", "go to W W W dot B B C dot co dot U K now"),
        ("localhost.dev:8080/api", "localhost dot dev colon eight thousand eighty slash api"),
        ("https://docs.python.org/3/library/re.html", "docs dot python dot org slash three slash library slash re dot H T M L"),
        ("Email john.doe@example.com today.", "Email john dot doe at example dot com today."),
        ("Write to support+help@my-site.co.uk", "Write to support plus help at my dash site dot co dot U K"),
        ("jane_smith@uni.edu", "jane underscore smith at uni dot E D U"),
        ("Open report.pdf now", "Open report dot P D F now"),
        ("the file data_2024.csv", "the file data two thousand twenty-four dot C S V"),
        ("Use Node.js here", "[Use](/jˈuːz/) Node dot J S here"),
        ("run setup.py", "run setup dot P Y"),
        ("photo.JPEG", "photo dot jay peg"),
        ("archive.tar.gz", "archive tar dot G Z"),
        ("#ThrowbackThursday", "hashtag Throwback Thursday"),
        ("#tbt", "hashtag tbt"),
        ("#2024goals", "hashtag two thousand twenty-four goals"),
        ("follow @jack_dorsey", "follow at jack dorsey"),
        ("cc @NASA", "cc at Nasa"),
        # Initials are not a file "G.C" (Babbitt's "the G.C.L."; Vanity Fair's "K.C.B.")
        ("this G.C.L. stuff now", "this G C L stuff now"),
        ("Sir Michael O\u2019Dowd, K.C.B., Lady O\u2019Dowd", "Sir Michael O'Dowd, K C B, Lady O'Dowd"),
        ("See main.c. Then go.", "See main dot C. Then go."),
    ],
)
def test_web(normalize, text, expected):
    assert normalize(text) == expected
