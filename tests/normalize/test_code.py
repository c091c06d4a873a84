"""Code in running text (Sphinx, DocBook and Markdown books' inline code) read as a person
reads it aloud, and prose that only looks a little like code left alone."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, expected",
    [
        # Shell variables: the dollar is said, the name read as a word.
        ("Set $FOO first.", "Set dollar foo first."),
        ("See ${HOME}/bin and $LD_LIBRARY_PATH.",
         "See dollar home slash bin and dollar L D underscore library underscore path."),
        # Paths: slashes said, common directory names read as people say them.
        ("Install it in /usr/local/bin.", "Install it in slash user slash local slash bin."),
        ("Edit ~/.bashrc and ./configure it.", "Edit tilde slash dot bash R C and dot slash configure it."),
        ("Open /etc/hosts.", "Open slash E T C slash hosts."),
        ("/etc", "slash E T C"),  # a DocBook guide's chapter title
        ("The /lost+found and /usr directories.", "The slash lost plus found and slash user directories."),
        ("The /r/ sound and <b>bold</b> text.", "The slash r slash sound and bold text."),
        # A relative folder ending in a slash (The Hitchhiker's Guide to Python: "a folder called
        # `_build/html/`" was "build or html"); prose's "topic/purpose" stays "or".
        ("in a folder called `_build/html/`", "in a folder called underscore build slash H T M L slash"),
        ("see docs/source/ for it.", "see docs slash source slash for it."),
        ("grouped by topic/purpose", "grouped by topic or purpose"),
        # A search path: each path after a colon, numbered and versioned parts too.
        ('PATH="/usr/local/bin:/opt/python@2/3.6.2/bin:$PATH"',
         'Path equals "slash user slash local slash bin:slash opt slash python at two slash three dot six dot two '
         'slash bin:dollar path"'),
        # Windows paths: the backslashes that cleanup would strip are said.
        ("Add C:\\Python27\\Scripts\\ to it.",
         "Add C colon backslash Python twenty-seven backslash Scripts backslash to it."),
        ("It is in D:\\data.", "It is in D colon backslash data."),
        # A folder with spaces is still one path ("Program Files"; a vendor manual's
        # "c:\\program files\\Keysight\\network analyzer"); prose goes on after the last part.
        ("Open C:\\Program Files\\Foo\\bar.exe now.",
         "Open C colon backslash Program Files backslash foo backslash bar dot E X E now."),
        ("Firmware: c:\\program files\\Keysight\\network analyzer",
         "Firmware: C colon backslash program files backslash Keysight backslash network analyzer"),
        ("D:\\data", "D colon backslash data"),  # no period or slash anywhere in the text
        ("Install to C:\\Program Files (x86)\\Foo\\ today.",
         "Install to C colon backslash Program Files X eighty-six backslash foo backslash today."),
        # Options: not an em dash, not a minus.
        ("Run make --dry-run or -v.", "Run make dash dash dry run or dash V."),
        ("pip install --no-cache-dir -e .", "pip install dash dash no cache dir dash E."),
        ("find . -name x (see -L).", "find. dash name x (see dash L)."),
        ("curl -fsSL it", "curl dash F S S L it"),
        ("-No, he said.\n-Yes, she said -quietly.", "-No, he said.\n-Yes, she said -quietly."),  # dialogue dashes
        # A hyphen as a dialogue dash (translations) after a sentence, a quotation or an indent;
        # two hyphens before a capital are a dash, not a long option.
        ("He looked up. -I agree, she said.", "He looked up. -I agree, she said."),
        ("\u201cNo.\u201d -I agree, she said.", '"No." -I agree, she said.'),
        ("  -I agree, she said.", "-I agree, she said."),
        ("--I agree, she said.", "— I agree, she said."),
        ("He said --I think-- it was so.", "He said — I think — it was so."),
        ("Run it. Then -v shows more.", "Run it. Then dash V shows more."),
        # Names: underscores said, dotted calls read with "dot", an index not taken for a footnote.
        ("Set MAX_SIZE in config_file.py.", "Set max underscore size in config file dot P Y."),  # a file name: web.py
        ("Call os.path.join() and then sys.argv[1].", "Call O S dot path dot join and then sys dot arg V index one."),
        ("Override __init__ in the class.", "Override dunder init in the class."),
        ("Call getUserName() again.", "Call get User Name again."),
        # Prose is left alone: money, minus, hyphens, dashes, italics, fractions, phonemes, footnotes.
        ("It costs $5 at -5 degrees.", "It costs five dollars at minus five degrees."),
        ("A well-known x-ray -- and more.", "A well-known x-ray — and more."),
        ("In _Hamlet_ and/or 3/4 of it.", "In Hamlet and or three quarters of it."),
        ("As shown[1] in the book(s).", "As shown in the book(s)."),
        ("Solve $x$ for $y^2$.", "Solve x for Y squared."),  # TeX, not shell variables
    ],
)
def test_code_is_read_aloud(normalize, text, expected):
    assert normalize(text) == expected
