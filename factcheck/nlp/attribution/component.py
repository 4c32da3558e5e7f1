"""Attribution of claim spans: who said it, with which cue, quoted or reported.

The component works on the whole document first, because attribution crosses
sentence boundaries: a quote may run over several sentences with its cue after
the last one, a pronoun speaker points back to an earlier one. It finds

1. quotes (paired quotation marks, multi-paragraph quotes included);
2. reporting cues: a reporting verb with its speaker (subject, passive agent,
   or the object of "quoted ... as saying"), and "according to X";
3. which cue each quote belongs to (the cue right after the closing mark or
   right before the opening one; a quote with no cue continues the previous
   quote's speaker);

then resolves pronoun, relative and definite-description speakers ("he",
"who", "the official") to the nearest fitting earlier speaker or person, and
bare surnames to the full name used elsewhere in the article. Each claim span
gets the candidate whose content overlaps it most, or the outlet.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from itertools import chain

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from ...resolve import TITLES
from ..records import Attribution
from ..spans import entity_at
from . import cues


def register_extensions() -> None:
    if not Span.has_extension("attribution"):
        Span.set_extension("attribution", default=None)
    if not Span.has_extension("content"):
        Span.set_extension("content", default=None)


@dataclass(frozen=True)
class Quote:
    """The inside of a pair of quotation marks (character offsets, marks excluded)."""

    start: int
    end: int


@dataclass
class Speaker:
    text: str
    start: int
    end: int
    head: Token
    resolved: bool = False


@dataclass
class Candidate:
    """One attribution and the tokens (indices) of the words it covers."""

    kind: str
    speaker: Speaker
    cue: Token
    content: set[int] = field(default_factory=set)
    via: str | None = None


@dataclass
class Layout:
    """Per-document lookups built in one pass, so that placing a quote or a cue
    costs a binary search instead of a walk over the whole Doc. ``persons``: the
    names of people in document order."""

    doc: Doc
    text: str
    starts: list[int]
    paragraphs: list[int]
    persons: list[Span]

    @classmethod
    def of(cls, doc: Doc) -> "Layout":
        people = [e for e in doc.ents if e[-1].pos_ == "PROPN" and _names_person(e)]
        # the bare surnames of those people where the tagger missed them ("Yet Sondland has ...")
        surnames = {e[-1].text for e in people if len(e) >= 2}
        tagged = {t.i for e in people for t in e}
        starts, paragraphs, number = [], [], 0
        for token in doc:
            starts.append(token.idx)
            paragraphs.append(number)
            if token.is_space and "\n" in token.text:
                number += 1
            elif token.text in surnames and token.i not in tagged and token.pos_ == "PROPN":
                people.append(doc[token.i:token.i + 1])
        people.sort(key=lambda span: span.start)
        return cls(doc, doc.text, starts, paragraphs, people)

    def tokens(self, start: int, end: int) -> Span:
        """The tokens that overlap the characters ``start:end``."""
        first = max(bisect_right(self.starts, start) - 1, 0)
        if first < len(self.doc) and self.starts[first] + len(self.doc[first].text) <= start:
            first += 1
        return self.doc[first:max(bisect_left(self.starts, end), first)]

    def end_before(self, at: int) -> int:
        """Offset just after the last non-space character before ``at``."""
        while at > 0 and self.text[at - 1].isspace():
            at -= 1
        return at

    def first_from(self, at: int) -> int:
        """Index of the first token that starts at or after character ``at``."""
        return bisect_left(self.starts, at)

    def same_paragraph(self, indices: set[int], token: Token) -> set[int]:
        number = self.paragraphs[token.i]
        return {i for i in indices if self.paragraphs[i] == number}


def _names_person(entity: Span) -> bool:
    """A person's name, also where NER took it for something else: "Professor Varoufakis",
    "A professor of economics, Yanis Varoufakis," (a title before it, a role beside it)."""
    if entity.label_ == "PERSON":
        return True
    if entity.label_ not in ("ORG", "GPE", "NORP", "") or len(entity) > 4:
        return False
    if entity[0].lower_.rstrip(".") in TITLES:
        return True
    root = entity.root
    roles = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        roles.append(root.head)
    return any(role.lemma_.lower() not in cues.ORGANISATION_NOUNS and not _is_plural(role) for role in roles)


class AttributionComponent:
    """Sets ``span._.attribution`` and ``span._.content`` on ``doc.spans[spans_key]``."""

    def __init__(self, spans_key: str = "claims") -> None:
        self.spans_key = spans_key
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        spans = doc.spans.get(self.spans_key, [])
        if not len(spans):
            return doc
        candidates = find_attributions(doc)
        for span in spans:
            attribution, content = attribute_span(span, candidates)
            span._.attribution = attribution
            span._.content = content
        return doc


# --- quotes -----------------------------------------------------------------


def find_quotes(text: str) -> list[Quote]:
    """Paired double quotes, then single quotes not inside them.

    A straight double quote opens when none is open and closes otherwise,
    except at the start of a paragraph, where it continues an open quote
    (the newspaper convention for quotes running over paragraphs). An open
    quote not continued by the next paragraph ends with its paragraph.
    """
    quotes: list[Quote] = []
    opened: int | None = None
    for match in re.finditer(r"[\"“”„«»]|\n\s*\n", text):
        mark, at = match.group(), match.start()
        if mark.strip() == "":
            following = text[match.end():match.end() + 1]
            if opened is not None and following not in cues.DOUBLE_OPENERS + cues.STRAIGHT_DOUBLE:
                quotes.append(Quote(opened + 1, at))
                opened = None
            continue
        line_start = at == 0 or text[:at].rstrip(" \t").endswith("\n") or not text[:at].strip()
        if mark in cues.DOUBLE_OPENERS:
            if opened is None or not line_start:
                opened = at
        elif mark in cues.DOUBLE_CLOSERS:
            if opened is not None:
                quotes.append(Quote(opened + 1, at))
                opened = None
        elif opened is None and _closes(text, at):
            # 'I can't speak, " Gaskin said': a closing mark whose opening one was lost or
            # mistyped closes a quote from the start of its paragraph
            paragraph = text.rfind("\n", 0, at) + 1
            start = paragraph + len(text[paragraph:at]) - len(text[paragraph:at].lstrip(" \t'‘`"))
            if start < at:
                quotes.append(Quote(start, at))
        elif opened is None:
            opened = at
        elif not line_start:
            quotes.append(Quote(opened + 1, at))
            opened = None
    if opened is not None:
        quotes.append(Quote(opened + 1, len(text.rstrip())))
    quotes.extend(
        single
        for single in _single_quotes(text)
        if not any(q.start <= single.start and single.end <= q.end for q in quotes)
    )
    return sorted(set(quotes), key=lambda q: q.start)


def _closes(text: str, at: int) -> bool:
    """Whether the straight quote at ``at`` can only close: after a comma or a stop, before a space."""
    return re.match(r"[,.!?]\s?$", text[max(at - 2, 0):at]) is not None and text[at + 1:at + 2] in (" ", "\n", "")


_SINGLE = re.compile(
    rf"(?<![\w])[{cues.SINGLE_OPENERS}](?=\w)([^\n]{{1,400}}?[\w.,!?…])[{cues.SINGLE_CLOSERS}](?![\w])"
)


def _single_quotes(text: str) -> list[Quote]:
    return [Quote(m.start(1), m.end(1)) for m in _SINGLE.finditer(text)]


def _quote_tokens(layout: Layout, quote: Quote) -> list[Token]:
    return [t for t in layout.tokens(quote.start, quote.end) if not t.is_punct]


# --- cues and speakers --------------------------------------------------------


def _is_cue(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX") or token.dep_ in ("amod", "compound"):
        return False
    lemma = token.lemma_.lower()
    if lemma in cues.CLAUSE_VERBS:
        return any(c.dep_ == "ccomp" for c in token.children) or _frames_quote(token)
    if lemma in cues.SPEECH_OR_SUM_VERBS and _adds_a_figure(token):
        return False
    if lemma in cues.ESTIMATE_VERBS:
        return _puts_at_a_figure(token)
    if lemma == "have":
        return _has_it_that(token)
    return lemma in cues.REPORTING_VERBS or _frames_quote(token)


def _is_figure(token: Token) -> bool:
    if token.ent_type_ in ("DATE", "TIME"):
        return False
    return token.like_num or token.ent_type_ in cues.NON_SPEAKER_ENTITIES or any(
        c.dep_ in ("nummod", "quantmod") and c.ent_type_ not in ("DATE", "TIME") for c in token.children
    )


def _puts_at_a_figure(verb: Token) -> bool:
    """'Police put the march at 30,000': an estimate, the figure after "at" (the parser may hang
    "at" on a clause between them)."""
    if not any(c.dep_ == "dobj" for c in verb.children):
        return False
    return any(
        t.lower_ == "at" and t.dep_ == "prep" and any(c.dep_ == "pobj" and _is_figure(c) for c in t.children)
        for t in verb.subtree
    )


def _has_it_that(verb: Token) -> bool:
    """'Reports have it that ...', 'Rumour has it that ...': the subject tells the clause."""
    children = list(verb.children)
    return any(c.dep_ == "dobj" and c.lower_ == "it" for c in children) and any(c.dep_ == "ccomp" for c in children)


def _reports_exist(token: Token) -> bool:
    """'There are reports of fires': a reporting noun that stands alone as its own source."""
    return (
        token.lemma_.lower() in cues.REPORTING_NOUNS
        and token.dep_ == "attr"
        and any(c.dep_ == "expl" for c in token.head.children)
    )


def _adds_a_figure(verb: Token) -> bool:
    """'added 101 yards': a quantity as the direct object, so the verb reports nothing."""
    return any(
        child.dep_ == "dobj"
        and (child.like_num or child.ent_type_ in cues.NON_SPEAKER_ENTITIES
             or any(c.dep_ in ("nummod", "quantmod") for c in child.children))
        for child in verb.children
    )


_CLOSING_MARKS = "\"”’'"


def _frames_quote(verb: Token) -> bool:
    """'"...," Holmes testified': any verb whose clause starts right after a quote
    closed by a comma reports that quote, whether or not it is a known cue."""
    if verb.pos_ != "VERB" or verb.dep_ not in ("ROOT", "parataxis", "ccomp"):
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "NOUN", "PRON")]
    if not subjects or subjects[0].i > verb.i:
        return False
    before = _previous_token(subjects[0].left_edge)
    marks = 0
    while before is not None and before.text in _CLOSING_MARKS:
        marks += 1
        before = _previous_token(before)
    return marks > 0 and before is not None and before.text in (",", "?", "!")


def _previous_token(token: Token) -> Token | None:
    """The nearest token before ``token`` that is not white space."""
    at = token.i - 1
    while at >= 0 and token.doc[at].is_space:
        at -= 1
    return token.doc[at] if at >= 0 else None


_DOUBLE_QUOTE = re.compile(r"[\"“”]")


def _glued_cue(token: Token) -> bool:
    """'estimates"at', 'said,"but': a cue the tokenizer glued to the quote that follows it."""
    head = _DOUBLE_QUOTE.split(token.text, maxsplit=1)[0]
    return head != token.text and head.rstrip(",:").lower() in cues.REPORTING_FORMS


def _subject(verb: Token, quoted: set[int]) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj") and child.i not in quoted:
            return child
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    previous = _previous_token(verb)
    if previous is not None and previous.text[-1:] in "\"”’',":
        # '"...," added the doctor': the parser takes an inverted subject for an object,
        # or a quoted word for the subject
        for child in verb.rights:
            if child.pos_ in ("PROPN", "NOUN") and child.i not in quoted:
                return child
    return None


def _speaker_token(cue: Token, quoted: set[int]) -> Token | None:
    """The token naming who speaks through ``cue``, never across a line break."""
    speaker = _parsed_speaker(cue, quoted)
    if speaker is None or not _line_break_between(speaker, cue):
        return speaker
    # the parser joined a headline or dateline to this line: take the line's first noun phrase
    line = _line_start(cue)
    for token in cue.doc[line:cue.i]:
        if token.pos_ in ("PROPN", "NOUN", "PRON") and token.i not in quoted:
            while token.dep_ in ("compound", "amod") and token.head.i < cue.i:
                token = token.head
            return token
    return None


def _line_start(token: Token) -> int:
    at = token.i
    while at > 0 and not (token.doc[at - 1].is_space and "\n" in token.doc[at - 1].text):
        at -= 1
    return at


def _line_break_between(first: Token, second: Token) -> bool:
    low, high = sorted((first.i, second.i))
    return any(t.is_space and "\n" in t.text for t in first.doc[low:high])


def _parsed_speaker(cue: Token, quoted: set[int]) -> Token | None:
    verb = cue
    for _ in range(3):
        subject = _subject(verb, quoted)
        if subject is not None:
            return subject
        if any(c.dep_ == "nsubjpass" for c in verb.children):
            # "since the package was announced": a passive without its agent names no speaker
            return None
        if verb.dep_ == "acl" and verb.head.dep_ == "pobj" and verb.head.head.head.pos_ in ("VERB", "AUX"):
            # "Swift posted on Twitter accusing ...": the participle belongs to the clause's subject
            verb = verb.head.head.head
            continue
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head
        if verb.dep_ in ("advcl", "xcomp", "conj", "pcomp") and verb.head.i != verb.i:
            verb = verb.head if verb.dep_ != "pcomp" else verb.head.head
            continue
        break
    if cue.i > 0 and (cue.nbor(-1).pos_ in ("PROPN", "NOUN") or cue.nbor(-1).ent_type_ == "PERSON"):
        # a broken parse (glued quote): the noun right before the cue
        previous = cue.nbor(-1)
        return previous.head if previous.dep_ == "compound" and previous.head.i != cue.i else previous
    return None


_NOUN_PHRASE_LEFTS = frozenset({"det", "predet", "amod", "compound", "poss", "nummod", "quantmod", "nmod", "advmod"})


def _phrase(head: Token) -> tuple[int, int]:
    """Token range of the noun phrase headed by ``head``, without appositions or clauses."""
    if head.ent_type_ == "PERSON":
        entity = entity_at(head)
        start, end = entity.start, entity.end
        while end > start and head.doc[end - 1].dep_ == "case":
            end -= 1
        return start, end
    if head.pos_ == "PROPN":
        start = head.i
        while start > 0 and head.doc[start - 1].pos_ == "PROPN" and head.doc[start - 1].head.i >= head.i:
            start -= 1
        if start > 1 and head.doc[start - 1].dep_ == "case" and head.doc[start - 2].dep_ == "poss":
            start -= 2
        return start, head.i + 1
    start, end = head.i, head.i + 1
    for child in head.lefts:
        # only the words of a noun phrase: a clause the parser hung before the noun is not the speaker
        if child.dep_ in _NOUN_PHRASE_LEFTS:
            start = min(start, child.left_edge.i)
    for child in head.rights:
        if child.dep_ in ("prep", "conj", "cc", "nummod", "compound"):
            end = max(end, child.right_edge.i + 1)
        else:
            break
    if _split_possessive(head.doc, start) and head.doc[start - 1].pos_ in ("NOUN", "PROPN"):
        start = head.doc[start - 1].left_edge.i
    # a comma after the head opens an aside or a clause ("Mara, whose opinion was ...")
    end = next((t.i for t in head.doc[head.i + 1:end] if t.text == ","), end)
    while end > start and head.doc[end - 1].is_punct:
        end -= 1
    return start, end


def _apposed_name(noun: Token) -> Token | None:
    """The name set beside a common noun: "the company, Big Machine"; also "The company
    that runs the show, Dick Clark Productions," where the parser hangs the name on the
    clause's last noun."""
    names = [c for c in noun.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    if names:
        return names[0]
    closing = noun.right_edge
    if closing.i > noun.i and closing.text == ",":
        for token in noun.doc[noun.i + 1:closing.i]:
            if token.dep_ == "appos" and token.pos_ == "PROPN" and token.right_edge.i + 1 == closing.i:
                return token
    return None


def _split_possessive(doc: Doc, at: int) -> bool:
    """'target ’ s officials': a possessive the tokenizer split off its owner starts at ``at``."""
    return 0 < at < len(doc) - 1 and doc[at].text in "’'" and doc[at + 1].lower_ == "s"


def _speaker(token: Token) -> Speaker:
    if _split_possessive(token.doc, token.i + 1) and token.doc[token.i + 2].head.i > token.i + 2:
        token = token.doc[token.i + 2].head  # the owner is not the speaker, what it owns is
    if token.dep_ != "appos" and token.pos_ == "NOUN":
        token = _apposed_name(token) or token
    start, end = _phrase(token)
    # a dateline or time stamp the parser ran into the phrase ("Updated 2007\nA fired accountant")
    breaks = [t.i for t in token.doc[start:token.i] if t.is_space and "\n" in t.text]
    start = breaks[-1] + 1 if breaks else start
    span = token.doc[start:end]
    return Speaker(span.text, span.start_char, span.end_char, token)


def _names_no_one(speaker: Speaker) -> bool:
    """A figure, a date, or a bare "it"/"that" left unresolved is nobody's speech."""
    head = speaker.head
    return speaker.resolved is False and (
        head.lower_ in cues.NON_SPEAKER_WORDS or head.ent_type_ in cues.NON_SPEAKER_ENTITIES or head.like_num
    )


def _content_of_cue(cue: Token, speaker: Token | None, layout: Layout) -> set[int]:
    """Indices of the words the cue reports: its clause, or the sentence around the cue,
    never beyond the cue's paragraph (the parser sometimes runs a sentence over one)."""
    return layout.same_paragraph(_reported_words(cue, speaker), cue)


def _reported_words(cue: Token, speaker: Token | None) -> set[int]:
    sentence = cue.sent
    complements = [c for c in cue.children if c.dep_ == "ccomp"]
    if complements:
        return {t.i for c in complements for t in c.subtree}
    wrapper = {t.i for t in cue.subtree}
    if cue.head.i != cue.i:
        if cue.dep_ in ("relcl", "acl"):
            # "a claim Moscow denied": what was denied is the noun the clause modifies
            return {t.i for t in cue.head.subtree} - wrapper
        if cue.dep_ in ("advcl", "parataxis", "conj", "ccomp"):
            return {t.i for t in sentence} - wrapper - _subtree(speaker)
        return set()
    kept = {t.i for t in sentence} - {t.i for t in cue.subtree}
    for child in cue.children:
        if child.dep_ in ("nsubj", "nsubjpass", "agent", "aux", "auxpass", "neg", "advmod", "npadvmod",
                          "punct", "dative", "mark", "cc"):
            continue
        if child.dep_ == "dobj" and cue.lemma_ in cues.ADDRESSEE_VERBS | cues.RELAY_VERBS:
            continue
        if _is_cue(child):
            continue  # "..., adding that ...": a report of its own
        if child.dep_ == "prep" and child.lower_ == "as" and cue.lemma_ in cues.RELAY_VERBS:
            continue
        kept |= {t.i for t in child.subtree}
    return kept - _subtree(speaker)


def _subtree(token: Token | None) -> set[int]:
    return set() if token is None else {t.i for t in token.subtree}


def _according_to(token: Token) -> Token | None:
    """The source in "according to X" (X unwrapped from "data from X")."""
    if token.lower_ != "according" or token.i + 1 >= len(token.doc) or token.nbor(1).lower_ != "to":
        return None
    objects = [c for c in token.nbor(1).children if c.dep_ == "pobj"] or [
        c for c in token.children if c.dep_ == "pobj"
    ]
    if not objects:
        return None
    source = objects[0]
    if source.lower_ in cues.SOURCE_WRAPPERS or source.lemma_.lower() in cues.SOURCE_WRAPPERS:
        for prep in source.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "of", "by"):
                inner = [c for c in prep.children if c.dep_ == "pobj"]
                if inner:
                    return inner[0]
    return source


def _cue_candidates(layout: Layout, inside_quote: set[int]) -> list[Candidate]:
    found = []
    for token in layout.doc:
        if token.i in inside_quote:
            continue
        source = _according_to(token)
        if source is not None:
            wrapper = {t.i for t in token.subtree} | {token.i + 1} | _subtree(source)
            content = layout.same_paragraph({t.i for t in token.sent} - wrapper, token)
            found.append(Candidate("indirect", _speaker(source), token, content))
            continue
        if _reports_exist(token):
            content = {t.i for child in token.rights for t in child.subtree}
            speaker = Speaker(token.text, token.idx, token.idx + len(token.text), token)
            found.append(Candidate("indirect", speaker, token, layout.same_paragraph(content, token)))
            continue
        if not _is_cue(token):
            continue
        speaker_token = _speaker_token(token, inside_quote)
        if speaker_token is None:
            continue
        via = None
        if token.lemma_ in cues.RELAY_VERBS:
            relayed = [c for c in token.children if c.dep_ == "dobj"]
            if relayed:
                via = _speaker(speaker_token)
                speaker_token = relayed[0]
        candidate = Candidate(
            "indirect", _speaker(speaker_token), token, _content_of_cue(token, speaker_token, layout)
        )
        candidate.via = via.text if via else None
        found.append(candidate)
    return found


def _glued_candidates(doc: Doc, known: set[int], inside_quote: set[int]) -> list[Candidate]:
    found = []
    for token in doc:
        if token.i not in known and _glued_cue(token):
            speaker_token = _speaker_token(token, inside_quote)
            if speaker_token is not None and speaker_token.i != token.i:
                found.append(Candidate("indirect", _speaker(speaker_token), token, set()))
    return found


# --- quotes to cues -------------------------------------------------------------


_CUE_REACH = 8
"""How many tokens a cue may lie before the quote it introduces ("Nugroho told
Agence-France Presse: ..." is five)."""


_QUOTE_MARKS = frozenset({'"', "“", "”", "'", "‘", "’"})


def _headline_candidates(layout: Layout, covered: set[int]) -> list[Candidate]:
    """Headline attributions: a line that opens with a name and a colon ("Mayor Ruiz: the bridge
    will reopen in May") gives what follows on the line as that name's words; quoted, its words
    as said."""
    doc = layout.doc
    found = []
    for entity in doc.ents:
        colon = entity.end
        if entity.label_ not in ("PERSON", "ORG") or colon >= len(doc) or doc[colon].text != ":":
            continue
        if entity.start and layout.paragraphs[entity.start - 1] == layout.paragraphs[entity.start]:
            continue  # not the start of a line: "the list reads: ..." is no headline
        line = layout.paragraphs[colon]
        content = {t.i for t in doc[colon + 1:] if layout.paragraphs[t.i] == line and not t.is_space}
        words = [i for i in content if not doc[i].is_punct]
        if len(words) < cues.MIN_QUOTE_WORDS or content & covered:
            continue
        quoted = doc[min(content)].text in _QUOTE_MARKS
        speaker = _full_name(Speaker(entity.text, entity.start_char, entity.end_char, entity.root), layout)
        found.append(Candidate("direct" if quoted else "indirect", speaker, doc[colon], content))
    return found


def _cue_after(
    layout: Layout, quote: Quote, by_cue: dict[int, Candidate], quote_starts: list[int]
) -> Candidate | None:
    """The cue of '"...," Fauzi, an official of the agency, said': only its own words in between."""
    doc, text = layout.doc, layout.text
    closing = text[quote.end:quote.end + 3]
    # a quote that ends with a nested one closes with two marks: '?’”'
    before_close = text[max(quote.end - 8, 0):layout.end_before(quote.end)].rstrip(_CLOSING_MARKS)[-1:]
    if before_close not in ",?!—–-" and not closing.lstrip("\"”’' ").startswith(","):
        return None
    following = (t for t in doc[layout.first_from(quote.end + 1):] if not t.is_space)
    first = next(following, None)
    limit = quote_starts[bisect_right(quote_starts, quote.end)] if quote_starts[-1] > quote.end else len(text)
    # chained, not unpacked: the walk stops at the limit instead of copying the rest of the Doc
    for token in chain([first], following) if first is not None else ():
        if token.idx >= limit or (token.is_sent_start and token.i > first.i):
            break
        if token.i in by_cue:
            cue = by_cue[token.i]
            between = doc[first.i:token.i]
            own = {t.i for t in token.subtree} - cue.content
            if all(t.is_punct or t.is_space or t.i in own for t in between):
                return cue
            return None
    return None


def _cue_before(layout: Layout, quote: Quote, by_cue: dict[int, Candidate]) -> Candidate | None:
    doc = layout.doc
    opening = quote.start - 1
    glued = doc.char_span(opening, opening + 1, alignment_mode="expand")
    if glued is not None and len(glued) == 1 and glued[0].i in by_cue and _glued_cue(glued[0]):
        return by_cue[glued[0].i]
    lead_end = layout.end_before(opening)
    if layout.text[lead_end - 1:lead_end] not in (":", ","):
        return None
    before = layout.tokens(0, lead_end)
    preceding = [t for t in before[max(len(before) - 2 * _CUE_REACH, 0):] if not t.is_space][-_CUE_REACH:]
    for token in reversed(preceding):
        if token.i in by_cue:
            return by_cue[token.i]
        if token.is_sent_start:
            break
    return None


def _reporting(words: list[Token], reported: list[Candidate]) -> Candidate | None:
    """The report whose clause is mostly this quote: 'saying that "for years ..."'."""
    indices = {t.i for t in words}
    for candidate in reported:
        if len(indices & candidate.content) * 2 > len(indices):
            return candidate
    return None


def _starts_sentence(layout: Layout, quote: Quote) -> bool:
    span = layout.tokens(quote.start - 1, quote.start)
    if not len(span):
        return False
    sentence = span[0].sent
    return not layout.text[sentence.start_char:quote.start - 1].strip()


def _continued(layout: Layout, first: Token, found: list[Candidate], reported: list[Candidate]) -> Candidate | None:
    """The attribution a quote without a cue of its own continues, from ``first`` its first word.

    The previous quote's, when it is close; a report that ends the paragraph just before
    ('... Campbell told the Herald.\n"He was badly hurt ..."'); but not across a report
    of someone else in between.
    """
    previous = found[-1] if found else None
    since = max(previous.content) if previous else -1
    between = [c for c in reported if since < c.cue.i < first.i and (previous is None or c.cue is not previous.cue)]
    if between:
        report = between[-1]
        opens_paragraph = layout.paragraphs[_line_start(first)] != layout.paragraphs[max(_line_start(first) - 1, 0)]
        if opens_paragraph and layout.paragraphs[report.cue.i] == layout.paragraphs[first.i] - 1:
            return report
        if previous is None or report.speaker.text != previous.speaker.text:
            return None
    if previous is None:
        return None
    doc = layout.doc
    gap = first.sent.start - doc[since].sent.end
    return previous if gap <= 2 * len(doc[since].sent) + 40 else None


def _quote_candidates(layout: Layout, quotes: list[Quote], by_cue: dict[int, Candidate]) -> list[Candidate]:
    found: list[Candidate] = []
    reported = sorted(by_cue.values(), key=lambda c: c.cue.i)
    starts = [q.start for q in quotes]
    for quote in quotes:
        words = _quote_tokens(layout, quote)
        if not words:
            continue
        cue = _cue_after(layout, quote, by_cue, starts)
        if cue is not None and len(words) >= cues.MIN_QUOTE_WORDS:
            # '— "I now do recall," he said': the cue reports the quote, not the outlet's
            # words before it
            cue.content = {i for i in cue.content if layout.starts[i] >= quote.start}
        cue = cue or _cue_before(layout, quote, by_cue) or _reporting(words, reported)
        if cue is None and len(words) < cues.MIN_QUOTE_WORDS:
            continue
        if cue is None:
            cue = _continued(layout, words[0], found, reported)
            if cue is None or not _starts_sentence(layout, quote):
                continue
        candidate = Candidate("direct", cue.speaker, cue.cue, {t.i for t in words}, cue.via)
        found.append(candidate)
    return found


# --- resolution -------------------------------------------------------------------


def _is_plural(token: Token) -> bool:
    """Plural by its tag, a conjunction, or the verb it agrees with ("Big Machine have denied")."""
    if token.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in token.children):
        return True
    if token.dep_ != "nsubj" or token.pos_ == "PRON":
        return False
    verbs = [token.head, *(c for c in token.head.children if c.dep_ == "aux")]
    return any(v.tag_ == "VBP" for v in verbs)


def _they_can_mean(speaker: Speaker) -> bool:
    """Plural speakers, and organisations, which British English calls "they"."""
    return _is_plural(speaker.head) or speaker.head.ent_type_ in ("ORG", "NORP")


def _can_be_it(speaker: Speaker) -> bool:
    """An organisation ("Northwind Foods"), or a thing that is one and not a person."""
    head = speaker.head
    if _names_no_one(speaker) or head.ent_type_ == "PERSON":
        return False
    return head.ent_type_ == "ORG" or not _is_plural(head)


def _is_person_like(speaker: Speaker) -> bool:
    """Could "he" or "she" refer to this speaker? (NER often calls one-word names places.)"""
    head = speaker.head
    if _is_plural(head) or head.pos_ not in ("PROPN", "NOUN"):
        return False
    if head.ent_type_ == "PERSON" or head.pos_ == "NOUN":
        return True
    described = any(c.dep_ == "appos" and c.pos_ == "NOUN" for c in head.children)
    who = any(c.dep_ == "relcl" and any(g.lower_ == "who" for g in c.children) for c in head.children)
    return described or who or not head.ent_type_


def _full_name(speaker: Speaker, layout: Layout) -> Speaker:
    """A bare surname ("Primakov") becomes the fullest name the article gives it."""
    words = [word for word in speaker.text.split() if word.lower().rstrip(".") not in TITLES]
    if len(words) != 1 or (speaker.head.pos_ != "PROPN" and speaker.head.ent_type_ != "PERSON"):
        return speaker
    best = None
    for person in layout.persons:
        if len(person) < 2 or fuzz.ratio(person[-1].text.lower(), words[0].lower()) < 90:
            continue
        if best is None or len(person) > len(best):
            best = person
    if best is None:
        return speaker
    return Speaker(best.text, best.start_char, best.end_char, best.root, True)


def _describes(person: Span, noun: str) -> bool:
    """Whether the article calls ``person`` a ``noun`` ("Fauzi, an official ...")."""
    root = person.root
    nouns = {c.lemma_.lower() for c in root.children if c.dep_ == "appos"}
    nouns |= {t.lemma_.lower() for t in root.doc[max(0, person.start - 4):person.start] if t.pos_ == "NOUN"}
    # a title before the name ("President Trump")
    nouns |= {t.lower_ for t in person if t.dep_ == "compound" and t.i < root.i}
    if person.start > 0 and person.doc[person.start - 1].dep_ == "compound":
        nouns.add(person.doc[person.start - 1].lower_)
    if root.dep_ == "appos":
        nouns.add(root.head.lemma_.lower())
    return noun in nouns


def _as_speaker(person: Span, layout: Layout) -> Speaker:
    return _full_name(Speaker(person.text, person.start_char, person.end_char, person.root), layout)


_PERSON_IN_FOCUS = frozenset({"nsubj", "nsubjpass", "attr", "appos", "ROOT"})
"""Where a named person is the topic a later "he" takes up, not a modifier ("in Suka Makmur village")."""


def _resolve(speaker: Speaker, history: list[Speaker], layout: Layout, at: int) -> Speaker:
    head = speaker.head
    lower = head.lower_
    if lower in cues.RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
        antecedent = head.head.head
        if antecedent.dep_ == "appos":
            antecedent = antecedent.head
        return _full_name(_speaker(antecedent), layout)
    if lower in cues.PERSONAL_PRONOUNS:
        plural = cues.PERSONAL_PRONOUNS[lower] == "plural"
        fits = _they_can_mean if plural else _is_person_like
        earlier = next((e for e in reversed(history[-6:]) if fits(e)), None)
        if not plural:
            # the person named last before "he" beats an older speaker ("... was Quinn. "...," he said")
            people = [p for p in layout.persons if p.end_char <= at and not _is_plural(p.root)]
            named = [p for p in people if p.root.dep_ in _PERSON_IN_FOCUS]
            if named and (earlier is None or named[-1].start_char > earlier.start):
                return _as_speaker(named[-1], layout)
            if people and earlier is None:
                return _as_speaker(people[-1], layout)
        return earlier or speaker
    if lower == "it":
        # "the company ... it said": the organisation that spoke last
        earlier = next((e for e in reversed(history[-4:]) if _can_be_it(e)), None)
        return replace(earlier, resolved=True) if earlier else speaker
    determiner = [c for c in head.children if c.dep_ == "det"]
    if not determiner and head.i > 0 and head.nbor(-1).dep_ == "det":
        determiner = [head.nbor(-1)]  # a broken parse hangs "the" on the cue
    if head.pos_ == "NOUN" and not _is_plural(head) and determiner and determiner[0].lower_ in ("the", "this"):
        if any(c.dep_ == "prep" for c in head.children):
            # "the mayor of Belmont" is that town's mayor, whoever else is a mayor
            return speaker
        noun = head.lemma_.lower()
        described = [p for p in layout.persons if p.end_char <= at and _describes(p, noun)]
        if described:
            # of several people the article calls "the president", the one it names most
            mentions = {}
            for person in layout.persons:
                mentions[person[-1].text] = mentions.get(person[-1].text, 0) + 1
            return _as_speaker(max(reversed(described), key=lambda p: mentions[p[-1].text]), layout)
        if any(c.dep_ == "compound" for c in head.children):
            # "the fire brigade", "the water board": a description that names itself
            return speaker
        # "A senior official said ... the official said": the last speaker of that noun
        same_noun = next((e for e in reversed(history[-4:]) if e.head.lemma_.lower() == noun and e.head.i < head.i), None)
        if same_noun is not None:
            return same_noun
        organisation = noun in cues.ORGANISATION_NOUNS
        for earlier in reversed(history[-4:]):
            if earlier.head.pos_ != "PROPN" or _is_plural(earlier.head):
                continue
            if not organisation or earlier.head.ent_type_ in ("ORG", "NORP", ""):
                return earlier
        return speaker
    return _full_name(speaker, layout)


def find_attributions(doc: Doc) -> list[Candidate]:
    """Every attribution in ``doc``: reported speech and direct quotes, speakers resolved.

    Yields candidates in document order. Does not handle speakers named only
    in an earlier paragraph's headline, nor nested quotes.
    """
    layout = Layout.of(doc)
    quotes = find_quotes(layout.text)
    inside = set()
    for quote in quotes:
        words = _quote_tokens(layout, quote)
        if len(words) >= cues.MIN_QUOTE_WORDS:
            inside.update(t.i for t in words)
    reported = _cue_candidates(layout, inside)
    reported += _glued_candidates(doc, {c.cue.i for c in reported}, inside)
    reported += _headline_candidates(layout, {i for c in reported for i in c.content})
    reported.sort(key=lambda c: c.cue.i)
    history: list[Speaker] = []
    for candidate in reported:
        candidate.speaker = _resolve(candidate.speaker, history, layout, candidate.speaker.start)
        history.append(candidate.speaker)
    reported = [c for c in reported if not _names_no_one(c.speaker)]
    by_cue = {c.cue.i: c for c in reported}
    direct = _quote_candidates(layout, quotes, by_cue)
    quoted_words = {i for c in direct for i in c.content}
    for candidate in reported:
        words = [i for i in candidate.content if not doc[i].is_punct]
        if words and sum(i in quoted_words or i in inside for i in words) >= cues.DIRECT_SHARE * len(words):
            candidate.kind = "direct"
    return sorted(reported + direct, key=lambda c: min(c.content, default=c.cue.i))


# --- claims -------------------------------------------------------------------------


def attribute_span(span: Span, candidates: list[Candidate]) -> tuple[Attribution, str]:
    """The attribution of one claim span and its content without the wrapper."""
    words = {t.i for t in span if not t.is_punct and not t.is_space}
    best, best_overlap = None, 0
    for candidate in candidates:
        # quoted words are the strongest evidence of whose words a claim is
        overlap = len(words & candidate.content) * (2 if candidate.kind == "direct" else 1)
        if overlap > best_overlap or (overlap == best_overlap and overlap and candidate.kind == "direct"):
            best, best_overlap = candidate, overlap
    if best is None:
        return Attribution(kind="outlet"), span.text.strip()
    speaker = best.speaker
    attribution = Attribution(
        kind=best.kind,
        speaker=speaker.text,
        speaker_start=speaker.start,
        speaker_end=speaker.end,
        cue=best.cue.text if best.kind != "direct" or best.cue.i not in best.content else None,
        via=best.via,
    )
    return attribution, _content_text(span, best.content) or span.text.strip()


def _content_text(span: Span, content: set[int]) -> str:
    pieces, current = [], []
    for token in span:
        if token.i in content:
            current.append(token)
        elif current:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    for before, after in zip(pieces, pieces[1:]):
        # the removed wrapper leaves its commas behind: "territory, ." and "decision, , is"
        if before and after and before[-1].text in ",;:" and after[0].is_punct:
            before.pop()
            if after[0].text in ",;:":
                after.pop(0)
    doc = span.doc
    text = " ".join(doc[p[0].i:p[-1].i + 1].text for p in pieces if p)
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    return text.strip(" \t\n,;:\"“”‘’'").removeprefix("that ").strip()


_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?])(?=\s|$)")
