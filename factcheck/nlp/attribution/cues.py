"""Word lists the attribution component reads: reporting cues and speaker words."""

from __future__ import annotations

REPORTING_VERBS = frozenset(
    """
    accuse acknowledge add admit allege announce argue assert blame claim
    comment condemn confirm criticise criticize declare deny dismiss emphasise
    emphasize estimate explain insist note quote reiterate reject reply report
    respond reveal say state stress tell tweet warn write
    """.split()
)
"""Verb lemmas that introduce reported speech (after textacy's list and PARC cues; "blame",
"condemn", "criticise" are VerbNet's judgement verbs, spoken like "accuse")."""

CLAUSE_VERBS = frozenset(
    """
    affirm assure believe calculate caution concede conclude contend describe
    find forecast indicate inform maintain mention notify observe pledge predict
    project promise recall remark show suggest testify underline vow
    """.split()
)
"""Verbs that report speech only with a clause ("maintained that ..."), not alone
("pledge", "promise", "vow": VerbNet's promise verbs)."""

ESTIMATE_VERBS = frozenset({"put", "place", "peg"})
"""Verbs that report an estimate only as "put the crowd at 30,000": a thing and a figure after "at"."""

REPORTING_NOUNS = frozenset({"report", "rumour", "rumor", "claim", "allegation"})
"""Nouns that report what they are about where they stand alone: "There are reports of fires"."""

SPEECH_OR_SUM_VERBS = frozenset({"add"})
"""Reporting verbs that also take a quantity ("added 101 yards"): speech only with a
clause or a quote as what they report."""

NON_SPEAKER_WORDS = frozenset({"it", "this", "that", "which", "what", "all", "some", "there", "here"})
"""Words that stand where a subject does but name no one; left unresolved they are no speaker."""

NON_SPEAKER_ENTITIES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
"""Entity labels of a span that can never be a speaker (a time stamp, a figure)."""

REPORTING_FORMS = frozenset(
    form
    for lemma in REPORTING_VERBS | CLAUSE_VERBS
    for form in (lemma, lemma + "s", lemma + "d", lemma + "ed", lemma + "es")
) | frozenset({"said", "says", "told", "wrote", "written", "estimates", "added", "stated"})
"""Surface forms, for tokens the tokenizer glued to a quote mark ('estimates"at')."""

ADDRESSEE_VERBS = frozenset({"tell", "inform", "notify", "assure"})
"""Cues whose direct object is the hearer, not what was said."""

RELAY_VERBS = frozenset({"quote"})
"""Cues whose object is the speaker and whose subject relays it ("X quoted Y as saying")."""

SOURCE_WRAPPERS = frozenset(
    """
    data figure figures information report reports statement statements estimate
    estimates account accounts description
    """.split()
)
"""Nouns that stand for their source in "according to data from the USGS"."""

ORGANISATION_NOUNS = frozenset(
    """
    agency army association authority bank board broadcaster channel club
    committee company corporation council court department firm government group
    institute label ministry network newspaper office organisation organization
    outlet party police portal publication service union university website
    """.split()
)
"""Nouns of a definite description ("the company said") that names an organisation, not a person."""

PERSONAL_PRONOUNS = {"he": "singular", "she": "singular", "they": "plural", "him": "singular", "her": "singular"}
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})

DOUBLE_OPENERS = "“„«"
DOUBLE_CLOSERS = "”»"
STRAIGHT_DOUBLE = '"'
SINGLE_OPENERS = "‘'"
SINGLE_CLOSERS = "’'"

MIN_QUOTE_WORDS = 3
"""Shorter quoted strings are names or scare quotes, not quoted speech."""

DIRECT_SHARE = 0.5
"""A reported clause that is at least this much quoted words counts as a direct quote."""
