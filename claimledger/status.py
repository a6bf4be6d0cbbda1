"""Status and certainty: how firmly the article puts a claim forward.

Evidence is read in the claim's scope, strongest first (docs/STATUS.md):
1. a denial cue (not negated), or the claim's own "denied" over a gerund ("denied
   covering up") -> denied;
2. a conditional on the claim's clause or on its cue ("if ...", "unless ...", a "would"
   on an evidential cue: "confirmation would suggest") -> hypothetical;
3. explicit ignorance ("we don't know whether", "it is unclear") -> uncertain;
4. a negated cue: "did not confirm", "refused to deny" -> uncertain / speculated;
5. the cue's class: confirm, allege, speculate, estimate, believe;
6. hedges on the claim's own verb chain (modals, "reportedly", "allegedly",
   "appears to", "is expected to", "are feared dead", "it is understood that"), and
   on the cue's chain ("appears to show");
7. a plain reporting cue -> reported; otherwise asserted.
Certainty follows from the same evidence on the FactBank/MEANTIME scale (+3 certain,
+1.5 probable, +0.75 possible, 0 uncommitted, negative when denied), so the two never
disagree: :data:`STATUS_CERTAINTY` bounds each status.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from spacy.tokens import Doc, Token

from .lexicons import cue_classes, hedges, rows, words
from .nlp import text_of

HEDGES = hedges()
CLAIM_NOUNS = words("claim_nouns.txt")
ADJUNCT_NOUNS = words("relative_adjunct_nouns.txt")
# Denial cues whose object can be a thing turned down rather than a claim ("rejected the offer").
OBJECT_DENIALS = {"reject", "dismiss", "dispute"}
ADVERB_HEDGES = {"reportedly", "allegedly", "purportedly", "supposedly", "apparently", "seemingly"}
CUE_STATUS = {
    "report": "reported", "confirm": "confirmed", "deny": "denied", "allege": "alleged",
    "speculate": "speculated", "estimate": "estimated", "believe": "speculated", "intend": "reported",
    "stance": "reported",
}
# The certainty a status carries when nothing finer is known; hedges refine within a status.
STATUS_CERTAINTY = {
    "asserted": 3.0, "confirmed": 3.0, "reported": 3.0, "estimated": 1.5, "alleged": 0.75,
    "speculated": 0.75, "hypothetical": 0.0, "uncertain": 0.0, "denied": -3.0,
}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
# Nouns that name a person ("the coach", "the minister"): a subject who can refuse.
PERSON_NOUNS = {row[0]: row[1] for row in rows("coref_descriptions.tsv") if len(row) > 1}
NOUN_CUES = cue_classes("noun")
EVIDENTIAL_FRAMES = {row[0]: (row[1], float(row[2]), row[3]) for row in rows("evidential_frames.tsv")}
RAISING_HEDGES = {"appear": 1.5, "seem": 1.5, "expect": 1.5, "believe": 1.5, "think": 1.5,
                  "likely": 1.5, "unlikely": -1.5, "say": 2.5, "report": 2.5, "rumor": 0.75, "rumour": 0.75}

# Raising only in the passive ("is thought to have died"); active "thought to check" is
# remembering to act (a control verb), not a hedge (Quirk et al. 1985, 16.52).
PASSIVE_ONLY_RAISING = {"think", "believe"}


@dataclass
class Assessment:
    status: str
    certainty: float
    hedges: list[str] = field(default_factory=list)


def verb_chain(tok: Token) -> list[Token]:
    """``tok`` and the heads that govern it within its clause: xcomp parents ("appears
    to show", "is expected to arrive") and the auxiliaries of each."""
    chain = [tok]
    cur = tok
    while cur.dep_ == "xcomp" and cur.head.i != cur.i:
        cur = cur.head
        chain.append(cur)
    out = []
    for t in chain:
        out.append(t)
        out.extend(c for c in t.children if c.dep_ in {"aux", "auxpass", "advmod", "neg"})
        # a raising adjective on a copula ("are likely to have found"): the hedge of the clause
        # ("35% less likely to die" compares rates: a finding, not a hedge)
        out.extend(c for c in t.children if c.dep_ == "acomp" and any(x.dep_ == "xcomp" for x in c.children)
                   and not any(x.dep_ in {"advmod", "npadvmod"} and x.i < c.i for x in c.children))
    return out


def clause_hedges(tok: Token) -> list[tuple[str, str, float]]:
    """Hedges on ``tok``'s verb chain as (words, status, certainty)."""
    found = []
    for t in verb_chain(tok):
        lemma = t.lemma_.lower()
        lower = t.lower_
        if t.dep_ in {"aux", "advmod"} and (lower in HEDGES or lemma in HEDGES):
            if lower in {"could", "should"} and _negated_ability(t.head):
                continue  # "could not let it go": inability; "should not take this risk": advice
            if lower == "would" and _refusal(t.head):
                continue  # "he wouldn't commit to it": a past refusal, not a condition
            status, cert = HEDGES.get(lower) or HEDGES[lemma]
            if status != "asserted":
                found.append((t.text, status, cert))
        elif t.dep_ not in {"aux", "auxpass", "advmod", "neg"} and lemma in RAISING_HEDGES \
                and any(c.dep_ == "xcomp" for c in t.children) \
                and not _active_control(t):
            cert = RAISING_HEDGES[lemma]
            status = "reported" if lemma in {"say", "report"} else "speculated"
            passive = next((c for c in t.children if c.dep_ == "auxpass"), None)
            neg = next((c for c in t.children if c.dep_ == "neg"), None)
            if neg is not None and status == "speculated":
                cert = -cert  # "was not thought to be in danger": probably not (FactBank PR-)
            words = (passive.text + " " if passive is not None else "") + (neg.text + " " if neg is not None else "") \
                + t.text + " to"  # as written
            found.append((words.strip(), status, cert))
        elif t.dep_ not in {"aux", "auxpass", "advmod", "neg"}:
            evidential = _evidential_frame(t)
            if evidential is not None:
                found.append(evidential)
        if t.dep_ not in {"aux", "auxpass", "advmod", "neg"}:
            reduced = _reduced_frame(t)
            if reduced is not None:
                found.append(reduced)
    return found


def _evidential_frame(verb: Token) -> Optional[tuple[str, str, float]]:
    """Evidential frames on a clause's own verb (method: Biber's stance and evidentiality
    markers in news prose, lexicon ``evidential_frames.tsv``): a passive report or charge
    verb with its predicate ("were reported to have split", "had been reported dead",
    "is accused of breaking"); an expletive "it appears/seems" over a clause; "looks as
    if", "seems as though"."""
    lemma = verb.lemma_.lower()
    kids = list(verb.children)
    frame = EVIDENTIAL_FRAMES.get(lemma)
    if frame is None:
        return None
    status, cert, form = frame
    if form == "passive" and _impersonal_passive(verb):
        it = next(c for c in kids if c.dep_ == "nsubjpass")  # the words as written: "it has been reported"
        return (verb.doc[it.i:verb.i + 1].text, status, cert)  # an unnamed source's report
    if form == "passive" and any(c.dep_ == "auxpass" for c in kids) and any(c.dep_ == "nsubjpass" for c in kids):
        predicate = [c for c in kids if c.dep_ in {"xcomp", "oprd"}
                     # "are feared buried": a participle right after, parsed as a clause of its own
                     or (c.dep_ == "advcl" and c.i == verb.i + 1 and c.tag_ == "VBN"
                         and not any(k.dep_ in {"mark", "nsubj", "nsubjpass"} for k in c.children))
                     or (c.dep_ == "advcl" and _to_infinitive(c))
                     or (c.dep_ == "prep" and c.lower_ in {"of", "over"} and any(p.dep_ == "pcomp" for p in c.children))]
        if predicate:
            return (verb.text, status, cert)
    if form == "passive" and _headlinese_passive(verb):
        return (verb.text, status, cert)
    if form == "raising":
        if any(c.dep_ == "nsubj" and c.lower_ == "it" for c in kids) and any(c.dep_ == "ccomp" for c in kids):
            return ("it " + verb.text, status, cert)
        for c in kids:
            marks = " ".join(m.lower_ for m in c.children if m.dep_ in {"mark", "advmod"} and m.i < c.i)
            if c.dep_ == "advcl" and marks in {"as if", "as though", "like"}:
                return (verb.text + " " + marks, status, cert)
    return None


def _to_infinitive(tok: Token) -> bool:
    """A verb with its infinitive marker "to" ("to have drowned", "to check")."""
    return any(a.dep_ == "aux" and a.lower_ == "to" for a in tok.children)


def _active_control(verb: Token) -> bool:
    """Active "think"/"believe" + to-infinitive ("nobody thought to check") is a control
    verb, not raising; only the passive hedges ("is thought to have died")."""
    return verb.lemma_.lower() in PASSIVE_ONLY_RAISING and not any(c.dep_ == "auxpass" for c in verb.children) \
        and any(c.dep_ == "xcomp" and _to_infinitive(c) for c in verb.children)


def _headlinese_passive(verb: Token) -> bool:
    """A passive with its auxiliary dropped, as headlines write it: "Two fishermen presumed
    dead", "Climber believed dead after fall", "Striker understood to have agreed terms"
    (the parser reads an active past with a subject).  Active uses of these verbs take an
    object ("feared the worst") or a plain infinitive ("nobody thought to check"), so the
    test is: a subject, no auxiliary, no object, and an adjective predicate or a perfect
    infinitive."""
    kids = list(verb.children)
    if verb.tag_ not in {"VBN", "VBD"} or verb.dep_ != "ROOT" or not any(c.dep_ == "nsubj" for c in kids):
        return False
    if any(c.dep_ in {"aux", "auxpass", "dobj", "ccomp", "dative"} for c in kids):
        return False
    return any(c.dep_ == "oprd" for c in kids) or any(
        c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children)
        and any(a.dep_ == "aux" and a.lemma_ == "have" for a in c.children) for c in kids)


def _impersonal_passive(verb: Token) -> bool:
    """An expletive "it" subject of a passive verb over a clause: "it is understood that
    the club could sell", "it is said the mayor owns" (Quirk et al. 1985, 16.34)."""
    kids = list(verb.children)
    if any(c.dep_ == "neg" for c in kids):
        return False  # "it is not understood why ...": no report, a gap in knowledge
    return any(c.dep_ == "auxpass" for c in kids) and any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in kids) \
        and any(c.dep_ == "ccomp" for c in kids)


def _reduced_frame(verb: Token) -> Optional[tuple[str, str, float]]:
    """A bare participle of a passive frame after a comma, with a predicate of its own:
    "are missing, feared dead", "was missing, presumed drowned" (a reduced passive whose
    subject is the clause's; lexicon ``evidential_frames.tsv``).  After an object the
    participle describes the object ("holding a German national, thought to be a
    teacher"), so the verb must have none."""
    if any(c.dep_ in {"dobj", "attr", "dative"} for c in verb.children):
        return None
    for c in verb.children:
        if c.dep_ not in {"conj", "advcl"} or c.i == 0 or c.doc[c.i - 1].text != ",":
            continue
        frame = EVIDENTIAL_FRAMES.get(c.lemma_.lower())
        if frame is None or frame[2] != "passive" or c.tag_ not in {"VBN", "VBD"}:
            continue
        kids = list(c.children)
        if any(k.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} for k in kids):
            continue  # a clause of its own ("..., police feared")
        if any(k.dep_ in {"oprd", "xcomp"} for k in kids):
            return (c.text, frame[0], frame[1])
    return None


def _refusal(verb: Token) -> bool:
    """"would not" / "wouldn't" with a person as subject and no condition in sight is the
    volitional past ("Pederson wouldn't commit", "she would not say"), not a hypothetical."""
    kids = list(verb.children)
    if not any(c.dep_ == "neg" for c in kids) or conditional_on(verb):
        return False
    subject = next((c for c in kids if c.dep_ == "nsubj"), None)
    return subject is not None and (subject.ent_type_ == "PERSON" or subject.lower_ in {"he", "she", "they", "i", "we"}
                                    or PERSON_NOUNS.get(subject.lemma_.lower()) == "person")


def _negated_ability(verb: Token) -> bool:
    """"could not" + bare verb states an inability ("could not attend"); "could not have
    been" is epistemic and stays a hedge."""
    kids = list(verb.children)
    return any(c.dep_ == "neg" for c in kids) and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in kids)


def turned_down(cue: Optional[Token], heads: list[Token]) -> bool:
    """A denial verb whose object is a thing turned down, not a claim: "rejected the
    offer", "dismissed the invitation" (lexicon ``claim_nouns.txt``)."""
    if cue is not None and cue.lemma_.lower() == "deny" and _refused(cue):
        return True
    if cue is None or cue.lemma_.lower() not in OBJECT_DENIALS:
        return False
    if any(h.pos_ in {"VERB", "AUX"} and h.dep_ in {"ccomp", "xcomp"} for h in heads):
        return False  # "rejected suggestions that ..." has a clause: a proposition
    objects = [c for c in cue.children if c.dep_ in {"dobj", "nsubjpass"}]
    return bool(objects) and all(o.lemma_.lower() not in CLAIM_NOUNS and not _has_that_clause(o) for o in objects)


def _refused(verb: Token) -> bool:
    """"deny" as refusing someone a thing, not as denying a claim: a recipient ("denied the
    family a loan", "denied journalists entry") or a passive that keeps its object ("was
    denied bail", "were denied access to the report"): the ditransitive frame of *deny*
    (Levin 1993, 13.3, verbs of future having)."""
    kids = list(verb.children)
    return any(c.dep_ == "dative" for c in kids) or (
        any(c.dep_ == "auxpass" for c in kids) and any(c.dep_ == "dobj" for c in kids))


# Denial verbs whose gerund complement is an act said not to have happened ("denied covering up").
ACT_DENIALS = {"deny", "dispute"}


def denied_act(heads: list[Token]) -> Optional[Token]:
    """A claim's own denial verb over a gerund, its act: "denied covering up the report",
    "denied having covered up", "denies ever meeting him", "denied being involved" (the
    gerund complement of *deny* is a proposition about the subject's act, Quirk et al.
    1985, 16.40).  Returns the denial verb."""
    # a claim headed by the gerund itself carries its governing denial too
    candidates = heads + [h.head for h in heads if h.dep_ in {"xcomp", "acl"} and h.head.i != h.i]
    for h in candidates:
        # the small parser tags "The 34-year-old denies causing ..." a plural noun with an acl
        misparsed = h.dep_ == "ROOT" and h.tag_ == "NNS" and h.lower_ in {"denies", "disputes"}
        if not misparsed and (h.lemma_.lower() not in ACT_DENIALS or h.pos_ != "VERB"):
            continue
        for x in h.children:
            if x.dep_ in ({"xcomp", "acl"} if misparsed else {"xcomp"}) and x.i > h.i and (x.tag_ == "VBG" or any(
                    a.dep_ in {"aux", "auxpass"} and a.tag_ == "VBG" and a.i < x.i for a in x.children)):
                return h
    return None


def _has_that_clause(noun: Token) -> bool:
    """"the fact that ...", "the idea that ...": the noun carries a proposition."""
    return any(c.dep_ in {"acl", "ccomp", "appos"} and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
               for c in noun.children)


def _object_noun(cue: Optional[Token], heads: list[Token]) -> Optional[Token]:
    """A verb of handling whose object is a claim noun carrying the content ("explained
    his claim that ...", "repeated the allegation that ..."): the noun's class in
    ``cues.tsv`` (allege, speculate, deny), which the plain verb would hide."""
    if cue is None:
        return None
    for noun in cue.children:
        if noun.dep_ not in {"dobj", "nsubjpass"}:
            continue
        cls = NOUN_CUES.get(noun.lemma_.lower())
        if cls in {"allege", "speculate", "deny"} and any(h.head.i == noun.i and h.dep_ in {"acl", "ccomp", "appos"}
                                                           for h in heads):
            return noun
    return None


def _extraposed(heads: list[Token]) -> list[Token]:
    """The extraposed clause of an evaluative frame ("it is concerning that X is accused
    of ..."): the frame evaluates the clause and presupposes it, so the clause's own
    hedges and evidential frames set the claim's firmness (method: extraposition with
    factive adjectives, Kiparsky & Kiparsky 1970)."""
    out = []
    for h in heads:
        kids = list(h.children)
        # the small parser reads "it is concerning that" as a progressive verb as often as a copula + adjective
        evaluative = any(c.dep_ == "acomp" for c in kids) or (h.tag_ == "VBG" and not any(c.dep_ == "dobj" for c in kids))
        if any(c.dep_ == "nsubj" and c.lower_ == "it" for c in kids) and evaluative:
            out.extend(c for c in kids if c.dep_ == "ccomp" and c.pos_ in {"VERB", "AUX"})
        elif EVIDENTIAL_FRAMES.get(h.lemma_.lower(), ("", 0, ""))[2] == "passive" and _impersonal_passive(h):
            # "it is understood that the club could sell ...": the report frames the clause,
            # whose own modal still hedges it
            out.extend(c for c in kids if c.dep_ == "ccomp" and c.pos_ in {"VERB", "AUX"})
    return out


def phrasing_put(cue: Optional[Token]) -> bool:
    """"put" estimates only with "at" ("put the death toll at 60"); "as X put it" and "put
    it to the minister that ..." are a speaker's wording or question (method: the
    verb's frames in news prose; only the "at" frame carries a figure)."""
    if cue is None or cue.lemma_.lower() != "put":
        return False
    return not any(c.dep_ == "prep" and c.lower_ == "at" for c in cue.children)


def adjunct_relative(cue: Optional[Token]) -> bool:
    """A belief cue in a relative clause on a noun of time, place or reason ("the night
    detectives think the fire was started"): the belief is about the night, so the
    clause's own event is not hedged by it.  The small parser often hangs such a clause
    as a complement of the verb before it, so the test is on the words: a definite noun
    of ``relative_adjunct_nouns.txt`` right before the cue's subject, no "that" between."""
    if cue is None or cue.i == cue.sent.start:
        return False
    if cue.dep_ == "relcl" and cue.head.lemma_.lower() in ADJUNCT_NOUNS:
        noun = cue.head
    else:
        subjects = [c for c in cue.children if c.dep_ == "nsubj" and c.i < cue.i]
        if not subjects or cue.head.i == cue.i:
            return False
        first = min(t.i for t in subjects[0].subtree)
        noun = cue.doc[first - 1] if first > cue.sent.start else None
        if noun is None or noun.lemma_.lower() not in ADJUNCT_NOUNS or noun.pos_ != "NOUN":
            return False
    if not any(c.dep_ == "det" and c.lower_ in {"the", "that", "this"} for c in noun.children):
        return False
    # a relative pronoun as subject or object ("the day that changed everything") is no adverbial gap
    return not any(c.dep_ in {"nsubj", "dobj", "nsubjpass"} and c.tag_ in {"WDT", "WP"} for c in cue.children)


# Verbs of a generic "if you ..." that frames a point rather than setting a condition.
FRAMING_VERBS = {"look", "consider", "take", "compare", "think", "remember", "listen", "see", "ask"}
TRUTH_ADJECTIVES = {"true", "accurate", "correct", "right", "credible"}


def evidential_condition(clause: Token) -> bool:
    """"if the rumours are to be believed", "if reports are true": a condition on the
    truth of what others say, i.e. a report with a doubt, not a hypothesis."""
    if not any(m.dep_ == "mark" and m.lower_ == "if" for m in clause.children):
        return False
    subj = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None or subj.lemma_.lower() not in CLAIM_NOUNS | {"source", "insider", "rumour", "rumor"}:
        return False
    if clause.lemma_ == "believe":
        return True
    return clause.lemma_ == "be" and any(c.dep_ == "acomp" and c.lemma_.lower() in TRUTH_ADJECTIVES
                                         or c.dep_ == "xcomp" and c.lemma_ == "believe" for c in clause.children)


def is_condition(clause: Token) -> bool:
    """An adverbial clause that is a condition: "if"/"unless" with a subject of its own
    ("if the report was confirmed"), not an elliptical comparison ("if compared to") nor
    a doubt on reports ("if the rumours are to be believed", :func:`evidential_condition`)."""
    if _inverted_condition(clause) is not None:
        return True
    marks = [m for m in clause.children if m.dep_ == "mark" and m.lower_ in {"if", "unless"}]
    if not marks or any(m.i > 0 and m.doc[m.i - 1].lower_ == "as" for m in marks):
        return False  # "as if" compares, it does not set a condition
    if evidential_condition(clause):
        return False
    if any(c.dep_ == "nsubj" and c.lower_ == "you" for c in clause.children) and \
            clause.lemma_.lower() in FRAMING_VERBS:
        return False  # "if you look at the workload, ...": a frame for the point, not a condition
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in clause.children)


def _inverted_condition(clause: Token) -> Optional[Token]:
    """A condition by subject-auxiliary inversion ("Should he repeat it, ...", "Had the
    bridge been inspected, ...", "Were it to fail, ..."): the clause opens with "should",
    "had" or "were" before its subject (Quirk et al. 1985, 15.36); returns that auxiliary."""
    first = clause.doc[min(t.i for t in clause.subtree)]
    if first.lower_ not in {"should", "had", "were"} or first.head.i != clause.i or first.dep_ not in {"aux", "auxpass"}:
        return None
    subject = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}), None)
    return first if subject is not None and subject.i > first.i else None


def _inverted_head(head: Token) -> Optional[str]:
    """The small parser often makes an inverted condition the head and its main clause a
    conjunct ("Should he repeat it, the MP shall act": "repeat" -> conj "act"); the
    inversion still sets the condition when a comma leads to that conjunct."""
    aux = _inverted_condition(head)
    if aux is None:
        return None
    for c in head.children:
        if c.dep_ == "conj" and c.i > head.i and any(t.text == "," for t in head.doc[head.i:c.i]) \
                and not any(t.dep_ == "cc" and t.head.i == head.i for t in head.doc[head.i:c.i]):
            return aux.text
    return None


def conditional_on(tok: Token, scope: Optional[set[int]] = None) -> Optional[str]:
    """The word of an "if"/"unless" clause attached to ``tok``'s clause, if any."""
    for t in [tok] + [c for c in tok.children if c.dep_ == "conj" and _coordinated(tok, c)]:
        for c in t.children:
            # an inverted condition before its main clause is often parsed as a ccomp of it
            if (c.dep_ == "advcl" and is_condition(c)) or (c.dep_ == "ccomp" and c.i < t.i and _inverted_condition(c)):
                mark = _inverted_condition(c) or next(m for m in c.children if m.dep_ == "mark" and m.lower_ in {"if", "unless"})
                if scope is None or mark.i in scope or c.i in scope:
                    return mark.text  # the condition's verb in the claim counts even when its "if" is cut off
    return None


def _coordinated(first: Token, conj: Token) -> bool:
    """A conjunct joined by a coordinator or a comma ("rose and fell", "came, saw"); the
    small parser also hangs a verb of an embedded clause on the main verb as "conj" with
    nothing between ("since swearing he would have called ..."), which is no coordination."""
    between = first.doc[min(first.i, conj.i) + 1:max(first.i, conj.i)]
    return any(t.dep_ == "cc" or (t.text in {",", ";"} and t.head.i in {first.i, conj.i}) for t in between)


# a match may start inside a word at "n't" ("wasn't clear"), where no word boundary is
IGNORANCE = re.compile(
    r"(?:\b|(?=n't))(?:(?:do|does|did)(?: not|n't)(?: \w+)? know(?= (?:whether|if|what|how|who|whom|when|where|why|which"
    r"|exactly|for sure|for certain|yet)\b|\s*[,.;:!?\"']|$)|(?:not|n't)(?: \w+)? (?:clear|known|certain|sure)"
    r"|unclear|(?:is|are|was|were|'s|remains?|remained) (?:still )?unknown|no way of knowing|(?:is|are|was|were|been|be)(?: not|n't)(?: \w+)? understood"
    r"|(?:not|n't|unable to)(?: \w+){0,3} (?:confirm|verify|verified|confirmed))\b")


def _ignorance(text: str) -> Optional[str]:
    """The words of an explicit statement that something is not known, if any."""
    low = text.lower().replace("\u2019", "'")
    m = IGNORANCE.search(low)
    if m is None:
        return None
    start = m.start()
    while start > 0 and low[start - 1].isalpha():
        start -= 1  # the whole word of a contraction: "wasn't clear", not "n't clear"
    return low[start:m.end()]


def assess(doc: Doc, content_heads: Iterable[Token], content_text: str, *, cue: Optional[Token] = None,
           cue_class: Optional[str] = None, negated: bool = False, agent: bool = True,
           scope: Optional[set[int]] = None) -> Assessment:
    """Status, certainty and hedge words of one claim.

    ``content_heads`` are the clause heads of the claim's text, ``cue`` the reporting
    word (if any), ``agent`` False when the cue's subject is no speaker ("footage
    shows") so a plain report cue says nothing about firmness."""
    heads = list(content_heads)
    used: list[str] = []
    heads, content_text, scope = _hedged_majority(doc, heads, content_text, scope)
    act = denied_act(heads) if cue_class in {None, "report", "stance"} and not negated else None
    if act is not None:  # "The council denied covering up the report": the claim's own denial
        cue, cue_class, negated = act, "deny", _negated_verb(act)
    if cue_class == "deny" and turned_down(cue, heads):
        cue_class = "stance"  # "rejected the offer": a stance on a thing, not a denied claim
    if cue_class in {"believe", "speculate"} and adjunct_relative(cue):
        cue_class = "report"
    cue_word = cue.text if cue is not None else cue_class
    noun = _object_noun(cue, heads)
    if noun is not None and cue_class in {None, "report", "stance"}:
        cue_class, cue_word = NOUN_CUES[noun.lemma_.lower()], noun.text  # "repeated the claim that ..."
    if cue_class == "estimate" and phrasing_put(cue):
        cue_class = "report"  # "as she put it", "put it to him that": wording, not a figure

    def result(status: str, cert: Optional[float] = None) -> Assessment:
        c = STATUS_CERTAINTY[status] if cert is None else cert
        # one word can be both the cue and its clause's frame ("are feared to have been killed")
        return Assessment(status, _bounded(status, c), list(dict.fromkeys(used)))

    cue_hedges = clause_hedges(cue) if cue is not None else []
    if cue is not None and cue_class not in {None, "report", "stance"} and _impersonal_passive(cue):
        # "it is believed that": the cue's class already says it; its impersonal frame only
        # matters for a plain report with no speaker ("it is said that ...")
        own = _evidential_frame(cue)
        cue_hedges = [h for h in cue_hedges if h != own]
    cue_conditional = cue is not None and (conditional_on(cue) or any(h[0].lower() == "would" for h in cue_hedges))
    # 1. denial
    if cue_class == "deny" and not negated:
        used.append(cue.text if cue is not None else "denied")
        return result("denied")
    # 2. "if the rumours are to be believed": reported, with the doubt recorded
    for h in heads:
        doubt = next((c for c in h.children if c.dep_ == "advcl" and evidential_condition(c)), None)
        if doubt is not None:
            used.append(doc[min(t.i for t in doubt.subtree):max(t.i for t in doubt.subtree) + 1].text)
            return result("reported", 2.0)
    # 2. conditionals
    for h in heads:
        word = conditional_on(h, scope) or _inverted_head(h)
        if word:
            used.append(word)
            would = next((x for x in clause_hedges(h) if x[0].lower() == "would"), None)
            if would:
                used.append(would[0])
            return result("hypothetical")
    if cue_conditional:
        used.append(next((h[0] for h in cue_hedges if h[0].lower() == "would"), None) or conditional_on(cue))
        return result("hypothetical")
    # 3. ignorance, or a content that is an open question ("investigating whether ...")
    ign = _ignorance(_without_concessions(doc, heads, content_text, scope))
    if ign:
        used.append(ign)
        return result("uncertain")
    asked = cue is not None and cue.lemma_.lower() in {"ask", "wonder", "question", "inquire", "enquire"}
    # "asked if he could play a game": after a verb of asking "if" opens a question, as "whether" does
    whether = next((m for h in heads for m in h.children if m.dep_ == "mark" and (
        m.lower_ == "whether" or m.lower_ == "if" and asked)), None)
    if whether is not None and cue_class is not None:
        used.append(whether.text)
        return result("uncertain")
    # 4. negated cue
    if negated and cue_class:
        used.append("not " + (cue.text if cue is not None else cue_class))
        return result("speculated" if cue_class == "deny" else "uncertain")
    # 5-6. hedges on the content's own verbs and on the cue's chain; an evidential adverb
    # anywhere in the claim's own words counts too ("with 2,000 civilians reportedly killed")
    content_hedges = [x for h in heads + _extraposed(heads) for x in clause_hedges(h)]
    if scope:
        for i in sorted(scope):
            t = doc[i]
            if t.dep_ == "advmod" and t.lower_ in ADVERB_HEDGES and t.head.i in scope:
                status, cert = HEDGES[t.lower_]
                content_hedges.append((t.text, status, cert))
    weakest = None
    for words, status, cert in content_hedges + [h for h in cue_hedges if h[0].lower() != "would"]:
        if status == "hypothetical":
            if cue_class is not None:
                continue  # reported "would" is the future seen from the past ("said it would")
            used.append(words)
            return result("hypothetical")
        if weakest is None or cert < weakest[2]:
            weakest = (words, status, cert)
    cue_status = CUE_STATUS.get(cue_class or "", None)
    if cue_status in {"confirmed", "alleged", "speculated", "estimated"}:
        used.append(cue_word)
        if weakest and weakest[1] in {"speculated", "alleged"} and cue_status != "estimated":
            used.append(weakest[0])
            return result(weakest[1], weakest[2])
        return result(cue_status)
    if weakest is not None:
        used.append(weakest[0])
        return result(weakest[1], weakest[2])
    if cue_status and agent:
        return result("reported")
    return result("asserted")


CONCESSIVE_MARKS = {"though", "although", "whereas"}


def _without_concessions(doc: Doc, heads: list[Token], content_text: str, scope: Optional[set[int]]) -> str:
    """The claim's words without a concessive clause on its heads: in "bodies were pulled
    from the wreckage, though it was unclear if they had been passengers" the doubt is
    about the passengers, not about the bodies."""
    if not scope:
        return content_text
    skip: set[int] = set()
    for h in heads:
        for c in h.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONCESSIVE_MARKS for m in c.children):
                skip.update(t.i for t in c.subtree)
    if not skip:
        return content_text
    return "".join(doc[i].text_with_ws for i in sorted(scope) if i not in skip)


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of the sentence of every token, built once per doc: ``Token.sent``
    searches the doc's sentences on every call, which made status quadratic in the
    article's length."""
    bounds = doc.user_data.get("sentence_bounds")
    if bounds is None:
        bounds = []
        for sent in doc.sents:
            bounds.extend([(sent.start, sent.end)] * (sent.end - sent.start))
        doc.user_data["sentence_bounds"] = bounds
    return bounds


def _sentence_hedged(doc: Doc, heads: list[Token], scope: Optional[set[int]]) -> bool:
    """One sentence of a content is hedged: a modal or raising hedge on its heads, a
    condition on them, or explicit ignorance in its words."""
    for h in heads:
        if conditional_on(h, scope) or any(x[1] in {"speculated", "alleged", "hypothetical", "uncertain"}
                                           for x in clause_hedges(h)):
            return True
    start, end = sentence_bounds(doc)[heads[0].i]
    toks = [t for t in doc[start:end] if scope is None or t.i in scope]
    return bool(toks) and _ignorance(text_of(doc)[toks[0].idx:toks[-1].idx + len(toks[-1])]) is not None


def _hedged_majority(doc: Doc, heads: list[Token], content_text: str, scope: Optional[set[int]]):
    """A content of several sentences (a long quote) is hedged only when, of two
    sentences, the lead one is, and of more, at least half are: one "could" in the fourth
    sentence of a statement, or an "I don't know what that conversation was" after the
    point is made, does not make the whole statement doubtful.  Otherwise the hedged sentences are left out of the
    evidence.  Returns the heads, text and scope to assess."""
    bounds = sentence_bounds(doc)
    by_sent: dict[int, list[Token]] = {}
    for h in heads:
        by_sent.setdefault(bounds[h.i][0], []).append(h)
    if len(by_sent) < 2:
        return heads, content_text, scope
    hedged = {k for k, hs in by_sent.items() if _sentence_hedged(doc, hs, scope)}
    if not hedged or (min(by_sent) in hedged if len(by_sent) == 2 else 2 * len(hedged) >= len(by_sent)):
        return heads, content_text, scope  # of two sentences the lead, of more at least half, is hedged
    kept = [h for h in heads if bounds[h.i][0] not in hedged]
    kept_sents = {bounds[h.i][0] for h in kept}
    new_scope = None if scope is None else {i for i in scope if bounds[i][0] in kept_sents}
    text = " ".join(doc[s:bounds[s][1]].text for s in sorted(kept_sents))
    return kept, text, new_scope


UNCONFIRMED_LEMMAS = {"confirm", "verify", "corroborate", "substantiate"}
NUMBER_NOUNS = {"figure", "toll", "number", "tally", "count", "estimate", "total"}
ANAPHORIC_DETS = {"the", "this", "that", "these", "those", "such"}
LOWERED = {"asserted", "reported", "estimated"}


def unconfirmed_anaphor(doc: Doc, scope: set[int]) -> Optional[tuple[Token, str]]:
    """In a claim "the figure was not confirmed by the authorities", the anaphoric
    subject ("the figure", "this", "the reports") and the words that say it is
    unconfirmed."""
    for i in sorted(scope):
        verb = doc[i]
        if verb.lemma_.lower() not in UNCONFIRMED_LEMMAS or verb.pos_ not in {"VERB", "AUX"}:
            continue
        if not _negated_verb(verb):
            continue
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if subj is None:
            continue
        pronoun = subj.lower_ in {"this", "that", "it", "these", "those"}
        definite = any(c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS for c in subj.children) \
            and subj.lemma_.lower() in CLAIM_NOUNS \
            and not any(c.dep_ in {"prep", "nummod", "acl", "relcl"} for c in subj.children)
        if pronoun or definite:
            neg = next(c for c in verb.children if c.dep_ == "neg" or c.lower_ == "never")
            return subj, doc[neg.i:verb.i + 1].text
    return None


def _negated_verb(verb: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children)


def lower_unconfirmed(doc: Doc, claims: list, scopes: list[set[int]]) -> None:
    """A claim that says another is not confirmed ("..., but the toll has not been
    confirmed"; "Local media reported that 40 people had died. The figure was not
    confirmed by the authorities.") lowers the claim it refers to: the nearest
    earlier claim in the same or the previous sentence, one with a number when the
    anaphor is a number noun ("the figure", "the toll").  That claim becomes
    ``uncertain``, with the words that say so among its hedges.  In place."""
    bounds = sentence_bounds(doc)
    sent_index = {start: k for k, start in enumerate(sorted({b[0] for b in bounds}))}
    for k, (claim, scope) in enumerate(zip(claims, scopes)):
        if not scope:
            continue
        found = unconfirmed_anaphor(doc, scope)
        if found is None:
            continue
        subj, words = found
        here = sent_index[bounds[subj.i][0]]
        earlier = [(c, s) for c, s in zip(claims[:k], scopes[:k]) if s and c.end <= subj.idx
                   and here - sent_index[bounds[min(s)][0]] <= 1]
        if subj.lemma_.lower() in NUMBER_NOUNS:
            earlier = [(c, s) for c, s in earlier if c.quantities] or earlier
        if not earlier:
            continue
        target = earlier[-1][0]
        if target.status in LOWERED:
            target.status = "uncertain"
            target.certainty = STATUS_CERTAINTY["uncertain"]
            target.hedges = list(target.hedges) + [words]


def _bounded(status: str, certainty: float) -> float:
    """Keep a certainty inside the band its status allows (docs/STATUS.md)."""
    low, high = {
        "asserted": (2.5, 3.0), "confirmed": (2.5, 3.0), "reported": (2.0, 3.0), "estimated": (1.0, 2.5),
        "alleged": (0.5, 1.5), "speculated": (-1.5, 2.0), "hypothetical": (-0.5, 0.5),
        "uncertain": (-0.5, 0.5), "denied": (-3.0, -1.0),
    }[status]
    return max(low, min(high, certainty))
