"""The stories stage: articles about one event form one story, two events of one kind two."""

from __future__ import annotations

import json

import pytest

from factcheck import match, pipeline
from factcheck.db import current_article, open_db
from factcheck.eval import evaluate
from factcheck.stories import StoryConfig, _Vectors, attach_alone, figure_term, group

from conftest import CORPORA, GOLD

QUAKE_A = """Ferndale quake kills four
A magnitude 5.8 earthquake struck the hill town of Ferndale on Monday, killing four people, the
Brackmoor regional council said. Council spokesman Arvid Lennart said rescue teams from Ferndale
and Osterby were searching collapsed houses near the Ferndale market. The Brackmoor council said
the quake damaged the old Ferndale bridge.
"""
QUAKE_A2 = """Ferndale earthquake: four dead
Four people died when an earthquake of magnitude 5.8 hit Ferndale on Monday, according to Arvid
Lennart, a spokesman for the Brackmoor regional council. Rescue teams from Osterby searched
houses around the Ferndale market, and the Ferndale bridge was damaged, Lennart said.
"""
QUAKE_B = """Quake shakes Port Saldana
A magnitude 6.4 earthquake hit the coastal city of Port Saldana on Friday, and the Vereda coast
guard said two fishermen were missing. Mayor Lucia Domenech said the harbour of Port Saldana was
closed. The Vereda coast guard said boats from Punta Lisa joined the search.
"""
QUAKE_B2 = """Two fishermen missing after Port Saldana quake
Mayor Lucia Domenech closed the harbour of Port Saldana after a magnitude 6.4 earthquake on
Friday. Two fishermen are missing, the Vereda coast guard said, and boats from Punta Lisa are
searching the bay off Port Saldana.
"""


def _write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _story_of(db) -> dict[str, int]:
    return {
        row["source_name"]: row["story_id"]
        for row in db.query(
            "select a.source_name, m.story_id from articles a join story_members m on m.article_id = a.id"
        )
    }


def test_group_joins_the_closest_groups_while_they_are_alike_enough():
    similarity = {1: {2: 0.9, 3: 0.1}, 2: {1: 0.9, 3: 0.1}, 3: {1: 0.1, 2: 0.1, 4: 0.5}, 4: {3: 0.5}}
    groups = group(similarity, {}, threshold=0.3)
    assert groups[1] == groups[2] != groups[3] == groups[4]


def test_group_never_merges_two_stored_stories_but_lets_new_items_join_one():
    # 3 is alike to both stored stories; it joins the closer one, and they stay apart.
    similarity = {1: {3: 0.4}, 2: {3: 0.6}, 3: {1: 0.4, 2: 0.6}}
    groups = group(similarity, {1: 10, 2: 20}, threshold=0.3)
    assert groups == {1: 10, 2: 20, 3: 20}


def test_group_uses_the_mean_over_all_pairs_not_the_best_pair():
    # 4 is very alike to 1 only; the mean over the pair {1, 2} stays below the threshold.
    similarity = {1: {2: 0.9, 4: 0.5}, 2: {1: 0.9}, 4: {1: 0.5}}
    groups = group(similarity, {}, threshold=0.3)
    assert groups[1] == groups[2] != groups[4]


def test_an_article_left_alone_joins_the_group_of_its_nearest_neighbour():
    # 4 is alike 1 but not the pair {1, 2} on average: average link leaves it alone, and its
    # nearest neighbour, near enough, takes it in; 5 is near no one and stays alone.
    similarity = {1: {2: 0.9, 4: 0.5}, 2: {1: 0.9}, 4: {1: 0.5}, 5: {1: 0.1}}
    groups = group(similarity, {}, threshold=0.3)
    joined = attach_alone(groups, similarity.get, groups, threshold=0.3)
    assert joined[4] == joined[1] == joined[2] != joined[5]


def test_an_article_left_alone_may_join_a_stored_story_but_groups_stay_apart():
    # 7 is alone and nearest to stored article 100 (story 10); the new pair {8, 9} is not alone
    # and stays its own group however near one of them is to a stored article.
    groups = {7: -7, 8: -8, 9: -8}
    nearest = {7: {100: 0.4, 8: 0.2}, 8: {100: 0.9}}
    joined = attach_alone(groups, nearest.get, {100: 10, **groups}, threshold=0.3)
    assert joined == {7: 10, 8: -8, 9: -8}


@pytest.fixture(scope="module")
def quake_feed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("feed")
    db = open_db(folder / "claims.db")
    for name, text in (("a1.txt", QUAKE_A), ("b1.txt", QUAKE_B), ("a2.txt", QUAKE_A2)):
        _write(folder, name, text)
    report = pipeline.run(db, [str(folder / name) for name in ("a1.txt", "b1.txt", "a2.txt")])
    return folder, db, report


def test_two_quakes_are_two_stories(quake_feed):
    _, db, report = quake_feed
    stories = _story_of(db)
    assert stories["a1.txt"] == stories["a2.txt"] != stories["b1.txt"]
    assert report.stages["stories"]["started"] == 2


def test_claims_are_compared_only_within_their_story(quake_feed):
    _, db, _ = quake_feed
    crossing = db.execute(
        "select count(*) from matches m join claims a on a.id = m.claim_a join claims b on b.id = m.claim_b "
        "join story_members sa on sa.article_id = a.article_id join story_members sb on sb.article_id = b.article_id "
        "where sa.story_id != sb.story_id"
    ).fetchone()[0]
    assert crossing == 0
    assert db.execute("select count(*) from matches").fetchone()[0] > 0


def test_reports_of_one_event_share_its_figures(quake_feed):
    _, db, _ = quake_feed
    figures = {
        row["source_name"]: {term for term in json.loads(row["terms"]) if term.startswith("f:")}
        for row in db.query("select a.source_name, m.terms from articles a join story_members m on m.article_id = a.id")
    }
    assert figures["a1.txt"] & figures["a2.txt"]
    assert not figures["a1.txt"] & figures["b1.txt"]


def test_figure_terms_name_a_value_with_its_unit_or_a_day():
    assert figure_term("number", 4.0, "person", None) == "f:4 person"
    assert figure_term("money", 160000000.0, "USD", None) == "f:160000000 USD"
    assert figure_term("date", None, None, "2013-07-02T10:37") == "f:2013-07-02"
    assert figure_term("date", None, None, "2013-07") is None  # a month is not one event's day
    assert figure_term("number", None, None, None) is None


def test_two_events_of_one_kind_told_alike_differ_by_their_figures():
    words = {"w:quake": 2, "w:magnitude": 1, "e:lombok": 2}
    vectors = _Vectors({
        1: {**words, "f:6.4 magnitude": 1, "f:91 person": 1},
        2: {**words, "f:6.4 magnitude": 1, "f:91 person": 1},
        3: {**words, "f:5.9 magnitude": 1, "f:12 person": 1},
    }, StoryConfig())
    assert vectors.similarity(1, 2) - vectors.similarity(1, 3) == pytest.approx(StoryConfig().figure_weight)


def test_a_new_article_joins_its_story_and_ids_stay_stable(quake_feed):
    folder, db, _ = quake_feed
    before = _story_of(db)
    path = _write(folder, "b2.txt", QUAKE_B2)
    report = pipeline.run(db, [str(path)])
    after = _story_of(db)
    assert {name: after[name] for name in before} == before
    assert after["b2.txt"] == after["b1.txt"]
    assert report.stages["stories"] == {"assigned": 1, "started": 0, "joined": 1}
    evidence = json.loads(
        db.execute(
            "select evidence from story_members m join articles a on a.id = m.article_id where a.source_name = 'b2.txt'"
        ).fetchone()[0]
    )
    assert evidence["story"] == after["b1.txt"] and evidence["shared"]


def test_reingesting_keeps_every_story(quake_feed):
    folder, db, _ = quake_feed
    before = _story_of(db)
    pipeline.run(db, [str(folder / name) for name in ("a1.txt", "a2.txt", "b1.txt", "b2.txt")])
    assert _story_of(db) == before
    assert db.execute("select count(*) from stories where articles > 0").fetchone()[0] == 2


def test_a_revision_stays_in_the_story_of_the_article_it_replaces(quake_feed):
    folder, db, _ = quake_feed
    story = _story_of(db)["a1.txt"]
    _write(folder, "a1.txt", QUAKE_A + "The council said schools in Ferndale would stay closed on Tuesday.\n")
    pipeline.run(db, [str(folder / "a1.txt")])
    current = db.execute(
        "select m.story_id from articles a join story_members m on m.article_id = a.id "
        "where a.source_name = 'a1.txt' and a.revision_of is not null"
    ).fetchone()
    assert current[0] == story


def _matches_and_clusters(db) -> tuple[list[tuple], list[tuple]]:
    matches = db.execute(
        "select id, claim_a, claim_b, relation, score, tier, reason_code, reason, detail from matches order by id"
    ).fetchall()
    clusters = db.execute(
        "select k.id, k.status, k.independent_sources, group_concat(m.claim_id) from clusters k "
        "join cluster_members m on m.cluster_id = k.id group by k.id order by k.id"
    ).fetchall()
    return matches, clusters


def test_a_story_matches_alike_whether_other_stories_arrive_with_it_or_later(tmp_path, monkeypatch):
    for name, text in (("a1.txt", QUAKE_A), ("a2.txt", QUAKE_A2), ("b1.txt", QUAKE_B), ("b2.txt", QUAKE_B2)):
        _write(tmp_path, name, text)
    paths = {name: str(tmp_path / name) for name in ("a1.txt", "a2.txt", "b1.txt", "b2.txt")}
    at_once = open_db(tmp_path / "at-once.db")
    pipeline.run(at_once, list(paths.values()))
    by_story = open_db(tmp_path / "by-story.db")
    pipeline.run(by_story, [paths["a1.txt"], paths["a2.txt"]])
    loaded = []
    load_claims = match.load_claims
    monkeypatch.setattr(match, "load_claims", lambda db, stories=None: loaded.append(stories) or load_claims(db, stories))
    pipeline.run(by_story, [paths["b1.txt"], paths["b2.txt"]])
    story_b = _story_of(by_story)["b1.txt"]
    assert loaded == [[story_b]]  # the second run reads the claims of the story that grew, not the first's
    matches, clusters = _matches_and_clusters(by_story)
    assert matches and clusters
    assert (matches, clusters) == _matches_and_clusters(at_once)
    match.match_new(by_story, rebuild=True)
    assert _matches_and_clusters(by_story) == (matches, clusters)


def test_a_story_an_agreement_reaches_is_matched_with_the_story_that_grew(quake_feed):
    _, db, _ = quake_feed
    story_of = _story_of(db)
    claim_of = {
        name: db.execute(
            "select c.id from claims c join articles a on a.id = c.article_id "
            f"where a.source_name = ? and {current_article()} order by c.id limit 1", [name]
        ).fetchone()[0]
        for name in ("a1.txt", "b1.txt")
    }
    assert match.stories_to_match(db) == []
    with db.conn:
        db.execute("delete from matched_claims where claim_id = ?", [claim_of["a1.txt"]])
    assert match.stories_to_match(db) == [story_of["a1.txt"]]
    # An agreement across stories (matching with cross_story on) ties the two stories' clusters.
    with db.conn:
        db.execute(
            "insert into matches (id, claim_a, claim_b, relation, score, tier) values (1, ?, ?, 'agrees', 0.9, 'auto')",
            sorted(claim_of.values()),
        )
    assert match.stories_to_match(db) == sorted({story_of["a1.txt"], story_of["b1.txt"]})
    with db.conn:
        db.execute("delete from matches where id = 1")
    match.match_new(db)
    assert match.stories_to_match(db) == []


SETS = ("aceh-2013", "athens-bank-2010", "colts-chiefs-2012", "hp-eyp-2007")


@pytest.fixture(scope="module")
def pooled_feed(tmp_path_factory):
    """Four single-event dev corpora in one database, as a mixed feed of four events."""
    db = open_db(tmp_path_factory.mktemp("pooled") / "claims.db")
    report = pipeline.run(db, [str(CORPORA / name) for name in SETS])
    return db, report


def test_pooled_single_event_sets_are_one_story_each(pooled_feed):
    db, report = pooled_feed
    assert report.ok
    stories_of_set = {
        name: {story for source, story in _story_of(db).items() if (CORPORA / name / source).exists()}
        for name in SETS
    }
    assert all(len(stories) == 1 for stories in stories_of_set.values()), stories_of_set
    assert len(set.union(*stories_of_set.values())) == len(SETS)


# Each set's figures alone (factcheck eval on its own database), a little below as floors: pooled
# with other events, a set keeps them, since its claims are compared within its own story.
POOLED_FLOORS = {
    "aceh-2013": {"agree": 0.78, "contradict": 0.70, "precision": 0.95},
    "athens-bank-2010": {"agree": 0.40},
    "colts-chiefs-2012": {"agree": 0.30},
}


def test_pooled_sets_keep_their_own_figures(pooled_feed):
    db, _ = pooled_feed
    for name, floors in POOLED_FLOORS.items():
        pairs = evaluate(db, GOLD / f"{name}.yaml")["pairs"]
        assert pairs["agree"]["recall"] >= floors["agree"], name
        assert pairs["contradict"]["recall"] >= floors.get("contradict", 0), name
        assert pairs["contradiction_precision"] >= floors.get("precision", 0), name
        assert pairs["traps_violated"] <= 1, name


def test_a_term_most_articles_hold_finds_no_neighbours_but_still_counts():
    terms = {
        1: {"w:said": 1, "w:ferry": 2, "e:lombok": 1},
        2: {"w:said": 1, "w:ferry": 1, "e:lombok": 2},
        3: {"w:said": 2, "e:sulawesi": 1},
    }
    everything = _Vectors(terms, StoryConfig())
    capped = _Vectors(terms, StoryConfig(max_term_articles=2))
    assert set(everything.neighbours(1)) == {2, 3}
    # Article 3 shares only "said", held by all three: it is no longer a neighbour of 1 ...
    assert set(capped.neighbours(1)) == {2}
    # ... and article 2, found by its rarer terms, is scored on "said" too.
    assert capped.neighbours(1)[2] == pytest.approx(everything.similarity(1, 2))
    assert capped.neighbours(1)[2] == pytest.approx(everything.neighbours(1)[2])


def test_an_article_is_looked_up_by_its_most_telling_terms():
    terms = {
        1: {"e:lombok": 3, "w:ferry": 1, "w:harbour": 1},
        2: {"e:lombok": 2, "w:ferry": 1},
        3: {"w:harbour": 1, "e:sulawesi": 2},
    }
    one_term = _Vectors(terms, StoryConfig(query_terms=1))
    # Article 1 is looked up by "lombok" alone: 3 shares only a lesser word and is not found ...
    assert set(one_term.neighbours(1)) == {2}
    # ... while the similarity of the article found is that of all their terms.
    assert one_term.neighbours(1)[2] == pytest.approx(one_term.similarity(1, 2))
    assert set(_Vectors(terms, StoryConfig()).neighbours(1)) == {2, 3}


def test_a_story_compared_as_a_whole_gives_the_sum_of_its_members_similarities():
    terms = {
        1: {"w:ferry": 2, "e:lombok": 1, "f:12 passenger": 1},
        2: {"w:ferry": 1, "e:lombok": 2},
        3: {"w:harbour": 1, "w:ferry": 1},  # names no one: compared by its words alone
        4: {"e:sulawesi": 1, "f:12 passenger": 1, "w:harbour": 2},
    }
    vectors = _Vectors(terms, StoryConfig())
    assert vectors.similarity_to(1, vectors.total([2, 3, 4])) == pytest.approx(
        sum(vectors.similarity(1, other) for other in (2, 3, 4))
    )


def test_words_and_figures_fade_with_the_time_between_two_articles_and_names_do_not():
    launch = {"w:unveil": 2, "w:laptop": 1, "f:1 app": 1}
    named = {**launch, "e:cupertino": 1}
    published = {1: "2012-06-11", 2: "2012-06-12", 3: "2013-06-11", 4: "2012-06-11", 5: "2014-06-11", 6: None}
    terms = {1: launch, 2: launch, 3: launch, 4: named, 5: named, 6: launch}
    config = StoryConfig(time_half_life=365)
    vectors = _Vectors(terms, config, published)
    year_apart = vectors.similarity(1, 3)
    assert vectors.similarity(1, 2) == pytest.approx(0.5 ** (1 / 365))
    assert year_apart == pytest.approx(0.5 ** (365 / 365))
    assert vectors.similarity(1, 6) == pytest.approx(1.0)  # an undated article is not taken to be far
    # Two years apart, the name they share still counts in full.
    entity = config.entity_weight * vectors.bag(4, "e:")["e:cupertino"] ** 2
    assert vectors.similarity(4, 5) == pytest.approx(entity + (1 - config.entity_weight) * 0.25)
    # A story compared as a whole fades the same way, member by member.
    assert vectors.similarity_to(1, vectors.total([2, 3, 6])) == pytest.approx(
        sum(vectors.similarity(1, other) for other in (2, 3, 6)))


def test_two_launches_years_apart_told_in_the_same_words_are_two_stories():
    words = {"w:unveil": 2, "w:laptop": 2, "w:keynote": 1, "f:1 app": 1}
    first, second = {**words, "e:lion": 1, "f:999 usd": 1}, {**words, "e:mountain lion": 1, "f:1199 usd": 1}
    terms = {1: first, 2: first, 3: second, 4: second}
    published = {1: "2010-06-07", 2: "2010-06-08", 3: "2012-06-11", 4: "2012-06-12"}
    join = StoryConfig().join_similarity
    for config, apart in ((StoryConfig(time_half_life=0), False), (StoryConfig(), True)):
        vectors = _Vectors(terms, config, published)
        similarity = {a: {b: vectors.similarity(a, b) for b in terms if b != a} for a in terms}
        groups = group(similarity, {}, join)
        assert groups[1] == groups[2] and groups[3] == groups[4]
        assert (groups[1] != groups[3]) == apart


def test_a_new_item_joins_a_stored_group_by_its_mean_over_members_that_are_not_items():
    # 3 is alike the 10 stored members of group 7 by 0.35 on average, and 1 of group 8 by 0.5.
    groups = group({3: {}}, {}, threshold=0.3, stored={3: {7: 3.5, 8: 0.5}}, sizes={7: 10, 8: 1})
    assert groups == {3: 8}
    groups = group({3: {}}, {}, threshold=0.3, stored={3: {7: 3.5, 8: 0.2}}, sizes={7: 10, 8: 1})
    assert groups == {3: 7}
    groups = group({3: {}}, {}, threshold=0.4, stored={3: {7: 3.5}}, sizes={7: 10})
    assert groups == {3: -3}


def test_a_story_larger_than_the_candidates_is_still_joined():
    # A running story of many reports: a new one is compared with the whole story, not with
    # the few members its lookup scores one by one.
    config = StoryConfig(candidates=2)
    terms = {
        article: {"e:ferndale": 1, "e:brackmoor": 1, "w:quake": 1, f"w:report{article}": 1}
        for article in range(1, 9)
    }
    vectors = _Vectors(terms, config)
    story_of = {article: 5 for article in range(1, 8)}
    assert vectors.near_stories(8, story_of) == [5]
    whole = vectors.similarity_to(8, vectors.total(range(1, 8))) / 7
    assert whole == pytest.approx(vectors.similarity(8, 1))
    assert group({8: {}}, {}, config.join_similarity, stored={8: {5: whole * 7}}, sizes={5: 7}) == {8: 5}


def test_the_queue_is_ranked_again_only_for_the_stories_that_changed(tmp_path, monkeypatch):
    from factcheck.review import queries

    db = open_db(tmp_path / "claims.db")
    first = [_write(tmp_path, name, text) for name, text in (("a1.txt", QUAKE_A), ("b1.txt", QUAKE_B), ("b2.txt", QUAKE_B2))]
    pipeline.run(db, [str(path) for path in first])
    assert not queries.order_is_stale(db)
    ranked = []
    grouped = queries._group_disputes
    monkeypatch.setattr(queries, "_group_disputes", lambda db, stories=None: (ranked.append(stories), grouped(db, stories)))
    # A later report of the Ferndale quake: its story alone is ranked again.
    later = _write(tmp_path, "a2.txt", QUAKE_A2)
    pipeline.run(db, [str(later)])
    stories = _story_of(db)
    assert ranked == [json.dumps([stories["a2.txt"]])]

    def queue(db):
        return (db.execute("select * from review_order order by tab, target_id").fetchall(),
                db.execute("select * from review_disputes order by match_id").fetchall())

    by_story = queue(db)
    assert {row[0] for row in by_story[0]} >= {"agreements", "clusters"}
    db.execute("update review_order_state set stale = 1")
    queries.refresh_order(db)
    assert ranked[-1] is None  # the whole queue
    assert queue(db) == by_story


def test_a_magnitude_before_or_after_its_number_is_one_figure(tmp_path):
    # "A magnitude 5.8 earthquake" and "an earthquake of magnitude 6.3": two readings of one quake.
    db = open_db(tmp_path / "claims.db")
    paths = [_write(tmp_path, "a1.txt", QUAKE_A), _write(tmp_path, "a2.txt", QUAKE_A2.replace("magnitude 5.8", "magnitude 6.3"))]
    pipeline.run(db, [str(path) for path in paths])
    reasons = [row[0] for row in db.execute("select reason from matches where relation = 'contradicts'")]
    assert reasons == ["5.8 vs 6.3"]


LAUNCH = """Orchard unveils a thinner laptop
Orchard unveiled a thinner {model} laptop at its developer keynote in {city} on {day}, with a
brighter screen and a longer battery life, the company said. The {model} laptop starts at $1,199
and ships to stores next week, Orchard told developers in {city}.
"""


def test_an_undated_article_stands_at_the_latest_date_it_states(tmp_path):
    # Two launches years apart, told in the same words by undated articles: only the dates in
    # their text tell when each was written.
    days = {"a1.txt": "June 11, 2012", "a2.txt": "Monday, June 11, 2012",
            "b1.txt": "January 6, 2009", "b2.txt": "Tuesday, January 6, 2009"}
    places = {"a": ("Pebble", "Calverton"), "b": ("Slate", "Dunmore")}
    db = open_db(tmp_path / "claims.db")
    paths = [_write(tmp_path, name, LAUNCH.format(day=day, model=places[name[0]][0], city=places[name[0]][1]))
             for name, day in days.items()]
    pipeline.run(db, [str(path) for path in paths])
    dated = {row["source_name"]: row["dated"] for row in db.query(
        "select a.source_name, m.dated from articles a join story_members m on m.article_id = a.id")}
    assert dated == {"a1.txt": "2012-06-11", "a2.txt": "2012-06-11", "b1.txt": "2009-01-06", "b2.txt": "2009-01-06"}
    stories = _story_of(db)
    assert stories["a1.txt"] == stories["a2.txt"] != stories["b1.txt"] == stories["b2.txt"]
    # Told alike: without the time between them they would be one story.
    terms = {row["article_id"]: json.loads(row["terms"]) for row in db.query("select article_id, terms from story_members")}
    vectors = _Vectors(terms, StoryConfig(time_half_life=0))
    similarity = {a: {b: vectors.similarity(a, b) for b in terms if b != a} for a in terms}
    assert len(set(group(similarity, {}, StoryConfig().join_similarity).values())) == 1
