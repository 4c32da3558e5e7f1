"""What a figure is about, read from the dependency parse.

"Bush finished with 404 yards rushing" and "Thomas has 498 rushing yards" state
the same kind of figure about two players; "60 km south of Bireun" and "60 km
from Banda Aceh" measure from two places; "a 5.3-magnitude aftershock" and a
"6.1-magnitude quake" are two events. A figure's frame names those parts, so
that two figures are compared only when they speak of the same thing:

- ``about``: the noun counted or measured, with its own modifiers
  ("rushing yard", "magnitude");
- ``owner``: the noun a measure describes, with its own modifiers ("aftershock"
  in "a 5.3-magnitude aftershock", "depth" in "a depth of 10 km", "robert
  buckley" in "Robert Buckley, 32,"), and its ``owner_kind`` (as ``subject_kind``);
- ``verb``: the lemma of the verb the figure belongs to ("finish", "kill");
- ``verb_subject``: who or what that verb is about ("Bush", "quake"), and its
  ``subject_kind`` (``person``, ``place``, ``name``, ``noun`` or ``pronoun``:
  "he" may be anyone);
- ``anchor``: the place, thing or part the figure is measured from or
  within ("of bireun", "from banda aceh", "in cash").

Everything comes from the parse's relations (nummod, compound, prep/pobj,
nsubj), not from word lists, so it holds for any kind of news.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..readings import figure_readings
from ..records import Frame

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
MODIFIER_DEPS = ("amod", "compound", "nmod")
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NAME_LABELS = PLACE_LABELS | {"PERSON", "ORG", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
# Times are the figure's own kind of fact (compared as dates), not where it holds.
TIME_LABELS = frozenset({"DATE", "TIME"})
ANCHOR_PREPOSITIONS = frozenset({"of", "from", "in", "near", "off", "for", "at", "to", "on"})
# On the verb, only prepositions that measure from a place anchor the figure ("was 55 km from Banda Aceh").
PLACE_PREPOSITIONS = frozenset({"from", "off", "near"})


def figure_frame(doc: Doc, start: int, end: int, claim: Span | None = None) -> Frame | None:
    """The frame of the figure at character offsets ``start``-``end`` of ``doc``, with the
    readings of the wording of its ``claim`` around it (``nlp.readings``) when given."""
    readings = {}
    if claim is not None:
        readings = figure_readings(claim.text, start - claim.start_char, end - claim.start_char)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return Frame(**readings) if readings else None
    head = _figure_head(span)
    about_token, owner = _measured(span, head)
    verb = governing_verb(about_token if about_token is not None else head)
    if verb is not None and any(token.ent_type_ in TIME_LABELS for token in span):
        verb = _dated_clause(verb)
    subject_token = _subject_of(verb, about_token, span) if verb is not None else None
    if about_token is None and owner is None and verb is not None:
        about_token, owner = _reached(head, verb)
    about = _phrase(about_token, exclude=span) if about_token is not None else None
    if subject_token is not None and subject_token.pos_ == "PRON":
        subject_token = _antecedent(subject_token) or subject_token
    if subject_token is not None:
        subject_token = _named_in_apposition(subject_token)
    subject, subject_kind = None, None
    if subject_token is not None:
        subject = _name(subject_token)
        subject_kind = _kind(subject_token)
    return Frame(
        about=about,
        owner=_phrase(owner, exclude=span) if owner is not None else None,
        owner_kind=_kind(owner) if owner is not None else None,
        verb=verb.lemma_.lower() if verb is not None else None,
        verb_subject=subject,
        subject_kind=subject_kind,
        anchor=_anchor(span, about_token, head),
        **readings,
    )


PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# How far back (in tokens) a "he" or "she" is taken to name the last person mentioned.
ANTECEDENT_REACH = 80


def _antecedent(pronoun: Token) -> Token | None:
    """What a pronoun subject stands for, where the text makes it plain: the noun a relative
    clause hangs on ("the Chiefs, who had 352 yards"), or for "he"/"she" the last person named
    before it, nearby (the most recent antecedent: a plain heuristic, wrong at times, when a
    real conflict between two figures about one player can be missed)."""
    word = pronoun.lower_
    if word in RELATIVE_PRONOUNS:
        if pronoun.head.dep_ == "relcl":
            return pronoun.head.head
        return _noun_before(pronoun) if word == "who" else None
    if word not in PERSONAL_PRONOUNS:
        return None
    people = [ent for ent in pronoun.doc.ents if ent.label_ == "PERSON" and ent.end <= pronoun.i]
    if people and pronoun.i - people[-1].end <= ANTECEDENT_REACH:
        return people[-1].root
    return None


def _noun_before(pronoun: Token) -> Token | None:
    """The noun a relative "who" follows when the parse does not hang the clause on it ("the
    Chiefs (2-13), who had 352 yards"): the last noun before it in its sentence, past commas
    and a bracketed aside."""
    depth = 0
    for token in reversed(pronoun.doc[pronoun.sent.start : pronoun.i]):
        if token.text == ")":
            depth += 1
        elif token.text == "(":
            depth = max(0, depth - 1)
        elif depth == 0 and not token.is_punct:
            return token if token.pos_ in ("NOUN", "PROPN") else None
    return None


def _figure_head(span: Span) -> Token:
    """The figure's own syntactic head: the token of the span whose head lies outside it."""
    for token in span:
        if not (span.start <= token.head.i < span.end) or token.head == token:
            return token
    return span.root


def _measured(span: Span, head: Token) -> tuple[Token | None, Token | None]:
    """The noun counted or measured, and the noun the measure describes, if any.

    "404 yards" -> yards; "$100 million" -> the figure itself; "5.3-magnitude
    aftershock" -> magnitude, owned by aftershock; "a depth of 10 km" -> km,
    owned by depth; "Miller's 180 yards" -> yards, owned by Miller.
    """
    nouns = [t for t in span if t.pos_ in ("NOUN", "PROPN") and not t.like_num]
    counted = head if head.pos_ in ("NOUN", "PROPN") and not head.like_num else None
    modified = head
    # "14 AK-47 rifles": a number inside a name-like number counts what that name counts.
    while modified.dep_ in ("nummod", "quantmod", "compound") and modified.head.pos_ == "NUM" and modified.head != modified:
        modified = modified.head
    if counted is None and modified.dep_ in ("nummod", "quantmod", "compound") and modified.head.pos_ in ("NOUN", "PROPN"):
        counted = modified.head
    if counted is None and nouns:
        counted = nouns[-1]
    if counted is None and head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "NOUN":
        # "a population of 4.5 million": the figure is the measure of the noun before "of".
        return head.head.head, None
    owner = None
    if counted is not None:
        # "a total of 14 rifles, 31 magazines and 923 rounds": every item of a list shares its frame.
        first = counted
        while first.dep_ == "conj" and first.head != first:
            first = first.head
        if first.dep_ in ("compound", "amod", "nmod") and first.head.pos_ in ("NOUN", "PROPN"):
            owner = first.head
        elif first.dep_ == "pobj" and first.head.lower_ == "of" and first.head.head.pos_ == "NOUN":
            owner = first.head.head
        else:
            # "Miller's 180 yards", "the firm's $2bn debt": the figure is the possessor's.
            owner = next((child for child in first.children if child.dep_ == "poss" and child.pos_ != "PRON"), None)
    return counted, owner or _described(head) or _given_to(counted)


def _given_to(counted: Token | None) -> Token | None:
    """The named side a verb gives the counted thing to ("gave the Colts a 9-5 season": the
    season is the Colts'), the verb's indirect object."""
    if counted is None or counted.dep_ != "dobj":
        return None
    return next((child for child in counted.head.children if child.dep_ == "dative" and child.pos_ == "PROPN"), None)


def _reached(head: Token, verb: Token) -> tuple[Token | None, Token | None]:
    """A bare figure its verb takes a noun to measures that noun ("the death toll rose to 12",
    "Indianapolis' record rose to 9-5"), owned by the name it is said of."""
    if not (head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head == verb):
        return None, None
    reached = reached_noun(verb)
    if reached is None:
        return None, None
    whose = possessor(reached)
    return reached, whose if whose is not None and whose.pos_ == "PROPN" else None


def possessor(noun: Token) -> Token | None:
    """Whose a noun is: its possessive ("Denver's record", "his record") or the name before it
    ("Indianapolis ’ record", which the parser may hang on it as a modifier)."""
    return next((child for child in noun.children
                 if child.dep_ == "poss" or (child.dep_ in ("nmod", "compound") and child.pos_ == "PROPN")), None)


def reached_noun(verb: Token) -> Token | None:
    """The common noun a verb takes to a figure: its object ("raised the toll to 12"), else its
    subject ("the toll rose to 12")."""
    for deps in (("dobj",), ("nsubj", "nsubjpass")):
        noun = next((child for child in verb.children if child.dep_ in deps), None)
        if noun is not None:
            return noun if noun.pos_ == "NOUN" else None
    return None


def _described(head: Token) -> Token | None:
    """The noun a figure stands beside or is written into: "Smith, 47," and "Indianapolis (10-5)"
    describe Smith and Indianapolis, "a 36-year-old climber" and "a man aged 36" the climber
    and the man."""
    described, participle = None, head.head
    if head.dep_ in ("appos", "amod") and head.head.pos_ in ("NOUN", "PROPN"):
        described = head.head
    elif head.dep_ in ("npadvmod", "dobj") and participle.dep_ == "acl" and participle.head.pos_ in ("NOUN", "PROPN"):
        described = participle.head
    # "32-year-old Englishman Robert Buckley": the figure describes the whole name.
    while described is not None and described.dep_ == "compound" and described.head.pos_ in ("NOUN", "PROPN"):
        described = described.head
    return described


def _phrase(token: Token, exclude: Span) -> str:
    """A noun with its own modifiers (not those that carry the figure: "magnitude" in "a
    4.9-magnitude aftershock"), lemmatised: "rushing yard", "australian climber"."""
    modifiers = [
        child for child in token.children
        if child.dep_ in MODIFIER_DEPS and not child.like_num
        and not (child.left_edge.i < exclude.end and child.right_edge.i >= exclude.start)
    ]
    words = [t.lemma_.lower() for t in sorted([*modifiers, token], key=lambda t: t.i)]
    return " ".join(words)


def governing_verb(token: Token) -> Token | None:
    """The verb a figure belongs to, climbing through prepositions and nouns."""
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.head == current:
            return None
        current = current.head
    return None


def _dated_clause(verb: Token) -> Token:
    """The verb a time dates: a present participle that describes a noun ("vessels transiting
    the Gulf on Friday") tells what was going on at the time of its clause's own verb ("foiled a
    pirate attack on merchant vessels transiting the Gulf on Friday"), so its time is that
    verb's too. A past participle ("a man arrested on Friday") tells an earlier event of its own."""
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        return governing_verb(verb.head) or verb
    return verb


def _subject_of(verb: Token, about: Token | None, span: Span) -> Token | None:
    """Who or what the figure's verb is about. A parse that makes the figure, or the noun it
    counts, the subject of its verb ("who had 352 yards rushing": "yards" under "rushing")
    says nothing of that: the clause above says whose they are ("who" -> "the Chiefs")."""
    current: Token | None = verb
    while current is not None:
        subject = _subject(current)
        if subject is None or not (subject == about or span.start <= subject.i < span.end):
            return subject
        current = governing_verb(current.head) if current.head != current else None
    return None


def _named_in_apposition(token: Token) -> Token:
    """A noun followed by the name it stands for ("a climber with rental gear, 31-year-old
    Robert Buckley, slipped") is that name. The parser may hang the name on it as a conjunct;
    with no "and" or "or" between the two it is still the noun's apposition."""
    if token.ent_type_ in NAME_LABELS:
        return token
    joined = any(child.dep_ == "cc" for child in token.children)
    return next((
        child for child in token.children
        if child.ent_type_ in NAME_LABELS and (child.dep_ == "appos" or (child.dep_ == "conj" and not joined))
    ), token)


def _subject(verb: Token) -> Token | None:
    subjects = [child for child in verb.children if child.dep_ in SUBJECT_DEPS]
    if subjects:
        # "The day after his death a climber, Robert Buckley, slipped": a time is not the one who acts.
        return next((child for child in subjects if child.ent_type_ not in TIME_LABELS), subjects[0])
    # "The man, who was 47, ..." and conjoined verbs share the first verb's subject.
    if verb.dep_ in ("conj", "xcomp", "advcl", "relcl") and verb.head != verb:
        return _subject(verb.head) if verb.head.pos_ in ("VERB", "AUX") else None
    # A gerund after a preposition is done by the subject of the verb it follows:
    # "Smith died after falling 60 m" (Smith fell).
    preposition = verb.head
    if verb.dep_ == "pcomp" and preposition.dep_ == "prep" and preposition.head.pos_ in ("VERB", "AUX"):
        return _subject(preposition.head)
    return None


def _kind(token: Token) -> str:
    """``pronoun``, ``person``, ``place`` or ``name`` (another named thing), else ``noun``: a
    nationality or group ("the 40-year-old American") names a kind of people, not one. A number
    standing for its noun ("one of the party") may be anyone, as a pronoun."""
    if token.pos_ in ("PRON", "NUM"):
        return "pronoun"
    if token.ent_type_ == "PERSON" or _surname_of_someone(token):
        return "person"
    if token.ent_type_ in PLACE_LABELS:
        return "place"
    if token.ent_type_ == "NORP":
        return "noun"
    # A proper noun the recogniser missed ("the Chiefs") is still a name.
    return "name" if token.ent_type_ in NAME_LABELS or token.pos_ == "PROPN" else "noun"


def _surname_of_someone(token: Token) -> bool:
    """Is the token, which the recogniser did not label a person here, the surname of a person
    its article names in full elsewhere ("Peyton Manning" ... "Manning threw for 364 yards",
    where the tagger may read "Manning" as a noun and the recogniser the name as a team's)?"""
    if token.ent_type_ in PLACE_LABELS or not token.text[:1].isupper():
        return False
    return any(ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].text == token.text for ent in token.doc.ents)


def _name(token: Token) -> str:
    """A subject as its entity or noun phrase, without determiners: "Reggie Bush", "quake"."""
    doc = token.doc
    if token.ent_type_ in NAME_LABELS:
        for ent in doc.ents:
            if ent.start <= token.i < ent.end:
                return ent.text
    # The noun with the words that qualify it directly, not its phrases ("a climber with
    # rental gear": "climber").
    words, reached = [token], [token]
    while reached:
        for child in reached.pop().children:
            if child.dep_ in ("compound", "amod", "flat"):
                words.append(child)
                reached.append(child)
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i)).lower()


def _anchor(span: Span, about: Token | None, head: Token) -> str | None:
    """Where or within what the figure holds: the first preposition phrase on the
    measured noun, or on the word the figure modifies ("south of Bireun")."""
    verb = governing_verb(about if about is not None else head)
    hosts = [t for t in (about, head, head.head, verb) if t is not None]
    for host in hosts:
        for child in host.children:
            if (
                child.dep_ == "prep" and child.lower_ in ANCHOR_PREPOSITIONS
                and not child.left_edge.i <= span.start <= child.right_edge.i
                and (host is not verb or child.lower_ in PLACE_PREPOSITIONS)
            ):
                objects = [t for t in child.children if t.dep_ == "pobj" and t.ent_type_ not in TIME_LABELS]
                if objects:
                    return f"{child.lower_} {_name(objects[0])}"
        # "60 km south of Bireun": the figure measures a direction whose preposition names the place.
        for child in host.children:
            if child.dep_ == "advmod":
                for grandchild in child.children:
                    if grandchild.dep_ == "prep":
                        objects = [t for t in grandchild.children if t.dep_ == "pobj" and t.ent_type_ not in TIME_LABELS]
                        if objects:
                            return f"{grandchild.lower_} {_name(objects[0])}"
    return None
