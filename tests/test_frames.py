"""Figure frames: what each figure is about, read from the parse, and when two differ."""

from __future__ import annotations

import pytest

from factcheck.judge import frames_differ
from factcheck.nlp import load
from factcheck.nlp.quantities.frames import figure_frame
from factcheck.nlp.records import Frame


@pytest.fixture(scope="module")
def nlp():
    return load()


def frame_of(nlp, sentence: str, figure: str) -> Frame:
    doc = nlp(sentence)
    start = sentence.index(figure)
    frame = figure_frame(doc, start, start + len(figure))
    assert frame is not None
    return frame


def test_the_counted_noun_its_verb_and_subject(nlp):
    frame = frame_of(nlp, "Maria Olsen scored 31 points against the Hawks.", "31")
    assert (frame.about, frame.verb, frame.verb_subject, frame.subject_kind) == ("point", "score", "Maria Olsen", "person")


def test_a_pronoun_subject_is_marked_unknown(nlp):
    assert frame_of(nlp, "She scored 31 points.", "31").subject_kind == "pronoun"


def test_a_hyphenated_measure_belongs_to_the_noun_it_describes(nlp):
    frame = frame_of(nlp, "A 4.9-magnitude aftershock rattled the valley.", "4.9")
    assert (frame.about, frame.owner) == ("magnitude", "aftershock")


def test_a_figure_of_a_noun_measures_that_noun(nlp):
    assert frame_of(nlp, "The town has a population of 12,000.", "12,000").about == "population"


def test_distances_keep_the_place_they_are_measured_from(nlp):
    assert frame_of(nlp, "The camp lies 40 kilometres from Dunmore.", "40 kilometres").anchor == "from Dunmore"
    assert frame_of(nlp, "The blast hit 12 km north of Carvell.", "12 km").anchor == "of Carvell"


def test_a_part_keeps_what_it_is_part_of(nlp):
    assert frame_of(nlp, "The buyer paid $40 million in cash.", "$40 million").anchor == "in cash"


def test_times_are_not_anchors(nlp):
    assert frame_of(nlp, "He fell 30 metres on Saturday.", "30 metres").anchor is None


def test_two_people_figures_differ_and_one_person_named_twice_does_not(nlp):
    olsen = frame_of(nlp, "Maria Olsen scored 31 points.", "31")
    berg = frame_of(nlp, "Ida Berg scored 28 points.", "28")
    olsen_again = frame_of(nlp, "Olsen scored 28 points.", "28")
    assert frames_differ(olsen, berg)
    assert frames_differ(olsen, olsen_again) is None


def test_an_aftershock_and_the_main_quake_differ(nlp):
    aftershock = frame_of(nlp, "A 4.9-magnitude aftershock rattled the valley.", "4.9")
    quake = frame_of(nlp, "A 6.2-magnitude earthquake rattled the valley.", "6.2")
    assert frames_differ(aftershock, quake)


def test_a_measure_of_the_subject_is_the_same_thing(nlp):
    described = frame_of(nlp, "A 6.2-magnitude quake rattled the valley.", "6.2")
    stated = Frame(about="magnitude", verb="measure", verb_subject="quake", subject_kind="noun")
    assert frames_differ(described, stated) is None


def test_one_play_is_not_a_players_total(nlp):
    play = frame_of(nlp, "His 64-yard run opened the scoring.", "64")
    total = frame_of(nlp, "Tomas Reyes finished with 140 yards.", "140")
    assert frames_differ(play, total)


def test_distances_from_two_places_differ(nlp):
    near = frame_of(nlp, "The camp lies 40 kilometres from Dunmore.", "40 kilometres")
    far = frame_of(nlp, "The camp lies 90 kilometres from Ashby.", "90 kilometres")
    assert frames_differ(near, far)


def test_the_cash_part_is_not_the_share_part(nlp):
    cash = frame_of(nlp, "The buyer paid $40 million in cash.", "$40 million")
    shares = frame_of(nlp, "The buyer paid $25 million in shares.", "$25 million")
    assert frames_differ(cash, shares) == "in cash vs in shares"


def test_unknown_parts_never_make_figures_differ():
    assert frames_differ(Frame(about="point"), Frame(about="point", verb_subject="he", subject_kind="pronoun")) is None
    assert frames_differ(None, Frame(about="point")) is None


def test_he_is_the_last_person_named_before(nlp):
    frame = frame_of(nlp, "Tomas Reyes was the star of the game. He finished with 140 yards.", "140")
    assert (frame.verb_subject, frame.subject_kind) == ("Tomas Reyes", "person")


def test_a_relative_pronoun_is_the_noun_it_hangs_on(nlp):
    frame = frame_of(nlp, "The visitors, who had 352 yards on the ground, lost anyway.", "352")
    assert frame.verb_subject == "visitors"


def test_it_stays_a_pronoun(nlp):
    assert frame_of(nlp, "The agency was founded in 1925. It operates in 80 countries.", "80").subject_kind == "pronoun"


def test_a_total_is_not_one_operations_haul(nlp):
    sentence = "The navy has seized a total of 14 AK-47 rifles, 31 magazines and 923 rounds."
    total = [frame_of(nlp, sentence, figure) for figure in ("14", "31", "923")]
    assert [frame.owner for frame in total] == ["total"] * 3
    assert total[0].about and total[0].about.endswith("rifle")
    haul = frame_of(nlp, "During the raid, six rifles and 12 magazines were found on the boat.", "12")
    assert frames_differ(total[1], haul)


def test_a_gerund_after_a_preposition_is_done_by_the_clause_subject(nlp):
    frame = frame_of(nlp, "On Monday Priya Natarajan drowned after swimming about 3 km from the pier.", "about 3 km")
    assert (frame.verb, frame.verb_subject, frame.subject_kind) == ("swim", "Priya Natarajan", "person")


def test_a_person_and_a_team_are_two_subjects():
    player = Frame(about="yard", verb="rush", verb_subject="Ana Ruiz", subject_kind="person")
    team = Frame(about="yard", verb="rush", verb_subject="the Harbour City Hawks", subject_kind="name")
    assert frames_differ(player, team)
    assert frames_differ(player, Frame(about="yard", verb="rush", verb_subject="Ruiz", subject_kind="person")) is None


def test_a_possessor_owns_the_figure(nlp):
    player = frame_of(nlp, "The Hawks rallied behind Tom Miller's 180 yards rushing.", "180")
    team = frame_of(nlp, "The Hawks finished with 300 yards rushing.", "300")
    said_again = frame_of(nlp, "Tom Miller ran for 150 yards.", "150")
    assert player.owner == "tom miller"
    assert frames_differ(player, team)
    assert frames_differ(player, said_again) is None
    # "its" may be anything: a pronoun owns nothing.
    assert frame_of(nlp, "Its 300 workers went home.", "300").owner is None


def test_the_figures_own_noun_is_not_its_subject_and_who_is_the_name_before_it(nlp):
    # Parsed with "had" as a clause of "added" and "yards" as the subject of "rushing": whose
    # yards they are is the noun that the relative "who" follows, past the bracketed record.
    sentence = "Maria Olsen added 80 yards on the ground for the Rams (3-12), who had 290 yards rushing in a losing effort."
    team = frame_of(nlp, sentence, "290")
    assert team.verb_subject == "Rams"
    assert frames_differ(team, frame_of(nlp, "Maria Olsen rushed for 190 yards.", "190"))


def test_a_time_subject_gives_way_to_the_one_who_acts(nlp):
    frame = frame_of(nlp, "The day after the storm a hiker, Lena Moss, slipped and fell 40 metres.", "40 metres")
    assert (frame.verb_subject, frame.subject_kind) == ("Lena Moss", "person")


def test_a_bare_figure_the_subject_reaches_measures_the_subject(nlp):
    toll = frame_of(nlp, "The death toll rose to 12 on Sunday.", "12")
    assert toll.about == "death toll"
    record = frame_of(nlp, "The Falcons' record improved to 7-3 with the win.", "7-3")
    assert record.about and record.about.endswith("record")


def test_a_proper_noun_the_recogniser_missed_is_a_name(nlp):
    frame = frame_of(nlp, "The Wolverines scored 21 points.", "21")
    assert frame.subject_kind in ("name", "person", "place")


def test_an_owner_keeps_its_kind_and_a_nationality_is_no_one_holder(nlp):
    named = frame_of(nlp, "Police named the climber as Duncan Reyes, 36, of Perth.", "36")
    assert (named.owner, named.owner_kind) == ("duncan reyes", "person")
    group = frame_of(nlp, "The 40-year-old American never recovered.", "40-year-old")
    assert group.owner_kind in (None, "noun")


def test_a_time_on_a_participle_dates_its_clause(nlp):
    # The parser hangs "on Friday" on "sailing"; the ships were sailing when the navy stopped the attack.
    assert frame_of(nlp, "The navy stopped an attack on ships sailing through the strait on Friday.", "Friday").verb == "stop"
    assert frame_of(nlp, "Rescuers found two hikers walking along the ridge on Sunday.", "Sunday").verb == "find"


def test_a_time_on_a_past_participle_keeps_its_own_event(nlp):
    assert frame_of(nlp, "The court freed a man arrested on Monday.", "Monday").verb == "arrest"


def test_what_a_verb_gives_a_named_side_is_that_sides(nlp):
    assert frame_of(nlp, "The win gave the Broncos a 9-4 season.", "9-4").owner == "broncos"
    assert frame_of(nlp, "He gave the hospital 300 beds.", "300").owner is None


def test_a_number_standing_for_its_noun_may_be_anyone(nlp):
    frame = frame_of(nlp, "At this stage one of the group has fallen some 300 metres.", "300")
    assert (frame.verb_subject, frame.subject_kind) == ("one", "pronoun")


def test_a_surname_of_someone_named_in_full_is_a_person(nlp):
    text = "Peyton Manning led the Colts to a win. Manning threw for 364 yards."
    doc = nlp(text)
    start = text.index("364")
    frame = figure_frame(doc, start, start + 3)
    assert frame.subject_kind == "person"
    # However the recogniser labels the bare name where the figure stands.
    text = "David Garrard started for Jacksonville. Garrard completed 28 of 41 passes for 329 yards."
    doc = nlp(text)
    start = text.index("329")
    assert figure_frame(doc, start, start + 3).subject_kind == "person"
