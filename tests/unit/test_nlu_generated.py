"""The generated Rasa taxonomy file is in sync with data/taxonomy.yml, and training inputs are hashed.

Why: the taxonomy is the single source of category words; a stale generated file would make Rasa
map category spans to old keys (or miss new words) without anyone noticing.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from domain.taxonomy import load_taxonomy
from nlu import server
from nlu.generate_taxonomy import GENERATED_PATH, generate, render


def test_generated_taxonomy_file_is_up_to_date() -> None:
    expected = render(load_taxonomy())
    assert GENERATED_PATH.read_text(encoding="utf-8") == expected, (
        "nlu/data/generated/taxonomy.yml is stale: run 'python -m nlu.generate_taxonomy' and commit it"
    )


def test_generated_file_maps_every_term_to_its_key() -> None:
    data = yaml.safe_load(GENERATED_PATH.read_text(encoding="utf-8"))
    synonyms = {block["synonym"]: block["examples"] for block in data["nlu"] if "synonym" in block}
    taxonomy = load_taxonomy()
    assert set(synonyms) == set(taxonomy.keys())
    assert "- pasteis de nata\n" in synonyms["bakery"]
    assert "- сайт\n" in synonyms["web_design"]
    lookup = next(block["examples"] for block in data["nlu"] if block.get("lookup") == "category")
    assert "- tortų\n" in lookup


def test_generate_rewrites_only_when_changed(tmp_path: Path) -> None:
    target = tmp_path / "taxonomy.yml"
    assert generate(target) is True
    assert generate(target) is False
    target.write_text("stale", encoding="utf-8")
    assert generate(target) is True


def test_model_name_depends_on_training_inputs_only() -> None:
    files = server.training_files()
    assert server.CONFIG_PATH in files
    assert GENERATED_PATH in files
    assert not any("tests" in path.relative_to(server.NLU_DIR).parts for path in files), "held-out data leaked"
    assert server.model_path().name == f"nlu-{server.model_hash()}.tar.gz"
    assert server.model_hash() == server.model_hash()
