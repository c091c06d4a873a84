from pathlib import Path

import pytest

from litetts_cli.bench.recipe import Layout, RecipeError, TextItem, load_recipe, parse_layout, parse_recipe, quick_recipe

REPO = Path(__file__).resolve().parents[2]

VALID = '''
name = "mine"
description = "two voices"
voices = ["af_heart", "bf_emma"]
models = ["kokoro-v1.0-int8", "kokoro-v1.0-fp16"]
reference_model = "kokoro-v1.0-fp16"
configurations = ["1x2", { workers = 2, threads = 1, spin = false, graph_optimization = "basic" }]
repetitions = 5
warmup = 0
speed = 1.2
cache = true
time_to_first_audio = false
texts = ["First text.", { label = "second", text = "Second text." }, { file = "para.txt" }]
'''


def write(tmp_path: Path, body: str, name: str = "recipe.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, "utf-8")
    return path


def test_valid_recipe_parses_every_field(tmp_path):
    (tmp_path / "para.txt").write_text("A paragraph from a file.\n", "utf-8")
    recipe = load_recipe(write(tmp_path, VALID))
    assert recipe.name == "mine"
    assert recipe.voices == ("af_heart", "bf_emma")
    assert recipe.models == ("kokoro-v1.0-int8", "kokoro-v1.0-fp16")
    assert recipe.reference_model == "kokoro-v1.0-fp16"
    assert recipe.layouts == (Layout(1, 2), Layout(2, 1, graph_optimization="basic", spin=False))
    assert [lay.label for lay in recipe.layouts] == ["1x2", "2x1 (opt=basic, nospin)"]
    assert (recipe.repetitions, recipe.warmup, recipe.speed, recipe.cache) == (5, 0, 1.2, True)
    assert recipe.time_to_first_audio is False
    assert recipe.texts == (
        TextItem("text1", "First text."),
        TextItem("second", "Second text."),
        TextItem("para", "A paragraph from a file.\n"),
    )
    assert recipe.characters == len("First text.Second text.A paragraph from a file.\n")


def test_defaults_leave_voice_and_model_to_settings(tmp_path):
    recipe = load_recipe(write(tmp_path, 'configurations = ["1x1"]\ntexts = ["Hi."]\n', "short.toml"))
    assert recipe.name == "short"
    assert recipe.voices == () and recipe.models == ()
    assert (recipe.repetitions, recipe.warmup, recipe.cache, recipe.time_to_first_audio) == (3, 1, False, True)


def test_the_shipped_default_recipe_is_the_documented_one():
    recipe = load_recipe(REPO / "recipes" / "default.toml")
    assert recipe.voices == ("af_heart",)
    assert [lay.label for lay in recipe.layouts] == ["1x2", "2x1"]
    assert (recipe.repetitions, recipe.warmup, recipe.cache) == (2, 1, False)
    assert len(recipe.texts) == 4


def test_book_in_plain_text_takes_paragraphs_up_to_the_limit(tmp_path):
    paragraphs = [f"Paragraph number {i} of the book." for i in range(10)]
    (tmp_path / "book.txt").write_text("\n\n".join(paragraphs), "utf-8")
    recipe = load_recipe(write(tmp_path, 'configurations = ["1x1"]\nbook = "book.txt"\nbook_chars = 60\n'))
    assert len(recipe.texts) == 1
    assert recipe.texts[0].text.split("\n\n") == paragraphs[:2]


BAD = [
    ('configurations = ["1x1"]\n', "no texts to speak"),
    ('texts = ["Hi."]\n', "missing configurations"),
    ('texts = ["Hi."]\nconfigurations = []\n', "non-empty list"),
    ('texts = ["Hi."]\nconfigurations = ["2by1"]\n', "is not WORKERSxTHREADS"),
    ('texts = ["Hi."]\nconfigurations = ["0x1"]\n', "workers = 0"),
    ('texts = ["Hi."]\nconfigurations = [{ workers = 1 }]\n', "missing threads"),
    ('texts = ["Hi."]\nconfigurations = [{ workers = 1, threads = "2" }]\n', "threads = '2'"),
    ('texts = ["Hi."]\nconfigurations = [{ workers = 1, threads = 1, graph_optimization = "max" }]\n', "graph_optimization = 'max'"),
    ('texts = ["Hi."]\nconfigurations = [{ workers = 1, threads = 1, thread = 2 }]\n', "unknown key 'thread'"),
    ('texts = ["Hi."]\nconfigurations = ["1x1", "1x1"]\n', "same layout twice"),
    ('texts = ["Hi."]\nconfigurations = ["1x1"]\nrepetition = 2\n', "did you mean repetitions"),
    ('texts = ["Hi."]\nconfigurations = ["1x1"]\nrepetitions = 0\n', "repetitions = 0"),
    ('texts = ["Hi."]\nconfigurations = ["1x1"]\nrepetitions = 1.5\n', "repetitions = 1.5"),
    ('texts = ["Hi."]\nconfigurations = ["1x1"]\nwarmup = -1\n', "warmup = -1"),
    ('texts = ["Hi."]\nconfigurations = ["1x1"]\nspeed = 3.0\n', "speed = 3.0 is out of range"),
    ('texts = ["Hi."]\nconfigurations = ["1x1"]\ncache = "yes"\n', "cache = 'yes' is not true or false"),
    ('texts = ["Hi."]\nconfigurations = ["1x1"]\nvoices = "af_heart,"\nvoices2 = 1\n', "unknown key 'voices2'"),
    ('texts = ["Hi."]\nconfigurations = ["1x1"]\nvoices = [1]\n', "voices must be a list of names"),
    ('texts = ["Hi."]\nconfigurations = ["1x1"]\nvoices = ["a", "a"]\n', "lists a name twice"),
    ('texts = ["Hi."]\nconfigurations = ["1x1"]\nmodels = ["m1"]\nreference_model = "m2"\n', "reference_model = 'm2'"),
    ('texts = ["   "]\nconfigurations = ["1x1"]\n', "texts[0] is empty"),
    ('texts = [{ file = "missing.txt" }]\nconfigurations = ["1x1"]\n', "cannot read"),
    ('texts = [{ file = "a.txt", text = "b" }]\nconfigurations = ["1x1"]\n', "exactly one of text or file"),
    ('texts = [3]\nconfigurations = ["1x1"]\n', "neither text nor a table"),
    ('configurations = ["1x1"]\nbook = "nope.txt"\n', "no such book"),
    ('texts = ["Hi."]\nconfigurations = ["1x1"]\nbook_chars = 10\n', "book_chars without book"),
    ('texts = ["Hi."\nconfigurations = ["1x1"]\n', "not valid TOML"),
]


@pytest.mark.parametrize("body, message", BAD)
def test_bad_recipes_say_what_is_wrong(tmp_path, body, message):
    with pytest.raises(RecipeError, match=message.replace("[", r"\[").replace("(", r"\(")) as info:
        load_recipe(write(tmp_path, body))
    assert "recipe.toml" in str(info.value)


def test_missing_recipe_file_points_at_the_example(tmp_path):
    with pytest.raises(RecipeError, match="recipes/default.toml"):
        load_recipe(tmp_path / "nope.toml")


@pytest.mark.parametrize("text, workers, threads", [("1x2", 1, 2), ("2x1", 2, 1), (" 4 x 8 ", 4, 8), ("3×1", 3, 1)])
def test_layout_strings(text, workers, threads):
    assert parse_layout(text) == Layout(workers, threads)


def test_flags_override_the_recipe():
    base = parse_recipe({"texts": ["One."], "configurations": ["1x2", "2x1"], "voices": ["af_heart"]})
    assert base.with_overrides(threads=1).layouts == (Layout(1, 1), Layout(2, 1))
    assert base.with_overrides(workers=3, threads=1).layouts == (Layout(3, 1),)
    changed = base.with_overrides(text="Other.", voice="bf_emma", model="m", repetitions=1, warmup=0)
    assert changed.texts == (TextItem("text", "Other."),)
    assert (changed.voices, changed.models, changed.repetitions, changed.warmup) == (("bf_emma",), ("m",), 1, 0)
    with pytest.raises(RecipeError, match="--text is empty"):
        base.with_overrides(text="  ")


def test_quick_recipe_is_one_worker():
    recipe = quick_recipe(threads=2)
    assert recipe.layouts == (Layout(1, 2),)
    assert recipe.texts and recipe.repetitions >= 1
