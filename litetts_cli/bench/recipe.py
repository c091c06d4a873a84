"""Benchmark recipes: what to synthesize, with which voices, models and worker layouts.

A recipe is a TOML file (see ``recipes/default.toml``)::

    name = "default"
    voices = ["af_heart"]
    models = ["kokoro-v1.0-int8"]      # optional: the configured model
    configurations = ["1x2", "2x1"]    # workers x threads, or tables
    repetitions = 2
    warmup = 1
    texts = ["Inline text.", { file = "../samples/demo.txt" }]

Relative file paths are read from the recipe's folder. Every mistake is a
:class:`RecipeError` naming the key and what would be valid.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from litetts_cli.config import SPEED_RANGE
from litetts_cli.errors import RecipeError

_GRAPH_LEVELS = ("disable", "basic", "extended", "all")
_LAYOUT = re.compile(r"^\s*(\d+)\s*[x×*]\s*(\d+)\s*$")
_KNOWN_KEYS = {
    "name", "description", "voices", "models", "configurations", "repetitions", "warmup",
    "speed", "cache", "time_to_first_audio", "reference_model", "texts", "book", "book_chars",
}
_CONFIG_KEYS = {"workers", "threads", "graph_optimization", "spin", "memory_pattern"}
_TEXT_KEYS = {"text", "file", "label"}

QUICK_TEXT = (
    "The quick brown fox jumps over the lazy dog. Benchmarks should read real sentences, "
    "with commas, questions and numbers like 42, so the timing reflects everyday use."
)



@dataclass(frozen=True)
class Layout:
    """One way to spend the cores: ``workers`` processes with ``threads`` each."""

    workers: int
    threads: int
    graph_optimization: str = "all"
    spin: bool = True
    memory_pattern: bool = False
    device: str = ""
    """"": the ONNX engine in ``workers`` processes (the CPU path); "cuda:N" (or "cpu",
    which tests the same path without a GPU): the torch engine, batched, in this process."""

    @property
    def torch(self) -> bool:
        return bool(self.device)

    @property
    def label(self) -> str:
        if self.torch:
            return f"torch on {self.device}"
        extras = []
        if self.graph_optimization != "all":
            extras.append(f"opt={self.graph_optimization}")
        if not self.spin:
            extras.append("nospin")
        if self.memory_pattern:
            extras.append("mempattern")
        base = f"{self.workers}x{self.threads}"
        return f"{base} ({', '.join(extras)})" if extras else base


@dataclass(frozen=True)
class TextItem:
    label: str
    text: str


@dataclass(frozen=True)
class Recipe:
    """A parsed, checked benchmark recipe; texts are already read from their files."""

    name: str
    texts: tuple[TextItem, ...]
    layouts: tuple[Layout, ...]
    voices: tuple[str, ...] = ()
    """Empty: the configured voice."""
    models: tuple[str, ...] = ()
    """Empty: the configured model."""
    repetitions: int = 3
    warmup: int = 1
    speed: float = 1.0
    cache: bool = False
    """Read and write the audio cache while measuring (normally off: it would measure disk)."""
    time_to_first_audio: bool = True
    """Time the first audio bytes of `litetts synth` run as a subprocess."""
    reference_model: str | None = None
    """The model other variants' audio is compared to with --quality (default: the first)."""
    description: str = ""
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def characters(self) -> int:
        return sum(len(t.text) for t in self.texts)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["layouts"] = [layout.label for layout in self.layouts]
        data["texts"] = [{"label": t.label, "characters": len(t.text)} for t in self.texts]
        data.pop("meta")
        return data

    def with_device(self, device: str) -> Recipe:
        """The recipe with the torch engine on ``device`` measured first, then its own
        (CPU) layouts on the same texts."""
        return replace(self, layouts=(Layout(1, 1, device=device),) + tuple(l for l in self.layouts if not l.torch))

    def with_overrides(
        self,
        *,
        text: str | None = None,
        voice: str | None = None,
        model: str | None = None,
        workers: int | None = None,
        threads: int | None = None,
        repetitions: int | None = None,
        warmup: int | None = None,
    ) -> Recipe:
        """The recipe with command-line flags taking the place of its own values."""
        changes: dict[str, Any] = {}
        if text is not None:
            if not text.strip():
                raise RecipeError("--text is empty", hint="give a sentence or two to speak")
            changes["texts"] = (TextItem("text", text),)
        if voice is not None:
            changes["voices"] = (voice,)
        if model is not None:
            changes["models"] = (model,)
        if workers is not None or threads is not None:
            if workers is not None and threads is not None:
                changes["layouts"] = (Layout(workers, threads),)
            else:
                changes["layouts"] = tuple(
                    replace(lay, workers=workers or lay.workers, threads=threads or lay.threads)
                    for lay in self.layouts
                )
        if repetitions is not None:
            changes["repetitions"] = _positive(repetitions, "--repeat", minimum=1)
        if warmup is not None:
            changes["warmup"] = _positive(warmup, "--warmup", minimum=0)
        return replace(self, **changes)


def quick_recipe(threads: int) -> Recipe:
    """The recipe for a run from flags only: two sentences, one worker."""
    return Recipe(
        name="quick",
        texts=(TextItem("quick", QUICK_TEXT),),
        layouts=(Layout(1, threads),),
        repetitions=3,
        warmup=1,
        source="command line",
    )


def load_recipe(path: Path) -> Recipe:
    """Read and check a recipe file."""
    path = Path(path)
    if not path.is_file():
        raise RecipeError(f"no such recipe: {path}", hint="see recipes/default.toml for an example")
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RecipeError(f"cannot read recipe {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RecipeError(f"recipe {path} is not valid TOML: {exc}", hint="fix the TOML syntax") from None
    return parse_recipe(data, base_dir=path.parent, source=str(path), default_name=path.stem)


def parse_recipe(
    data: dict[str, Any], *, base_dir: Path = Path("."), source: str = "recipe", default_name: str = "recipe"
) -> Recipe:
    """Check a recipe's TOML table; ``base_dir`` anchors relative text and book paths."""
    where = source
    _reject_unknown(data, _KNOWN_KEYS, where)
    texts = _texts(data.get("texts"), base_dir, where)
    if "book" in data:
        book_chars = _positive(data.get("book_chars", 6000), f"{where}: book_chars", minimum=1)
        texts += _book(data["book"], base_dir, book_chars, where)
    elif "book_chars" in data:
        raise RecipeError(f"{where}: book_chars without book", hint="add book = \"path\" or remove book_chars")
    if not texts:
        raise RecipeError(
            f"{where}: no texts to speak",
            hint='add texts = ["A sentence or two."] or texts = [{ file = "chapter.txt" }], or book = "novel.epub"',
        )
    if "configurations" not in data:
        raise RecipeError(
            f"{where}: missing configurations",
            hint='add configurations = ["1x2", "2x1"] (workers x threads per worker)',
        )
    speed = data.get("speed", 1.0)
    if isinstance(speed, bool) or not isinstance(speed, (int, float)) or not SPEED_RANGE[0] <= speed <= SPEED_RANGE[1]:
        raise RecipeError(f"{where}: speed = {speed!r} is out of range", hint=f"use a number from {SPEED_RANGE[0]} to {SPEED_RANGE[1]}")
    models = _names(data.get("models", []), f"{where}: models", allow_empty=True)
    reference = data.get("reference_model")
    if reference is not None and (not isinstance(reference, str) or (models and reference not in models)):
        raise RecipeError(
            f"{where}: reference_model = {reference!r} is not one of the recipe's models",
            hint=f"use one of {', '.join(models) or 'the models listed in models'}",
        )
    return Recipe(
        name=_string(data.get("name", default_name), f"{where}: name"),
        description=_string(data.get("description", ""), f"{where}: description"),
        texts=texts,
        layouts=_layouts(data["configurations"], where),
        voices=_names(data.get("voices", []), f"{where}: voices", allow_empty=True),
        models=models,
        repetitions=_positive(data.get("repetitions", 3), f"{where}: repetitions", minimum=1),
        warmup=_positive(data.get("warmup", 1), f"{where}: warmup", minimum=0),
        speed=float(speed),
        cache=_flag(data.get("cache", False), f"{where}: cache"),
        time_to_first_audio=_flag(data.get("time_to_first_audio", True), f"{where}: time_to_first_audio"),
        reference_model=reference,
        source=source,
    )


def parse_layout(value: Any, where: str = "configuration") -> Layout:
    """``"2x1"`` or ``{workers = 2, threads = 1, spin = false}`` -> :class:`Layout`."""
    if isinstance(value, str):
        match = _LAYOUT.match(value)
        if not match:
            raise RecipeError(
                f"{where}: {value!r} is not WORKERSxTHREADS", hint='write it like "2x1" (2 workers, 1 thread each)'
            )
        value = {"workers": int(match.group(1)), "threads": int(match.group(2))}
    if not isinstance(value, dict):
        raise RecipeError(f"{where}: {value!r} is not a configuration", hint='use "2x1" or { workers = 2, threads = 1 }')
    _reject_unknown(value, _CONFIG_KEYS, where)
    missing = [k for k in ("workers", "threads") if k not in value]
    if missing:
        raise RecipeError(f"{where}: missing {' and '.join(missing)}", hint="give workers and threads, e.g. { workers = 2, threads = 1 }")
    level = value.get("graph_optimization", "all")
    if level not in _GRAPH_LEVELS:
        raise RecipeError(f"{where}: graph_optimization = {level!r} is unknown", hint=f"use one of {', '.join(_GRAPH_LEVELS)}")
    return Layout(
        workers=_positive(value["workers"], f"{where}: workers", minimum=1),
        threads=_positive(value["threads"], f"{where}: threads", minimum=1),
        graph_optimization=level,
        spin=_flag(value.get("spin", True), f"{where}: spin"),
        memory_pattern=_flag(value.get("memory_pattern", False), f"{where}: memory_pattern"),
    )


def _layouts(value: Any, where: str) -> tuple[Layout, ...]:
    if not isinstance(value, list) or not value:
        raise RecipeError(f"{where}: configurations must be a non-empty list", hint='e.g. configurations = ["1x2", "2x1"]')
    layouts = tuple(parse_layout(v, f"{where}: configurations[{i}]") for i, v in enumerate(value))
    if len(set(layouts)) != len(layouts):
        raise RecipeError(f"{where}: configurations lists the same layout twice", hint="remove the duplicate")
    return layouts


def _texts(value: Any, base_dir: Path, where: str) -> tuple[TextItem, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise RecipeError(f"{where}: texts must be a list", hint='e.g. texts = ["One.", { file = "two.txt" }]')
    items: list[TextItem] = []
    for index, entry in enumerate(value):
        here = f"{where}: texts[{index}]"
        if isinstance(entry, str):
            entry = {"text": entry}
        if not isinstance(entry, dict):
            raise RecipeError(f"{here} is neither text nor a table", hint='use "text" or { file = "path.txt" }')
        _reject_unknown(entry, _TEXT_KEYS, here)
        if ("text" in entry) == ("file" in entry):
            raise RecipeError(f"{here} needs exactly one of text or file")
        if "file" in entry:
            path = base_dir / _string(entry["file"], f"{here}: file")
            try:
                text = path.read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise RecipeError(f"{here}: cannot read {path}: {exc}", hint="fix the path (relative to the recipe)") from None
            label = entry.get("label") or path.stem
        else:
            text = _string(entry["text"], f"{here}: text")
            label = entry.get("label") or f"text{index + 1}"
        if not text.strip():
            raise RecipeError(f"{here} is empty", hint="give it words to speak")
        items.append(TextItem(_string(label, f"{here}: label"), text))
    return tuple(items)


def _book(value: Any, base_dir: Path, max_chars: int, where: str) -> tuple[TextItem, ...]:
    """The book's first paragraphs (chapter by chapter) up to about ``max_chars`` characters,
    so a recipe can time real prose without reading a whole novel."""
    path = base_dir / _string(value, f"{where}: book")
    if not path.is_file():
        raise RecipeError(f"{where}: no such book {path}", hint="fix the path (relative to the recipe)")
    chapters = _read_chapters(path)
    items: list[TextItem] = []
    total = 0
    for number, (title, paragraphs) in enumerate(chapters, 1):
        taken = []
        for paragraph in paragraphs:
            if total >= max_chars:
                break
            taken.append(paragraph)
            total += len(paragraph)
        if taken:
            items.append(TextItem(f"{path.stem} ch{number}", "\n\n".join(taken)))
        if total >= max_chars:
            break
    if not items:
        raise RecipeError(f"{where}: book {path} has no text to speak")
    return tuple(items)


def _read_chapters(path: Path) -> list[tuple[str, list[str]]]:
    """(title, paragraphs) per chapter of a .txt, .md or .epub file, as `litetts book` reads it."""
    from litetts_cli.ingest import load_document

    return [(c.title, list(c.paragraphs)) for c in load_document(path).chapters]


def _reject_unknown(table: dict, known: set[str], where: str) -> None:
    for key in table:
        if key not in known:
            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f"did you mean {close[0]}?" if close else f"known keys: {', '.join(sorted(known))}"
            raise RecipeError(f"{where}: unknown key {key!r}", hint=hint)


def _positive(value: Any, what: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise RecipeError(f"{what} = {value!r} is not a whole number of {minimum} or more", hint=f"use an integer >= {minimum}")
    return value


def _flag(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise RecipeError(f"{what} = {value!r} is not true or false")
    return value


def _string(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise RecipeError(f"{what} = {value!r} is not a string", hint="quote it")
    return value


def _names(value: Any, what: str, *, allow_empty: bool) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RecipeError(f"{what} must be a list of names", hint='e.g. ["af_heart", "bf_emma"]')
    if not value and not allow_empty:
        raise RecipeError(f"{what} is empty")
    if len(set(value)) != len(value):
        raise RecipeError(f"{what} lists a name twice", hint="remove the duplicate")
    return tuple(v.strip() for v in value)
