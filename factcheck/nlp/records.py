"""The small typed records our spaCy components put on claim spans.

Components set them as ``Span`` extensions on the spans of
``doc.spans["claims"]``; the claims stage stores them. Offsets are character
offsets into the ``Doc`` text (which is the stored article text).
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Frame:
    """What a figure is about (``nlp.quantities.frames``): the thing counted or
    measured, the noun it describes and what kind of thing that is (as ``subject_kind``),
    its verb, that verb's subject and the anchor it is measured from or within. Words are lower-cased lemmas; ``None`` is unknown.

    Then what the wording around the figure says (``nlp.readings``): the word right
    after it, as written; the word that governs it ("for" in "for around 15 seconds");
    the content words around it, space-separated; the place a count covers ("13
    provinces" in "in 13 provinces"); whether a clock time with a zone follows it;
    the measure written into it ("magnitude" in "8.6-magnitude"); what it is counted per when
    it is a rate ("season" in "$22 million per season", "hour" in "$15 an hour")."""

    about: str | None = None
    owner: str | None = None
    owner_kind: str | None = None
    verb: str | None = None
    verb_subject: str | None = None
    subject_kind: str | None = None
    anchor: str | None = None
    after: str | None = None
    lead: str | None = None
    context: str | None = None
    scope: str | None = None
    clock: bool | None = None
    measure: str | None = None
    rate: str | None = None

    @property
    def event_verb(self) -> str | None:
        """The verb when it names an event: "be", "have" and "do" also serve as auxiliaries and
        say nothing of what happened ("it has 40 employees", "the toll is 12")."""
        return self.verb if self.verb not in AUXILIARY_VERBS else None


AUXILIARY_VERBS = frozenset({"be", "have", "do"})

FRAME_COLUMNS = tuple(field.name for field in fields(Frame))
"""The quantities table stores each part of a figure's frame in a column of its name."""


AGE_UNIT = "age"
"""The unit of a person's age, however it is written ("Smith, 47,", "a 47-year-old")."""

RECORD_UNIT = "record"
"""The role of a win-loss record set beside a name ("Indianapolis (10-5)"), as "a 10-5 record"
names it."""


@dataclass(frozen=True)
class Quantity:
    """A number, amount, percentage, score or date found in a claim, normalised.

    ``kind`` is one of ``number``, ``money``, ``percent``, ``score``, ``date``, ``period`` (a part
    of an event with no date, "the first half": ``value`` its rank, ``unit`` its noun).
    ``low``/``high`` bound ranges and approximate figures ("over 70" -> low 70);
    a ``score`` ("won 20-13", "a 10-5 record") keeps its two numbers in ``low``
    and ``high`` in the order written, and the noun it describes as ``unit``.
    ``equivalent_of`` is the index (in the claim's quantity list) of another
    quantity that states the same sum ("350,000 manats ($205,000)").
    Lengths are stored in ``kilometre`` and clock durations ("around one minute")
    in ``second``, so that figures written in other units compare; an age has
    the unit ``AGE_UNIT``, a count of none ("nobody died") the value 0.
    """

    start: int
    end: int
    text: str
    kind: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    approximate: bool = False
    date: str | None = None
    precision: str | None = None
    equivalent_of: int | None = None
    frame: Frame | None = None


@dataclass(frozen=True)
class Attribution:
    """Who a claim is attributed to.

    ``kind`` is ``direct`` (quoted words), ``indirect`` (reported speech,
    "according to") or ``outlet`` (the outlet's own assertion, no speaker).
    ``via`` names the source that relayed the speaker's words ("the news agency
    Report quoted one source": speaker "one source", via "Report").
    """

    kind: str
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    via: str | None = None
