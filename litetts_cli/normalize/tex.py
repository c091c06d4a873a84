"""TeX math in running text (MathJax pages, Markdown, papers), read as words.

MathJax and Markdown put formulas in the text between ``\\( \\)``, ``\\[ \\]``, ``$$ $$``
or ``$ $``. Left alone, the backslashes and braces were stripped and ``\\frac{a}{b}``
came out "fracab". This step reads the TeX: fractions, roots, powers and subscripts,
Greek letters, operators and relations (``tex.json``), and formatting commands by
their argument. A command it does not know is said by its name, never dropped. The
result is plain words and symbols that the later steps finish ("x^2" -> "x squared",
"=" -> "equals", single letters by their names).
"""

from __future__ import annotations

import re
from functools import lru_cache

from litetts_cli.normalize.base import A_LETTER, guarded, load_json
from litetts_cli.normalize.options import NormalizeOptions

_DELIMITED = re.compile(
    r"\\\((?P<inline>.+?)\\\)|\\\[(?P<display>.+?)\\\]|\$\$(?P<dollars>.+?)\$\$"
    r"|(?<![\w$\\])\$(?=[^\s$\d])(?P<dollar>[^$\n]{1,200}?)(?<=[^\s\\$])\$(?![\w$])",
    re.DOTALL,
)
_TOKEN = re.compile(r"\\(?:[A-Za-z]+|.)|[0-9]+(?:\.[0-9]+)?|[{}^_&]|[^\\{}^_&]")
_MAX_DEPTH = 40
_OPERATORS = {"-": "minus", "<": "is less than", ">": "is greater than", "'": "prime"}
"""Characters whose plain reading in prose ("-" a pause) is not their reading in math."""
_BIG_OPERATORS = frozenset({"sum", "prod", "int", "oint", "lim"})


@lru_cache(maxsize=1)
def _commands() -> dict[str, str]:
    data = load_json("tex.json")
    return {**data["words"], **{name: "" for name in data["silent"]}}


class _Reader:
    """A recursive reader over one formula's tokens."""

    def __init__(self, tex: str):
        self.tokens = _TOKEN.findall(tex)
        self.position = 0

    def read_all(self, depth: int = 0, until: str | None = None) -> str:
        words: list[str] = []
        while self.position < len(self.tokens):
            if self.tokens[self.position] == until:
                self.position += 1
                break
            word = self._read_one(depth)
            if word.startswith("^") and words:
                # "c^2": the numbers step says "c squared" (and names the letter a itself)
                words[-1] = ("a" if words[-1] == A_LETTER else words[-1]) + word
            elif word.strip():
                words.append(word)
        return " ".join(words)

    def _argument(self, depth: int) -> str:
        """The next group ``{...}`` or single token, read."""
        while self.position < len(self.tokens) and self.tokens[self.position].isspace():
            self.position += 1
        if self.position >= len(self.tokens):
            return ""
        if self.tokens[self.position] == "{":
            self.position += 1
            return self.read_all(depth + 1, until="}")
        return self._read_one(depth + 1)

    def _raw_argument(self) -> str:
        """The next group's text as written (``\\text{if }`` -> "if")."""
        if self.position >= len(self.tokens) or self.tokens[self.position] != "{":
            return self._read_one(_MAX_DEPTH) if self.position < len(self.tokens) else ""
        self.position += 1
        raw, level = [], 1
        while self.position < len(self.tokens):
            token = self.tokens[self.position]
            self.position += 1
            level += {"{": 1, "}": -1}.get(token, 0)
            if level == 0:
                break
            raw.append(token.lstrip("\\") if token.startswith("\\") else token)
        return "".join(raw).strip()

    def _limits(self, spoken: str, depth: int) -> str:
        """A sum, product, integral or limit with its bounds: "the sum from i = 1 to n of"."""
        bounds = {}
        while self.position < len(self.tokens) and self.tokens[self.position] in ("_", "^"):
            mark = self.tokens[self.position]
            self.position += 1
            bounds[mark] = self._argument(depth)
        if spoken.startswith("the limit"):
            return f"{spoken} as {bounds['_']}," if "_" in bounds else spoken
        if not bounds:
            return spoken
        lower = f" from {bounds['_']}" if "_" in bounds else ""
        upper = f" to {bounds['^']}" if "^" in bounds else ""
        return f"{spoken.removesuffix(' of')}{lower}{upper} of"

    def _optional(self, depth: int) -> str:
        """An optional ``[...]`` argument (a root's index), read; "" when absent."""
        if self.position < len(self.tokens) and self.tokens[self.position] == "[":
            self.position += 1
            return self.read_all(depth + 1, until="]")
        return ""

    def _read_one(self, depth: int) -> str:
        token = self.tokens[self.position]
        self.position += 1
        if depth > _MAX_DEPTH:
            return token
        if token == "{":
            return self.read_all(depth + 1, until="}")
        if token == "^":
            power = self._argument(depth)
            return f"^{power}" if power.isdigit() else f"to the power of {power},"
        if token == "_":
            return f"sub {self._argument(depth)}"
        if token == "&":
            return " "
        if not token.startswith("\\"):
            if token in ("a", "A"):
                return A_LETTER  # the letter, not the article
            return _OPERATORS.get(token, token)
        name = token[1:]
        if name == "frac" or name == "dfrac" or name == "tfrac":
            top, bottom = self._argument(depth), self._argument(depth)
            return f"{top} over {bottom},"
        if name == "sqrt":
            index = self._optional(depth)
            root = "square root" if not index else ("cube root" if index == "3" else f"root {index}")
            return f"the {root} of {self._argument(depth)},"
        if name in ("begin", "end"):
            self._argument(depth)  # the environment's name: its rows are read as they come
            return ""
        if name in ("text", "textrm", "textbf", "textit", "mathrm", "operatorname", "mbox"):
            return self._raw_argument()  # words, not a product of letters
        if name in ("mathbf", "mathit", "mathsf", "mathtt", "mathcal", "mathbb", "boldsymbol"):
            return self._argument(depth)
        if name in ("hat", "bar", "vec", "tilde", "dot", "overline"):
            return f"{self._argument(depth)} {_commands().get(name, name)}"
        spoken = _commands().get(name)
        if name in _BIG_OPERATORS:
            return self._limits(spoken or name, depth)
        if spoken is not None:
            return spoken
        return name if name.isalpha() else {"\\": ",", ",": " ", ";": " ", "!": "", " ": " "}.get(name, name)


def read_tex(tex: str) -> str:
    """``\\frac{a}{b} = \\sqrt{x}`` -> "a over b, = the square root of x,"."""
    words = _Reader(tex).read_all()
    return re.sub(r"\s+", " ", words).strip(" ,")


def expand_tex(text: str, options: NormalizeOptions) -> str:
    """Read every delimited TeX formula in ``text`` as words."""
    if "\\" not in text and "$" not in text:
        return text

    def replace(m: re.Match[str]) -> str:
        return read_tex(m.group(m.lastgroup))

    return _DELIMITED.sub(guarded(replace, options.strict), text)


__all__ = ["expand_tex", "read_tex"]
