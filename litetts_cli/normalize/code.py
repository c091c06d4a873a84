"""Code in running text, read the way a person reads it aloud.

Technical books (Sphinx, DocBook, Markdown) put shell variables, paths, options and
identifiers inline: ``$HOME``, ``/usr/local/bin``, ``--dry-run``, ``max_size``,
``os.path.join()``, ``sys.argv[1]``. Left to the general rules these lose their symbols
("F O O" for ``$FOO``, an em dash for ``--force``, "usr or local or bin", a dropped
``[1]`` taken for a footnote), so this step runs before cleanup and holds what it
writes. Only shapes prose does not use are taken: a ``$`` before a letter, a path
that starts with ``/``, ``~/`` or ``./``, an option after a space, a name with an
underscore, a dotted name called or indexed, a camelCase name called.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from litetts_cli.normalize import numwords
from litetts_cli.normalize.base import guarded, load_json, spell_letters
from litetts_cli.normalize.options import NormalizeOptions

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_SNAKE = r"(?:__[A-Za-z0-9]\w*?__|_*(?=\w*[A-Za-z])[A-Za-z0-9]+(?:_+[A-Za-z0-9]+)+_*)"
"""A name with an underscore inside it (``max_size``) or a dunder (``__init__``); not
``_emphasis_`` nor ``2_000``."""
_CODE_NAME = rf"(?:{_NAME}(?:\.{_NAME})+|{_SNAKE}|[a-z]+[A-Z][A-Za-z0-9]*)"
"""A name prose does not use: dotted (``os.path``), with an underscore, or camelCase."""
_PATH_PART = r"/[A-Za-z0-9_.+@-]*[A-Za-z][A-Za-z0-9_.+@-]*"
_WIN_PART = r"[A-Za-z0-9_.+@()-]*[A-Za-z0-9_+@)-]"
"""One folder or file name of a Windows path, word by word; never ending in a period,
which ends the sentence after a path."""
_SENTENCE_ENDS = frozenset(".!?;\"'“”‘’—…")
"""Marks after which a dash opens a speech, not an option: the end of a sentence or a
quotation ("He looked up. -I agree, she said.", a translation's dialogue dashes)."""
_PATTERN = re.compile(
    # A shell variable of two characters or more ("$x" is TeX), and the path it starts.
    rf"(?P<var>(?<![\w$])\$(?:\{{(?P<braced>{_NAME})\}}|(?P<bare>[A-Za-z_][A-Za-z0-9_]+))"
    rf"(?P<under>(?:{_PATH_PART})*/?))"
    rf"|(?P<path>(?<![\w/.~\\<-])(?<!:/)(?:(?:~|\.{{1,2}})(?:{_PATH_PART})+"
    rf"|{_PATH_PART}(?:/[A-Za-z0-9_.+@-]+)+)/?(?![\w/])"
    # One directory ("/etc", "/lost+found"), not a phoneme between slashes ("/r/").
    r"|(?<![\w/.~\\:<-])/[A-Za-z][A-Za-z0-9_.+@-]+(?![\w/>])"
    # A relative folder ends in a slash ("_build/html/", Sphinx's docs), where prose's
    # "topic/purpose" does not.
    rf"|(?<![\w/.~\\:<@-])[A-Za-z0-9_.+@-]*[A-Za-z][A-Za-z0-9_.+@-]*(?:{_PATH_PART})+/(?![\w/]))"
    # A Windows path ("C:\\Python27\\Scripts"): its backslashes were stripped as markup. A
    # folder before a backslash may hold spaces ("C:\\Program Files (x86)\\"); the last
    # part may not, since prose goes on after it.
    rf"|(?P<windows>(?<![\w\\])[A-Za-z]:\\(?:{_WIN_PART}(?:[ ]{_WIN_PART})*\\)*(?:{_WIN_PART})?)"
    # Long options are lower case: "--I agree" and "--Yes" are dashes typed as two hyphens.
    r"|(?P<long>(?<![\w-])--(?P<long_name>[a-z][A-Za-z0-9-]*[A-Za-z0-9]|[a-z])(?![\w-]))"
    # After a space or bracket, never opening a line or a sentence (dialogue set "-No, he
    # said.", "He looked up. -I agree."; see _opens_speech); one letter, or up to six in lower
    # case ("-name", not "-Yes"; a dash typed as "-quietly" is prose, though "-and" would be
    # taken for an option).
    r"|(?P<short>(?<=[ \t(\[])-(?P<short_name>[A-Za-z]|[a-z][A-Za-z0-9]{1,5})(?=[\s,;:)\]'\"”’]|\.(?:\s|$)|$))"
    rf"|(?P<call>(?<![\w.])(?P<callee>{_CODE_NAME}|{_NAME}(?=\(\)))"
    r"(?:\(\)|\[(?P<index>[0-9]{1,4}|[A-Za-z_]\w*)\]|(?=\()))"
    rf"|(?P<snake>(?<![\w.@#]){_SNAKE}(?![\w@]|\.\w))"
)
_PARTS = re.compile(r"_+|\.|-|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")
_VOWEL = re.compile("[aeiouyAEIOUY]")


@lru_cache(maxsize=1)
def _words() -> dict[str, str]:
    return load_json("code.json")["words"]


def _word(part: str) -> str:
    """One piece of a name: a known reading, a number, a word, or letters spelled."""
    known = _words().get(part.lower())
    if known:
        return known
    if part.isdigit():
        return numwords.integer_or_digits(part)
    if len(part) <= 2 or not _VOWEL.search(part) or (part.isupper() and len(part) <= 3):
        return spell_letters(part)
    return part.lower() if part.isupper() else part


def read_name(name: str) -> str:
    """``max_size`` -> "max underscore size"; ``os.path`` -> "os dot path";
    ``getUserName`` -> "get User Name"; ``__init__`` -> "dunder init"."""
    dunder = re.fullmatch(r"__([A-Za-z0-9]\w*?)__", name)
    if dunder:
        return f"dunder {read_name(dunder.group(1))}"
    words: list[str] = []
    for piece in re.split(r"(_+|\.|-|@|\+)", name):
        if not piece:
            continue
        if piece.startswith("_"):
            words.extend(["underscore"] * len(piece))
        elif piece == ".":
            words.append("dot")
        elif piece == "-":
            words.append("dash")
        elif piece in ("@", "+"):
            words.append("at" if piece == "@" else "plus")
        else:
            words.extend(_word(p) for p in _PARTS.split(piece) if p)
    return " ".join(words)


def read_path(path: str) -> str:
    """``~/.bashrc`` -> "tilde slash dot bashrc"; ``/usr/local/bin`` -> "slash user slash local slash bin"."""
    words: list[str] = []
    for piece in re.split(r"(/)", path):
        if piece == "/":
            words.append("slash")
        elif piece == "~":
            words.append("tilde")
        elif piece in (".", ".."):
            words.append(" ".join(["dot"] * len(piece)))
        elif piece:
            words.append(("dot " if piece.startswith(".") else "") + read_name(piece.lstrip(".")))
    return " ".join(w for w in words if w)


def _opens_speech(text: str, start: int) -> bool:
    """Whether a dash at ``start`` opens its line or follows the end of a sentence or quotation."""
    before = text[max(0, start - 80) : start].rpartition("\n")[2].rstrip(" \t")
    if before[-2:-1].isspace():
        return False  # "find . -name x": a period after a space is an argument, not an end
    return not before or before[-1] in _SENTENCE_ENDS


def _windows_part(part: str) -> str:
    """One folder of a Windows path: "Program Files (x86)" -> "Program Files X eighty-six"."""
    return " ".join(read_name(word.strip("()")) for word in part.split(" ") if word.strip("()"))


def expand_code(text: str, options: NormalizeOptions, hold: Callable[[str], str] = str) -> str:
    """Read shell variables, paths, options and code names as spoken words, held from later steps."""
    if not any(c in text for c in "$/-_.([\\"):
        return text

    def replace(m: re.Match[str]) -> str:
        g = m.group
        if g("var"):
            under = g("under").rstrip(".")
            said = f"dollar {read_name(g('braced') or g('bare'))}"
            return hold(f"{said} {read_path(under)}" if under else said) + g("under")[len(under):]
        if g("path"):
            path = g("path").rstrip(".")  # a period after a path ends the sentence
            return hold(read_path(path)) + g("path")[len(path):]
        if g("windows"):
            drive, _, rest = g("windows").partition(":")
            parts = [_windows_part(p) for p in rest.split("\\")[1:] if p]
            said = " backslash ".join([f"{drive.upper()} colon"] + parts)
            return hold(said + (" backslash" if rest.endswith("\\") and rest != "\\" else ""))
        if g("long"):
            return hold("dash dash " + " ".join(read_name(p) for p in g("long_name").split("-")))
        if g("short"):
            if _opens_speech(m.string, m.start()):
                return g("short")  # a dialogue dash, left to cleanup as prose
            return hold(f"dash {read_name(g('short_name'))}")
        if g("call"):
            index = g("index")
            said = read_name(g("callee"))
            if index is not None:
                said += f" index {read_name(index)}"
            return hold(said)
        return hold(read_name(g("snake")))

    return _PATTERN.sub(guarded(replace, options.strict), text)


__all__ = ["expand_code", "read_name", "read_path"]
