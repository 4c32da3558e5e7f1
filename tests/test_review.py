"""The review queue, items and actions, on a small hand-made database."""

import csv
import json

import pytest
import sqlite_utils

from factcheck import verdicts
from factcheck.db import open_db
from factcheck.migrations import migrate
from factcheck.review import queries
from factcheck.review.actions import Recorder
from factcheck.review.items import StoryView, load_claims, load_item, timeline_points
from factcheck.review.queries import View
from factcheck.review.text import sentence_context
from factcheck.visible import visible

TEXT_71 = ("Rossotrudnichestvo was founded in 2008. It operates in 71 countries. "
           "Its head is Yevgeny Primakov.")
TEXT_80 = ("The agency answers to the foreign ministry. It operates in 80 countries. "
           "Baku ordered it closed.")


def add_article(db, article_id, outlet, published, text, claims):
    """An article and its claims (each given by the sentence it is)."""
    db["outlets"].insert({"name": outlet}, ignore=True)
    outlet_id = db.execute("select id from outlets where name = ?", [outlet]).fetchone()[0]
    db["articles"].insert({
        "id": article_id, "outlet_id": outlet_id, "published": published, "text": text,
        "title": f"Article {article_id}", "content_hash": f"hash-{article_id}",
        "source": f"{article_id}.txt", "ingested_at": "2025-02-07T00:00:00+00:00",
    })
    ids = []
    for idx, (sentence, worth) in enumerate(claims):
        start = text.index(sentence)
        claim_id = f"c{article_id}-{idx}"
        db["claims"].insert({
            "id": claim_id, "article_id": article_id, "idx": idx, "start": start,
            "end": start + len(sentence), "sent_start": start, "sent_end": start + len(sentence),
            "text": sentence, "content": sentence, "subject": sentence.split()[0],
            "checkworthiness": worth,
        })
        db["attributions"].insert({"claim_id": claim_id, "kind": "outlet"})
        ids.append(claim_id)
    return ids


def build_review_db(path, *, first_text=TEXT_71):
    """Two outlets, 71 vs 80 countries (a contradiction), plus an agreement and a cluster."""
    db = open_db(path)
    (a71, founded) = add_article(db, 1, "Caliber.az", "2025-01-28", first_text, [
        ("It operates in 71 countries.", 0.9), ("Rossotrudnichestvo was founded in 2008.", 0.5)])
    (b80, ministry) = add_article(db, 2, "The Moscow Times", "2025-02-06", TEXT_80, [
        ("It operates in 80 countries.", 0.8), ("The agency answers to the foreign ministry.", 0.2)])
    db["quantities"].insert_all([
        {"claim_id": a71, "start": first_text.index("71"), "end": first_text.index("71") + 2,
         "text": "71", "kind": "number", "value": 71, "unit": "country"},
        {"claim_id": b80, "start": TEXT_80.index("80"), "end": TEXT_80.index("80") + 2,
         "text": "80", "kind": "number", "value": 80, "unit": "country"},
    ])
    db["matches"].insert_all([
        {"id": 1, "claim_a": a71, "claim_b": b80, "relation": "contradicts", "score": 0.9,
         "tier": "auto", "reason": "71 vs 80 countries"},
        {"id": 2, "claim_a": founded, "claim_b": ministry, "relation": "agrees", "score": 0.6,
         "tier": "auto", "reason": "same agency"},
    ])
    db["clusters"].insert({"id": 1, "label": "countries Rossotrudnichestvo operates in",
                           "outlets": 2, "independent_sources": 1,
                           "first_published": "2025-01-28", "last_published": "2025-02-06"})
    db["cluster_members"].insert_all([
        {"cluster_id": 1, "claim_id": a71, "source_key": "agency"},
        {"cluster_id": 1, "claim_id": b80, "source_key": "agency"},
    ])
    return db


def add_stories(db):
    """Articles 1 and 2 in story 1; two more, with a contradiction of their own, in story 2."""
    (quake5,) = add_article(db, 3, "APA", "2025-03-01", "The quake killed 5 people.", [("The quake killed 5 people.", 0.7)])
    (quake9,) = add_article(db, 4, "Report", "2025-03-02", "The quake killed 9 people.", [("The quake killed 9 people.", 0.6)])
    db["matches"].insert({"id": 3, "claim_a": quake5, "claim_b": quake9, "relation": "contradicts", "score": 0.8,
                          "tier": "auto", "reason": "5 vs 9 people"})
    db["stories"].insert_all([{"id": 1, "label": "rossotrudnichestvo, [b]countries[/b]", "articles": 2},
                              {"id": 2, "label": "quake, people", "articles": 2}])
    db["story_members"].insert_all(
        {"article_id": article_id, "story_id": story_id, "terms": "{}"}
        for article_id, story_id in ((1, 1), (2, 1), (3, 2), (4, 2))
    )
    return db


@pytest.fixture
def db(db_path):
    return build_review_db(db_path)


def test_visible_keeps_offsets_and_shows_control_bytes():
    text = "a\x1b[31mred\x07\x9b\r\n[bold]"
    shown = visible(text)
    assert len(shown) == len(text)
    assert shown == "a\u241b[31mred\u2407\ufffd\u240d\n[bold]"


def test_sentence_context_takes_one_sentence_each_side():
    text = "First. Second one. The claim is here. Fourth! Fifth."
    start = text.index("The claim")
    context, origin = sentence_context(text, start, start + len("The claim is here."))
    assert context == "Second one. The claim is here. Fourth!"
    assert context[start - origin:].startswith("The claim")
    assert sentence_context(text, 0, 6) == ("First. Second one.", 0)


def test_a_long_neighbour_is_cut_at_a_word_so_the_claim_stays_in_view():
    before = "The council met on Monday to discuss many things " * 10 + "at length. "
    claim = "The claim is here. "
    text = before + claim + "After that, the members went home " * 10 + "at last."
    start = text.index("The claim")
    context, origin = sentence_context(text, start, start + len(claim) - 1, reach=40)
    assert context.startswith("\u2026") and context.endswith("\u2026")
    assert len(context) <= len(claim) + 2 * 41
    assert context[start - origin:].startswith("The claim is here.")
    assert " ".join(context.strip("\u2026").split()[1:-1]) in text


def test_queue_orders_and_pages(db):
    assert queries.build_queue(db, View()) == 1
    row = queries.queue_rows(db, "contradictions", 1, 10)[0]
    assert (row["claim_a"], row["claim_b"], row["reason"]) == ("c1-0", "c2-0", "71 vs 80 countries")
    assert row["outlets"] == 2 and row["published"] == "2025-02-06"
    assert queries.build_queue(db, View(tab="agreements")) == 1
    assert queries.build_queue(db, View(tab="clusters")) == 1
    assert queries.build_queue(db, View(tab="suggestions")) == 0
    assert queries.refresh_order(db) == {"contradictions": 1, "suggestions": 0, "agreements": 1, "clusters": 1}


def test_unreviewed_come_first(db):
    db["matches"].insert({"id": 3, "claim_a": "c1-1", "claim_b": "c2-0", "relation": "contradicts",
                          "reason": "2008 vs 80", "score": 0.5})
    queries.build_queue(db, View())
    assert [row["target_id"] for row in queries.queue_rows(db, "contradictions", 1, 5)] == ["1", "3"]
    # Rating a claim that two pairs share reviews neither pair.
    verdicts.record_verdict(db, "claim", "c2-0", "false", editor="ana")
    queries.build_queue(db, View())
    assert queries.reviewed_count(db, "contradictions") == 0
    assert [row["target_id"] for row in queries.queue_rows(db, "contradictions", 1, 5)] == ["1", "3"]
    verdicts.record_event(db, "match", "1", "changed-over-time", editor="ana")
    queries.build_queue(db, View())
    assert [row["target_id"] for row in queries.queue_rows(db, "contradictions", 1, 5)] == ["3", "1"]
    assert queries.reviewed_count(db, "contradictions") == 1


def test_story_filter_and_the_item_story(db):
    add_stories(db)
    assert queries.build_queue(db, View()) == 2
    assert queries.build_queue(db, View(story=2)) == 1
    [row] = queries.queue_rows(db, "contradictions", 1, 5)
    assert row["reason"] == "5 vs 9 people"
    assert load_item(db, row).stories == [StoryView(2, "quake, people")]
    assert queries.build_queue(db, View(story=3)) == 0
    assert queries.build_queue(db, View(tab="clusters", story=1)) == 1
    assert queries.build_queue(db, View(tab="clusters", story=2)) == 0
    assert queries.build_queue(db, View(tab="agreements", story=1, outlet="moscow")) == 1
    assert View(story=2).narrowed and View(story=2, outlet="apa").describe() == "outlet 'apa', story 2"
    cluster_row = queries.first_rows(db, "clusters", 1)[0]
    assert [story.id for story in load_item(db, cluster_row).stories] == [1]


def test_filters_and_search(db):
    assert queries.build_queue(db, View(outlet="moscow")) == 1
    assert queries.build_queue(db, View(outlet="nobody")) == 0
    assert queries.build_queue(db, View(search="80 countries")) == 1
    assert queries.build_queue(db, View(search="ministry")) == 0
    assert queries.build_queue(db, View(search='"unbalanced')) == 0
    assert queries.build_queue(db, View(entity="It")) == 1
    assert queries.build_queue(db, View(status="reviewed")) == 0
    assert queries.build_queue(db, View(tab="clusters", outlet="caliber")) == 1
    assert queries.build_queue(db, View(tab="clusters", search="ministry")) == 0


def test_item_shows_both_claims_with_differing_values(db):
    queries.build_queue(db, View())
    item = load_item(db, queries.queue_rows(db, "contradictions", 1, 1)[0])
    left, right = item.claims
    assert (left.outlet, left.published, right.outlet) == ("Caliber.az", "2025-01-28", "The Moscow Times")
    assert left.context == TEXT_71
    differs = [h for h in left.highlights if h.kind == "differs"]
    assert [left.context[h.start:h.end] for h in differs] == ["71"]
    assert item.reason == "71 vs 80 countries"
    assert (item.cluster.outlets, item.cluster.independent_sources) == (2, 1)
    assert not item.status.reviewed


def differing(claim):
    return [claim.context[h.start:h.end] for h in claim.highlights if h.kind == "differs"]


def test_what_differs_is_what_the_reason_names(db_path):
    db = open_db(db_path)
    inland, offshore = "On 2 July the quake struck inland near Ulu.", "On 3 July the quake struck offshore near Ulu."
    low, high = "On 2 July the storm killed 12.", "On 3 July the storm killed 15."
    (a,) = add_article(db, 1, "East Wire", "2025-07-02", inland, [(inland, 0.9)])
    (b,) = add_article(db, 2, "West Wire", "2025-07-03", offshore, [(offshore, 0.9)])
    (c,) = add_article(db, 3, "East Wire", "2025-07-02", low, [(low, 0.8)])
    (d,) = add_article(db, 4, "West Wire", "2025-07-03", high, [(high, 0.8)])
    first = load_claims(db, [a, b], compare=True, reason="inland vs offshore")
    assert [differing(claim) for claim in first] == [["inland"], ["offshore"]]
    # Only the figures the reason opposes differ, not every figure the two claims do not share.
    second = load_claims(db, [d, c], compare=True, reason="12 vs 15 people")
    assert [differing(claim) for claim in second] == [["12"], ["15"]]


def test_actions_append_and_undo_restores(db):
    queries.build_queue(db, View())
    recorder = Recorder(db, "ana", verdicts.load_scale())
    recorder.rate("contradictions", "1", "claim", "c1-0", "true")
    recorder.rate("contradictions", "1", "claim", "c1-0", "false")
    recorder.undo()
    assert verdicts.current_verdicts(db, "claim", "c1-0")[0]["rating"] == "true"
    recorder.undo()
    assert verdicts.current_verdicts(db, "claim", "c1-0") == []
    assert [row["rating"] for row in db["verdicts"].rows] == ["true", "false", "true", None]
    assert recorder.undo() is None

    recorder.decide("contradictions", "1", "not-contradiction", [{"id": "1", "claim_a": "c1-0", "claim_b": "c2-0"}])
    assert verdicts.dismissed_pairs(db) == {("c1-0", "c2-0")}
    assert queries.build_queue(db, View()) == 0
    recorder.undo()
    assert verdicts.dismissed_pairs(db) == set()
    assert queries.build_queue(db, View()) == 1


def ratings_of(db, claim_id):
    return [row["rating"] for row in db.execute_returning_dicts(
        "select rating from verdicts where target_id = ? order by id", [claim_id])]


def test_undo_takes_back_only_the_editors_own_verdict(db):
    scale = verdicts.load_scale()
    alice, bob = Recorder(db, "alice", scale), Recorder(db, "bob", scale)
    alice.rate("contradictions", "1", "claim", "c1-0", "true")
    bob.rate("contradictions", "1", "claim", "c1-0", "false")
    verdicts.record_verdict(db, "claim", "c1-0", "misleading", editor="cli")
    alice.undo()
    # Bob's and the command line's later verdicts stand.
    assert verdicts.current_verdicts(db, "claim", "c1-0")[0]["rating"] == "misleading"
    assert ratings_of(db, "c1-0") == ["true", "false", "misleading"]


def test_undo_of_the_latest_verdict_restores_the_one_before_it(db):
    scale = verdicts.load_scale()
    alice, bob = Recorder(db, "alice", scale), Recorder(db, "bob", scale)
    bob.rate("contradictions", "1", "claim", "c1-0", "false")
    alice.rate("contradictions", "1", "claim", "c1-0", "true")
    alice.undo()
    current = verdicts.current_verdicts(db, "claim", "c1-0")[0]
    assert (current["rating"], current["editor"]) == ("false", "alice")


def test_undos_by_two_editors_leave_neither_verdict(db):
    scale = verdicts.load_scale()
    alice, bob = Recorder(db, "alice", scale), Recorder(db, "bob", scale)
    alice.rate("contradictions", "1", "claim", "c1-0", "true")
    bob.rate("contradictions", "1", "claim", "c1-0", "false")
    alice.undo()
    assert verdicts.current_verdicts(db, "claim", "c1-0")[0]["rating"] == "false"
    bob.undo()
    # Alice's verdict was undone, so bob's undo does not bring it back.
    assert verdicts.current_verdicts(db, "claim", "c1-0") == []


def test_undo_keeps_the_last_ten(db):
    recorder = Recorder(db, "ana", verdicts.load_scale())
    for _ in range(12):
        recorder.toggle_flag("contradictions", "match", "1")
    assert len(recorder.done) == 10
    assert queries.build_queue(db, View(status="flagged")) == 0
    recorder.undo()
    assert queries.build_queue(db, View(status="flagged")) == 1


def test_position_is_kept_per_editor(db):
    queries.save_position(db, "ana", "clusters", "cluster", "1")
    queries.save_position(db, "ana", "contradictions", "match", "1")
    assert queries.load_position(db, "ana")["tab"] == "contradictions"
    assert queries.load_position(db, "bo") is None


def test_export_writes_the_filtered_view(db, tmp_path):
    verdicts.record_verdict(db, "claim", "c2-0", "false", editor="ana")
    verdicts.record_event(db, "match", "1", "contradiction", value='["c1-0", "c2-0"]', editor="ana")
    queries.build_queue(db, View(outlet="caliber"))
    assert queries.export_csv(db, "contradictions", tmp_path / "out.csv") == 1
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert rows[0]["reason"] == "71 vs 80 countries"
    assert (rows[0]["outlet_a"], rows[0]["rating_b"], rows[0]["reviewed"]) == ("Caliber.az", "false", "1")
    assert rows[0]["decision"] == "contradiction"
    assert json.loads(json.dumps(rows[0]))["text_a"] == "It operates in 71 countries."


def test_export_makes_formulas_literal(db, tmp_path):
    db.execute("update claims set text = ? where id = 'c1-0'", ['=HYPERLINK("http://x.test","71")'])
    db.execute("update matches set reason = '-71 vs 80' where id = 1")
    queries.build_queue(db, View())
    assert queries.export_csv(db, "contradictions", tmp_path / "out.csv") == 1
    row = next(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8", newline="")))
    assert row["text_a"] == "'=HYPERLINK(\"http://x.test\",\"71\")"
    assert row["reason"] == "'-71 vs 80"
    assert row["text_b"] == "It operates in 80 countries." and row["outlets"] == "2"


def test_review_order_schema(db):
    assert list(db["review_order"].columns_dict) == [
        "tab", "target_type", "target_id", "claim_a", "claim_b", "reason", "worth", "outlets", "published",
        "story_id"]
    assert db["review_order"].pks == ["tab", "target_id"]
    assert db.execute("select stale from review_order_state").fetchall() == [(1,)]


def test_order_goes_stale_when_its_inputs_change(db):
    queries.refresh_order(db)
    assert not queries.order_is_stale(db)
    verdicts.record_verdict(db, "claim", "c2-1", "true", editor="ana")
    verdicts.record_event(db, "match", "1", "flag", value="1", editor="ana")
    assert not queries.order_is_stale(db)  # reviewing never re-ranks
    db["matches"].insert({"id": 3, "claim_a": "c1-1", "claim_b": "c2-0", "relation": "contradicts",
                          "reason": "2008 vs 80", "score": 0.4})
    assert queries.order_is_stale(db)
    assert queries.refresh_order(db)["contradictions"] == 2
    queries.build_queue(db, View())
    assert [row["target_id"] for row in queries.queue_rows(db, "contradictions", 1, 5)] == ["1", "3"]
    db.execute("update claims set checkworthiness = 0.95 where id = 'c1-1'")
    assert queries.order_is_stale(db)
    queries.build_queue(db, View())
    assert [row["target_id"] for row in queries.queue_rows(db, "contradictions", 1, 5)] == ["3", "1"]
    db.execute("delete from cluster_members where claim_id = 'c2-0'")
    assert queries.order_is_stale(db)


def test_first_rows_are_the_start_of_the_built_queue(db):
    worths = [0.3, 0.7, 0.7, 0.1, 0.9]
    for number, worth in enumerate(worths, start=3):
        add_article(db, number, f"Outlet {number % 2}", f"2025-03-0{number}", f"It has {number} offices.",
                    [(f"It has {number} offices.", worth)])
        db["matches"].insert({"id": number, "claim_a": "c1-1", "claim_b": f"c{number}-0",
                              "relation": "contradicts", "reason": f"80 vs {number}", "score": 0.5})
    verdicts.record_event(db, "match", "7", "contradiction", value='["c1-1", "c7-0"]', editor="ana")
    verdicts.record_event(db, "match", "4", "not-contradiction", value='["c1-1", "c4-0"]', editor="ana")
    for count in (1, 3, 6, 7):
        first = queries.first_rows(db, "contradictions", count)
        assert queries.build_queue(db, View()) == 5
        assert first == queries.queue_rows(db, "contradictions", 1, count)
    assert [row["target_id"] for row in first] == ["1", "5", "6", "3", "7"]


def test_timeline_plots_one_unit(db):
    # A figure of another unit, first in its claim: a count of offices is not plotted against countries.
    db["quantities"].insert({"claim_id": "c2-0", "start": 0, "end": 2, "text": "12", "kind": "number",
                             "value": 12, "unit": "office"})
    queries.build_queue(db, View(tab="clusters"))
    item = load_item(db, queries.queue_rows(db, "clusters", 1, 1)[0])
    assert [(point.published, point.outlet, point.value) for point in timeline_points(db, item)] == [
        ("2025-01-28", "Caliber.az", 71), ("2025-02-06", "The Moscow Times", 80)]


def test_export_puts_the_earlier_claim_first(db, tmp_path):
    db.execute("update articles set published = '2025-01-01' where id = 2")
    queries.build_queue(db, View())
    queries.export_csv(db, "contradictions", tmp_path / "out.csv")
    row = next(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8", newline="")))
    assert (row["outlet_a"], row["text_a"], row["outlet_b"], row["published_b"]) == (
        "The Moscow Times", "It operates in 80 countries.", "Caliber.az", "2025-01-28")


def test_a_replaced_revisions_matches_leave_the_queue(db):
    queries.refresh_order(db)
    assert {row[0] for row in db.execute("select target_id from review_order where tab = 'contradictions'")} == {"1"}
    # A new revision of article 1 arrives; the pipeline has not matched it yet.
    db["articles"].insert({"id": 5, "outlet_id": 1, "published": "2025-01-29", "text": "It operates in 72 countries.",
                           "content_hash": "hash-5", "source": "1.txt", "ingested_at": "2025-02-08T00:00:00+00:00",
                           "revision_of": 1})
    assert queries.order_is_stale(db)
    queries.refresh_order(db)
    assert db.execute("select target_id from review_order where tab != 'clusters'").fetchall() == []


def test_old_databases_learn_that_a_revision_makes_the_order_stale(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    migrate(old, upto=9)
    old.close()
    build_review_db(path)
    db = open_db(path)
    queries.refresh_order(db)
    assert db.execute("select count(*) from review_order where tab = 'contradictions'").fetchone()[0] == 1
    db["articles"].insert({"id": 5, "text": "It operates in 72 countries.", "content_hash": "hash-5", "source": "1.txt",
                           "ingested_at": "2025-02-08T00:00:00+00:00", "revision_of": 1})
    queries.refresh_order(db)
    assert db.execute("select count(*) from review_order where tab = 'contradictions'").fetchone()[0] == 0
