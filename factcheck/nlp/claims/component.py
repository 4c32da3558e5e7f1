"""Claim units: sentences, or the clauses of a sentence that state separate facts.

A claim span keeps its subject, predicate lemma, negation, hedge and a
check-worthiness score as ``Span`` extensions. Everything here is a pure
function of the parsed Doc; the component only puts the results on the spans.
"""

from __future__ import annotations

from typing import Iterator, NamedTuple

from spacy.tokens import Doc, Span, Token

from ...ingest.dates import is_dateline
from ..negation import NEGATIVE_PRONOUNS, is_negation
from ..spans import entity_at

HEDGE_WORDS = frozenset(
    {
        "likely", "unlikely", "allegedly", "reportedly", "possibly", "probably", "perhaps",
        "apparently", "presumably", "supposedly", "seemingly", "purportedly", "may", "might",
        "could", "maybe",
    }
)
"""Words that make a claim tentative ("was likely damaged", "could be to blame")."""

HEDGE_VERB_LEMMAS = frozenset({"seem", "appear"})

REPORTING_LEMMAS = frozenset(
    {
        "say", "state", "tell", "claim", "report", "announce", "add", "note", "write", "confirm",
        "deny", "accuse", "insist", "argue", "explain", "warn", "admit", "suggest", "stress",
        "emphasize", "emphasise", "quote", "cite", "believe", "think", "allege", "assert",
        "declare", "reply", "respond", "told",
    }
)
"""Verbs that report speech: their sentence stays one claim, so that every part of
what was said keeps its speaker ("X said that A and B")."""

SPLIT_CONJUNCTIONS = frozenset({"and", "but", "while", "whereas", "yet"})

FINITE_VERB_TAGS = frozenset({"VBZ", "VBD", "VBP", "MD"})

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "LAW", "PRODUCT"})
NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
DATE_LABELS = frozenset({"DATE", "TIME"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
SUBJECT_LEFT_DEPS = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case"})
OPINION_PRONOUNS = frozenset({"i", "we", "you", "us", "our", "let"})
OPINION_MODALS = frozenset({"should", "must", "ought"})

FURNITURE_LABELS = frozenset(
    """
    posted updated published modified filed edited created uploaded written reporting editing writing
    last first originally by photo photos image images picture pictures pic credit copyright courtesy
    caption source video graphic illustration related read more see also follow click here watch
    listen subscribe share sign tap email print comment comments download
    """.split()
)
"""Words that label page furniture rather than say anything: stamps ("Last updated",
"Posted on"), bylines and credits ("By", "Reporting by", "Photo", "Image copyright")
and calls to the reader ("Read more", "Follow", "Click here")."""
FURNITURE_OTHER_WORDS = 2
"""Words a furniture line may hold besides its labels, names and dates ("Staff", "ago")."""
FILLER_POS = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PART", "PUNCT", "SYM", "NUM", "SPACE", "X"})


class ClauseParts(NamedTuple):
    """What a claim clause says: its verb, subject and the words around them."""

    subject: str
    subject_start: int | None
    subject_end: int | None
    predicate: str
    negated: bool
    hedge: str | None


def register_extensions() -> None:
    defaults = {
        "subject": "",
        "subject_start": None,
        "subject_end": None,
        "predicate": "",
        "negated": False,
        "hedge": None,
        "checkworthiness": 0.0,
        "content": None,
        "sent_start": None,
        "sent_end": None,
    }
    for name, default in defaults.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


class ClaimsComponent:
    """Puts claim units on ``doc.spans[spans_key]`` with their description."""

    def __init__(self, spans_key: str = "claims", min_words: int = 4) -> None:
        self.spans_key = spans_key
        self.min_words = min_words
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        claims = []
        for segment in sentence_segments(doc):
            if not is_statement(segment, self.min_words):
                continue
            shared_subject = None
            for clause in split_clauses(segment):
                parts = describe_clause(clause)
                # A clause after "and" without a subject of its own shares the first one's.
                if parts.subject:
                    shared_subject = parts
                elif shared_subject is not None:
                    parts = parts._replace(
                        subject=shared_subject.subject,
                        subject_start=shared_subject.subject_start,
                        subject_end=shared_subject.subject_end,
                    )
                described = clause._  # built anew on every access
                described.subject = parts.subject
                described.subject_start = parts.subject_start
                described.subject_end = parts.subject_end
                described.predicate = parts.predicate
                described.negated = parts.negated
                described.hedge = parts.hedge
                described.checkworthiness = checkworthiness(clause, parts)
                described.content = clause.text
                described.sent_start = segment.start_char
                described.sent_end = segment.end_char
                claims.append(clause)
        doc.spans[self.spans_key] = claims
        return doc


def sentence_segments(doc: Doc) -> Iterator[Span]:
    """The Doc's sentences, cut again at line breaks and stripped of white space.

    Pages keep headlines, datelines and menu items on lines of their own, and
    the parser often glues them to the next sentence.
    """
    for sent in doc.sents:
        start = sent.start
        for token in sent:
            if token.is_space and "\n" in token.text:
                yield from _stripped(doc, start, token.i)
                start = token.i + 1
        yield from _stripped(doc, start, sent.end)


def _stripped(doc: Doc, start: int, end: int) -> Iterator[Span]:
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    if start < end:
        yield doc[start:end]


def is_statement(segment: Span, min_words: int) -> bool:
    """A segment states something: enough words and a verb (menus, headings and the
    page furniture around an article don't)."""
    words = sum(1 for token in segment if token.is_alpha)
    has_verb = any(token.pos_ in ("VERB", "AUX") for token in segment)
    return (
        words >= min_words and has_verb and not segment.text.rstrip().endswith("?")
        and not is_furniture(segment)
    )


def is_furniture(segment: Span) -> bool:
    """A furniture label with dates, times or names, and no verb phrase of its own.

    "18 September 2013 Last updated at 13:59 GMT", "Posted: June 4, 2019 3:15 pm",
    "Reporting by Tom Hale; Editing by Sara Finch", "Follow politics on our blog".
    A label verb with a subject of its own states something ("The minister
    updated parliament on Monday") and leaves the segment a claim. The text
    keeps these lines: ingest reads the publication date from a dateline.
    """
    if any(_is_own_verb(token, segment) for token in segment):
        return False
    if is_dateline(segment.text) or _calls_the_reader(segment):
        return True
    if not any(_is_label(token, segment) for token in segment):
        return False
    others = [
        token for token in segment
        if token.is_alpha and token.pos_ not in FILLER_POS
        and not (_is_label(token, segment) or _is_name(token) or _is_date_part(token))
    ]
    return len(others) <= FURNITURE_OTHER_WORDS


def _is_label(token: Token, segment: Span) -> bool:
    """A furniture label, unless the segment gives it a subject: "Posted on" is a stamp,
    "Police posted a video" is not. Furniture parses badly ("3 July 2013 Last updated"
    makes "3" and "Last" subjects), so dates and labels do not count as subjects."""
    if token.lower_ not in FURNITURE_LABELS:
        return False
    return not any(
        child.dep_ in SUBJECT_DEPS and segment.start <= child.i < segment.end
        and not (_is_date_part(child) or child.lower_ in FURNITURE_LABELS)
        for child in token.children
    )


def _calls_the_reader(segment: Span) -> bool:
    """An imperative label opens the segment: "Follow our coverage on the live blog", "Watch the video"."""
    first = next((token for token in segment if token.is_alpha), None)
    return first is not None and first.tag_ == "VB" and _is_label(first, segment)


def _is_own_verb(token: Token, segment: Span) -> bool:
    # "AM" in "05:12 AM ET" is tagged as the verb "am".
    return token.pos_ in ("VERB", "AUX") and not (_is_label(token, segment) or _is_date_part(token))


def _is_name(token: Token) -> bool:
    """Part of a name, an agency in capitals, or a link."""
    return (
        token.pos_ == "PROPN" or token.ent_type_ in ACTOR_LABELS or (token.is_upper and len(token) > 1)
        or token.like_url or token.like_email
    )


def _is_date_part(token: Token) -> bool:
    return token.ent_type_ in DATE_LABELS or token.like_num


def split_clauses(segment: Span) -> list[Span]:
    """Cut a sentence into the coordinated clauses that state separate facts.

    "It operates in 80 countries and reports directly to the president" gives
    two clauses. A sentence that reports speech is not cut, nor one
    whose parts would be too short to state anything. Doesn't handle clauses
    joined by semicolons or lists of three clauses written without "and".
    """
    root = segment.root
    if root.pos_ not in ("VERB", "AUX") or reports_speech(segment):
        return [segment]
    cuts = [token for token in segment if _starts_coordinated_clause(token, root)]
    doc = segment.doc
    clauses, start = [], segment.start
    for conjunction in cuts:
        end = conjunction.i
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        clauses.append((start, end))
        start = conjunction.i + 1
    clauses.append((start, segment.end))
    if any(sum(1 for t in doc[s:e] if t.is_alpha) < 3 for s, e in clauses):
        return [segment]
    return [doc[s:e] for s, e in clauses]


def reports_speech(segment: Span) -> bool:
    """The segment attributes what it says ("X said", "according to X")."""
    return any(
        (token.pos_ == "VERB" and token.lemma_.lower() in REPORTING_LEMMAS)
        or (token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to")
        for token in segment
    )


def _starts_coordinated_clause(token: Token, root: Token) -> bool:
    """``token`` is a conjunction joining a second clause to the main verb."""
    if token.lower_ not in SPLIT_CONJUNCTIONS or token.i <= root.i:
        return False
    after = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if after is None:
        return False
    for conj in root.children:
        if conj.dep_ == "conj" and conj.pos_ in ("VERB", "AUX") and conj.i > token.i:
            return conj.left_edge.i >= token.i + 1 and not _between_has_conjunction(token, conj)
    # The small tagger often reads a third-person verb after "and" as a plural
    # noun ("operates in 80 countries and reports directly to ..."): accept it
    # when the main verb agrees and an adverb or preposition follows.
    following = after.nbor(1) if after.i + 1 < len(after.doc) else None
    return (
        root.tag_ == "VBZ"
        and after.tag_ in ("NNS", "VBZ")
        and after.text.endswith("s")
        and not any(child.dep_ == "det" for child in after.children)
        and following is not None
        and following.pos_ in ("ADV", "ADP")
    )


def _between_has_conjunction(token: Token, conj: Token) -> bool:
    return any(t.lower_ in SPLIT_CONJUNCTIONS for t in token.doc[token.i + 1 : conj.left_edge.i])


def clause_verb(clause: Span) -> Token:
    """The verb a clause is built on: the sentence root, or a conjoined verb in it."""
    for token in clause:
        if token.dep_ == "ROOT" and token.pos_ in ("VERB", "AUX"):
            return token
    for token in clause:
        if token.dep_ == "conj" and token.pos_ in ("VERB", "AUX") and token.head.dep_ == "ROOT":
            return token
    verbs = [token for token in clause if token.pos_ in ("VERB", "AUX") or token.tag_ in FINITE_VERB_TAGS]
    if not verbs:
        return clause.root
    # "couldn't help": the auxiliary comes first, but the clause is built on the verb it helps.
    first = verbs[0]
    if first.dep_ in ("aux", "auxpass") and clause.start <= first.head.i < clause.end:
        return first.head
    return first


def subject_token(verb: Token) -> Token | None:
    """The verb's subject, or the subject it shares with the verb it is coordinated to."""
    seen = set()
    while verb.i not in seen:
        seen.add(verb.i)
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
        if verb.dep_ not in ("conj", "xcomp", "aux", "auxpass") or verb.head is verb:
            return None
        verb = verb.head
    return None


def subject_span(token: Token) -> Span:
    """The phrase that names the subject: its entity, or the noun with its modifiers."""
    doc = token.doc
    entity = entity_at(token)
    if entity is not None:
        return entity
    if token.pos_ == "PRON":
        return doc[token.i : token.i + 1]
    start = end = token.i
    for child in token.lefts:
        if child.dep_ in SUBJECT_LEFT_DEPS:
            start = min(start, child.left_edge.i)
    for child in token.rights:
        if child.dep_ in ("compound", "flat") or (child.dep_ == "prep" and child.lower_ == "of"):
            end = max(end, child.right_edge.i)
    if end - start > 8:
        end = token.i
    return doc[start : end + 1]


def describe_clause(clause: Span) -> ClauseParts:
    verb = clause_verb(clause)
    subject = subject_token(verb)
    phrase = subject_span(subject) if subject is not None else None
    chain = [verb] + [child for child in verb.children if child.dep_ in ("aux", "auxpass", "xcomp")]
    negated = any(_negates(child) for token in chain for child in token.children) or _none_of(subject)
    return ClauseParts(
        subject=phrase.text if phrase is not None else "",
        subject_start=phrase.start_char if phrase is not None else None,
        subject_end=phrase.end_char if phrase is not None else None,
        predicate=verb.lemma_.lower(),
        negated=negated,
        hedge=find_hedge(clause),
    )


def _none_of(subject: Token | None) -> bool:
    """A subject that says none: "no terms were disclosed", "nobody was hurt", "no one died"."""
    if subject is None:
        return False
    return subject.lower_ in NEGATIVE_PRONOUNS or any(
        child.dep_ == "det" and child.lower_ == "no" for child in subject.children
    )


def _negates(token: Token) -> bool:
    """A negation on the verb: the parser's ``neg``, or a negating word it labelled otherwise
    ("n’t" read as a noun, "CAN'T" or "won`t" left whole as an auxiliary, "doesn ’ t" printed
    apart, whose "’ t" reads "not": ``nlp.clitics``)."""
    return token.dep_ == "neg" or is_negation(token.text) or is_negation(token.norm_)


def find_hedge(clause: Span) -> str | None:
    """The first word that makes the clause tentative, lower-cased, or None."""
    for token in clause:
        if token.lower_ in HEDGE_WORDS:
            return token.lower_
        if token.pos_ == "VERB" and token.lemma_.lower() in HEDGE_VERB_LEMMAS:
            if any(child.dep_ in ("xcomp", "ccomp") for child in token.children):
                return token.lemma_.lower()
    return None


def checkworthiness(clause: Span, parts: ClauseParts) -> float:
    """How checkable a clause is, from 0 (opinion, rhetoric) to 1 (a precise fact).

    Numbers, dates and named actors make a claim checkable; first and second
    person, "should"/"must", questions and hedges mark opinion and rhetoric.
    """
    labels = {token.ent_type_ for token in clause if token.ent_type_}
    score = 0.3
    if labels & NUMBER_LABELS or any(token.like_num for token in clause):
        score += 0.25
    if labels & DATE_LABELS:
        score += 0.15
    if labels & ACTOR_LABELS:
        score += 0.2
    if parts.subject:
        score += 0.05
    words = [token.lower_ for token in clause if token.is_alpha]
    if len(words) >= 8:
        score += 0.05
    if any(word in OPINION_PRONOUNS for word in words):
        score -= 0.2
    if any(word in OPINION_MODALS for word in words):
        score -= 0.15
    if parts.hedge:
        score -= 0.1
    if clause.text.rstrip().endswith(("?", "!")):
        score -= 0.3
    return round(min(1.0, max(0.0, score)), 2)
