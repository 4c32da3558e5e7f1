from __future__ import annotations

from factcheck.resolve import PersonName, article_clusters, fold_transliteration, thing_key


def mention(text, label="PERSON", start=0, claim="c1"):
    return {"claim_id": claim, "start": start, "end": start + len(text), "text": text, "label": label}


def test_transliteration_variants_fold_together():
    assert fold_transliteration("yevgeny") == fold_transliteration("evgeny")
    assert fold_transliteration("aykhan") == fold_transliteration("ayhan")
    assert fold_transliteration("hajizadeh") == fold_transliteration("hajizade")


def test_full_names_with_a_patronymic_are_the_same_person():
    assert PersonName.parse("Yevgeny Primakov").same_person(PersonName.parse("Evgeny Alexandrovich Primakov"))
    assert PersonName.parse("Aykhan Hajizade").same_person(PersonName.parse("Ayhan Hajizadeh"))
    assert not PersonName.parse("Yevgeny Primakov").same_person(PersonName.parse("Yevgeny Primakov Sr."))
    assert not PersonName.parse("Ilham Aliyev").same_person(PersonName.parse("Heydar Aliyev"))


def test_outlet_spellings_share_a_key():
    assert thing_key("BakuTV") == thing_key("Baku.tv") == thing_key("the Baku.TV")


def test_a_bare_surname_joins_the_full_name_of_its_article():
    clusters = article_clusters(
        [mention("Yevgeny Primakov"), mention("Primakov", start=50), mention("Evgeny Primakov", start=90)]
    )
    assert len(clusters) == 1
    assert clusters[0].aliases == {"Yevgeny Primakov", "Primakov", "Evgeny Primakov"}


def test_an_ambiguous_surname_stays_apart():
    clusters = article_clusters(
        [mention("Ilham Aliyev"), mention("Heydar Aliyev", start=30), mention("Aliyev", start=60)]
    )
    assert len(clusters) == 3


def test_across_articles(fresh_db):
    from factcheck.resolve import EntityIndex

    index = EntityIndex(fresh_db)
    [primakov] = article_clusters([mention("Yevgeny Primakov")])
    [evgeny] = article_clusters([mention("Evgeny Primakov")])
    [bare] = article_clusters([mention("Primakov")])
    [bakutv] = article_clusters([mention("BakuTV", "ORG")])
    [baku_tv] = article_clusters([mention("Baku.tv", "ORG")])
    first = index.add(primakov)
    assert index.find(evgeny) == first
    assert index.find(bare) is None  # a surname alone in another article may be someone else
    bakutv_id = index.add(bakutv)
    assert index.find(baku_tv) == bakutv_id
