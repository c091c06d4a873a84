"""Addresses: URLs ("example dot com slash docs"), e-mail, file names, hashtags, @handles."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from litetts_cli.normalize import numwords
from litetts_cli.normalize.base import alternation, guarded, load_json, spell_letters
from litetts_cli.normalize.options import NormalizeOptions

_URL_CHARS = r"[^\s<>\"'()\[\]{}\U000f0000-\U000ffffd]"
_TRAILING = ".,;:!?'\"…"
_RUNS = re.compile(r"[A-Za-z]+|[0-9]+")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])|_+")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str], re.Pattern[str]]:
    data = load_json("web.json")
    tlds, extensions, separators = data["tlds"], data["extensions"], data["separators"]
    exts = alternation(list(extensions) + [e.upper() for e in extensions])
    bare = alternation(data["bare_tlds"])
    label = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    pattern = re.compile(
        rf"(?P<email>(?<![\w.+-])[A-Za-z0-9._%+-]+@{label}(?:\.{label})*\.[A-Za-z]{{2,}})(?![\w@])"
        rf"|(?P<url>(?:(?:https?|ftp)://|(?<![\w.@/-])www\.){_URL_CHARS}+)"
        rf"|(?P<domain>(?<![\w.@/-])(?:{label}\.)+(?:{bare})(?::[0-9]{{1,5}})?(?:/{_URL_CHARS}*)?)(?![\w@-])"
        rf"|(?P<file>(?<![\w./@-])[A-Za-z0-9_-][A-Za-z0-9_.-]*\.(?P<ext>{exts}))(?![\w-])"
        r"|(?<![\w&#])#(?P<tag>[0-9_]*[A-Za-z][A-Za-z0-9_]*)"
        r"|(?<![\w.@])@(?P<handle>[A-Za-z0-9_]{1,30})(?![\w@])"
    )
    return tlds, extensions, separators, pattern


def _chunk(chunk: str) -> str:
    """Letters as written (short consonant clusters spelled), digits as a number."""
    words = []
    for run in _RUNS.findall(chunk):
        if run.isdigit():
            words.append(numwords.integer_or_digits(run) if len(run) <= 4 else numwords.digits(run))
        elif (len(run) <= 3 and not re.search("[aeiouyAEIOUY]", run)) or len(run) == 1:
            words.append(spell_letters(run))
        else:
            words.append(run)
    return " ".join(words)


def _words(name: str) -> str:
    """``"ThrowbackThursday2024"`` -> "Throwback Thursday twenty twenty-four"."""
    return " ".join(_chunk(w) if w.isdigit() else w for w in _CAMEL.split(name) if w)


def _read_with_separators(text: str, separators: dict[str, str]) -> str:
    parts = re.split(r"([^A-Za-z0-9])", text)
    words = []
    for part in parts:
        if not part:
            continue
        if part in separators:
            words.append(separators[part])
        elif part.isalnum() and part.isascii():
            words.append(_chunk(part))
    return " ".join(words)


def read_host(host: str) -> str:
    tlds, _, separators, _ = _tables()
    labels = host.split(".")
    words = []
    for i, label in enumerate(labels):
        if i == len(labels) - 1 and label.lower() in tlds:
            words.append(tlds[label.lower()])
        elif label.lower() == "www":
            words.append("W W W")
        else:
            words.append(_read_with_separators(label, separators))
    return " dot ".join(w for w in words if w)


def read_url(url: str) -> str:
    """``https://www.example.com/docs/intro`` -> "W W W dot example dot com slash docs slash intro"."""
    _, extensions, separators, _ = _tables()
    address = re.sub(r"^(?:https?|ftp)://", "", url, flags=re.IGNORECASE)
    address = re.split(r"[?#]", address, maxsplit=1)[0].rstrip("/")
    host, _, path = address.partition("/")
    host, _, port = host.partition(":")
    words = read_host(host)
    if port.isdigit():
        words += " colon " + numwords.integer_or_digits(port)
    for segment in filter(None, path.split("/")):
        words += " slash " + read_file_name(segment, extensions, separators)
    return words


def read_file_name(name: str, extensions: dict[str, str], separators: dict[str, str]) -> str:
    stem, dot, ext = name.rpartition(".")
    if dot and ext.lower() in extensions and stem:
        return f"{_read_with_separators(stem, separators)} dot {extensions[ext.lower()]}"
    return _read_with_separators(name, separators)


def read_email(address: str) -> str:
    _, _, separators, _ = _tables()
    local, _, host = address.partition("@")
    return f"{_read_with_separators(local, separators)} at {read_host(host)}"


def expand_web(text: str, options: NormalizeOptions, hold: Callable[[str], str] = str) -> str:
    """Rewrite URLs, e-mail addresses, file names, hashtags and handles; ``hold`` protects
    the result from later categories (a "dot com" must not meet the abbreviation table)."""
    if not any(c in text for c in ".@#"):
        return text
    _, extensions, _, pattern = _tables()

    def replace(m: re.Match[str]) -> str:
        g = m.group
        if g("email"):
            return hold(read_email(g("email")))
        if g("url") or g("domain"):
            raw = g("url") or g("domain")
            address = raw.rstrip(_TRAILING)
            return hold(read_url(address)) + raw[len(address) :]
        if g("file"):
            name = g("file")
            if _INITIALS.fullmatch(name) and m.string.startswith(".", m.end()):
                return name  # "the G.C.L.", "K.C.B.": initials, not a file "G.C"
            stem = name[: -len(g("ext")) - 1]
            spoken = " ".join(_chunk(w) for w in re.split(r"[_\-.]+", stem) if w)
            return hold(f"{spoken} dot {extensions[g('ext').lower()]}")
        if g("tag"):
            return "hashtag " + _words(g("tag"))
        return "at " + _words(g("handle"))

    return pattern.sub(guarded(replace, options.strict), text)


__all__ = ["expand_web", "read_email", "read_url"]
