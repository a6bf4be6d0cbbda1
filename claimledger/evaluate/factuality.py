"""``claimledger eval factuality FILE``: event factuality scores from claim certainty.

Each sentence is parsed once with the pipeline's model and attribution stage; every
event token gets the certainty of the clause it belongs to, assessed by
:func:`claimledger.status.assess` with the innermost attribution it sits in (cue,
class, negation), so the score and a claim's status come from the same evidence.
Event-level refinements, each a convention of FactBank/MEANTIME annotation:
* a reporting or belief cue is itself an event that happened (+3; -3 when negated, with
  a negative subject, "no one has claimed", or declined, "declined to confirm or deny");
* an event under its own negation flips sign ("did not attend"), as does a verb joined
  by "or" to a negated one or by "nor" ("had not admitted any role or implicated
  anyone"); "nearly"/"almost" mark an event that did not happen;
* an event inside an if-clause is uncommitted (0);
* an infinitive of purpose or intention on a noun, or under a verb of wanting,
  asking, planning, permitting or striving ("plans to expand", "asked them to make",
  "was allowed to bid", "fighting to stem"), is only probable (+0.75): it has not
  happened yet; so is an event noun that a noun of expectation or fear anticipates
  ("fears of a recession", "hopes for a recovery");
* negative quantifiers deny the event as "not" does ("no one has claimed", "no plans",
  "without violence", "didn't result in any changes"), and so does a negated governor
  of an infinitive ("won't allow them to take");
* "can" states a capacity, not an occurrence ("the aircraft can fly 9,000 miles"): 0.5;
* a definite event noun ("the indictment") is presupposed: +3 whatever hedges its clause;
* "would" with no condition in the author's voice is a prediction (+0.75), not a hypothesis.
Last, the rules' score goes through a calibration table fitted on the train splits of
MEANTIME and UW together (:mod:`claimledger.train.factuality_calibration`): a bin per
raw score, refined by a bin per evidence kind and raw score (the rule that set the score:
"negative-quantifier" -3, "uncertain" 0, "reported" +3 ...), then by the event word's
tag and first auxiliary ("reported|tag=JJ", "speculated|aux=could"); a bin moves only
where neither corpus's error grows nor its macro-F1 falls.
"""
from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Optional

from spacy.tokens import Doc, Token

from ..lexicons import words
from ..status import RAISING_HEDGES, assess, is_condition
from . import find_scorer, run_scorer, write_predictions

COMPLEMENT_DEPS = {"ccomp", "csubj", "csubjpass", "xcomp", "pcomp"}
CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp", "parataxis", "csubj"}
INTENTION_VERBS = words("intention_verbs.txt")
NOT_QUITE = {"nearly", "almost"}
PREVENTING = words("preventing_predicates.txt")
PROSPECT_NOUNS = words("prospect_nouns.txt")
PROSPECT_PREPOSITIONS = {"of", "for", "over", "about", "on"}
STOPPING = {"cease", "stop", "fail", "refuse", "decline", "avoid"}
DEFINITE_DETS = {"the", "this", "that", "these", "those"}
ABILITY_MODALS = {"can", "ca"}
ABILITY_SCORE = 0.5
UNABLE = {"unable", "unwilling", "powerless"}
NEGATIVE_PRONOUNS = {"nobody", "nothing", "none", "noone", "neither"}


def event_scores(text: str, events: list[dict]) -> list[dict]:
    """``[{"token", "score"}]`` for the gold ``events`` of one sentence."""
    from ..nlp import parse
    return doc_event_scores(parse(text), events)


def doc_event_scores(doc: Doc, events: list[dict], calibrate: bool = True) -> list[dict]:
    """``[{"token", "score"}]`` for the gold ``events`` of one parsed sentence; with
    ``calibrate`` the rules' score goes through the calibration table
    (``data/factuality_calibration.tsv``, made by ``make train``)."""
    table = calibration() if calibrate else {}
    out = []
    for ev, (kind, score, refinements) in zip(events, doc_event_features(doc, events)):
        out.append({"token": ev["token"], "score": round(calibrated(table, kind, score, refinements), 3)})
    return out


def calibrated(table: dict[tuple[str, float], float], kind: str, raw: float, refinements: tuple[str, ...]) -> float:
    """The calibrated score of one event: the raw score's pooled bin (kind ``*``), refined
    by its evidence kind's bin, then by each refining bin in turn ("reported|tag=VB",
    "reported|aux=will"), the last one present winning (the order the table was fitted in)."""
    score = table.get(("*", raw), raw)
    for key in (kind,) + tuple(f"{kind}|{r}" for r in refinements):
        score = table.get((key, raw), score)
    return score


def doc_event_evidence(doc: Doc, events: list[dict]) -> list[tuple[str, float]]:
    """``(evidence kind, raw rule score)`` for the gold ``events`` of one parsed sentence;
    the pair is the calibration table's bin."""
    return [(kind, raw) for kind, raw, _ in doc_event_features(doc, events)]


def doc_event_features(doc: Doc, events: list[dict]) -> list[tuple[str, float, tuple[str, ...]]]:
    """``(evidence kind, raw rule score, refinements)`` for the gold ``events`` of one
    parsed sentence; the refinements (:func:`refinements`) key the table's finer bins."""
    atts = list(doc._.attributions or []) + list(doc.user_data.get("nested_attributions", []))
    out = []
    for ev in events:
        span = doc.char_span(ev["char_start"], ev["char_end"], alignment_mode="expand")
        if span is None:
            out.append(("unaligned", 3.0, ()))
        else:
            out.append(score_event(doc, span.root, atts) + (refinements(span.root),))
    return out


def refinements(tok: Token) -> tuple[str, ...]:
    """The event word's form that refines its evidence kind's calibration bin: its
    Penn tag ("tag=VB", a base form; "tag=NN", an event noun) and its first auxiliary
    ("aux=to", an infinitive; "aux=will"; "aux=" none).  The corpora select different
    events (UW scores every predicate, MEANTIME fewer), so a bin of one form can hold
    one corpus's events only, and there its grading is taken without moving the other's."""
    aux = next((c.lower_ for c in tok.children if c.dep_ in {"aux", "auxpass"}), "")
    return (f"tag={tok.tag_}", f"aux={aux}")


@lru_cache(maxsize=1)
def calibration() -> dict[tuple[str, float], float]:
    """(evidence kind, raw rule score) -> calibrated score, kind ``*`` for a raw score's
    pooled bin (used when the event's kind has no bin of its own), "KIND|tag=..." and
    "KIND|aux=..." for the finer bins (:func:`calibrated`); empty (no calibration) when
    the table is absent."""
    path = Path(__file__).resolve().parent.parent / "data" / "factuality_calibration.tsv"
    if not path.is_file():
        return {}
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, raw, value = line.split("\t")
            table[(kind, float(raw))] = float(value)
    return table


def score_token(doc: Doc, tok: Token, atts) -> float:
    """The certainty of the event at ``tok`` (the rules' raw score)."""
    return score_event(doc, tok, atts)[1]


def score_event(doc: Doc, tok: Token, atts) -> tuple[str, float]:
    """The evidence kind that sets the certainty of the event at ``tok``, and that
    certainty: "cue", "raising", "prevented", "negative-quantifier", "negated-governor",
    "presupposed", "condition", "schedule", "intention", "ability", "would", or the
    status of its clause ("asserted", "reported", "uncertain" ...); "+negated" when the
    event's own negation flipped the clause's score."""
    if any(att.cue_token == tok.i for att in atts) and not _negated(tok) and not _negated_governor(tok) \
            and _intended(tok):
        return "intention", 0.75  # "plans to announce", "urged him to say": the saying has not happened yet
    for att in atts:
        if att.cue_token == tok.i:  # "did not say", "no one has claimed", "declined to deny": did not happen
            return "cue", -3.0 if att.negated or _negative_subject(tok) or _prevented(tok) else 3.0
    if tok.lemma_.lower() in RAISING_HEDGES and any(c.dep_ == "xcomp" for c in tok.children):
        return "raising", -3.0 if _negated(tok) else 3.0  # "expects to ...": the expecting happened
    if _prevented(tok):
        return "prevented", -3.0
    if _negative_quantifier(tok):
        return "negative-quantifier", -3.0
    if _negated_governor(tok):
        return "negated-governor", -3.0
    if _prospect(tok):
        return "prospect", 0.75  # "fears of a recession": anticipated, possible
    if _presupposed(tok):
        return "presupposed", 3.0
    head = clause_head(tok)
    if _in_conditional(head):
        return "condition", 0.0
    if tok.i == head.i and _unrealised(head):
        return "schedule", 0.0
    if tok.i == head.i and _intended(head):
        return "intention", 0.75
    if any(c.dep_ == "aux" and c.lower_ in ABILITY_MODALS for c in tok.children) and not _negated(tok):
        return "ability", ABILITY_SCORE  # "the aircraft can fly 9,000 miles": a capacity, not an occurrence
    inside = [a for a in atts if any(s <= tok.idx < e for s, e in a.content)]
    att = min(inside, key=lambda a: a.span[1] - a.span[0]) if inside else None
    cue = doc[att.cue_token] if att is not None and att.cue_token is not None else None
    a = assess(doc, [head], _scope_text(head), cue=cue, cue_class=att.cue_class if att else None,
               negated=att.negated if att else False, agent=att is not None and att.source is not None)
    score, kind = a.certainty, a.status
    if a.status == "uncertain" and _states_ignorance(tok, a.hedges):
        # "The exact reason is unknown": that it is unknown is a fact; what is not known
        # (the reason, "whether the ferry had left") is what is uncertain
        return "ignorance-frame", 3.0
    if a.status == "hypothetical" and [h.lower() for h in a.hedges] == ["would"]:
        score, kind = 0.75, "would"  # "would" with no condition: a prediction in the author's voice, possible
    if tok.pos_ in {"VERB", "AUX", "ADJ"} and a.status != "denied" and (_negated(tok) or _negated_disjunct(tok)):
        score, kind = (-abs(score) if score > 0 else score), kind + "+negated"
    return kind, score


def _states_ignorance(tok: Token, hedges: list[str]) -> bool:
    """Whether the event word is the predicate of the statement of ignorance itself
    ("unknown", "clear" in "is unknown", "was not clear"), or its copula ("remain
    unknown"); a verb of knowing or confirming under "not" stays a negated event."""
    words = {w for h in hedges for w in h.lower().replace("\u2019", "'").split()}
    if tok.lower_ in words and tok.pos_ == "ADJ":
        return True
    return tok.lemma_ in {"be", "remain"} and any(c.dep_ in {"acomp", "attr"} and c.lower_ in words
                                                   for c in tok.children)


def _scope_text(head: Token) -> str:
    """The words whose hedges and statements of ignorance reach the clause at ``head``:
    the clause and the clauses it is a complement of ("It was not clear whether the ferry
    had left": the doubt reaches "left"), less their coordinated clauses and any clause
    of their own the event is not in ("... isn't known, as it is on the exchange, where it
    amounted to 13%": "amounted" is not in doubt)."""
    path = {head.i}
    top = head
    while top.dep_ in COMPLEMENT_DEPS and top.head.i != top.i:
        top = top.head
        path.add(top.i)
    cut = {t.i for p in path for c in top.doc[p].children
           if c.i not in path and (c.dep_ == "conj" or c.dep_ in {"relcl", "advcl"} and p != head.i)
           for t in c.subtree}
    return "".join(t.text_with_ws for t in top.subtree if t.i not in cut)


def clause_head(tok: Token) -> Token:
    """The verb heading the clause ``tok`` belongs to (the token itself for a verb)."""
    cur = tok
    for _ in range(6):
        if cur.pos_ in {"VERB", "AUX"} and (cur.dep_ in CLAUSE_DEPS or cur.head.i == cur.i):
            return cur
        if cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in {"never"} or c.lower_ in NOT_QUITE and c.dep_ == "advmod"
               for c in tok.children)


def _prospect(tok: Token) -> bool:
    """An event noun that a noun of expectation or fear anticipates ("fears of a
    recession", "hopes for a recovery", "the risk of a strike"; ``prospect_nouns.txt``):
    possible, not happened (FactBank's non-factive nominal predicates)."""
    gov = tok.head
    return tok.pos_ == "NOUN" and tok.dep_ == "pobj" and gov.lower_ in PROSPECT_PREPOSITIONS \
        and gov.head.pos_ == "NOUN" and gov.head.lemma_.lower() in PROSPECT_NOUNS


def _presupposed(tok: Token) -> bool:
    """A definite event noun ("the indictment", "the restructuring", "his arrest") is
    presupposed to have happened, whatever hedges its clause (FactBank's presupposition
    rule, Saurí & Pustejovsky 2009 section 4)."""
    # possessives ("his arrest", "their plan") were tried too: they help neither corpus
    return tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in DEFINITE_DETS for c in tok.children)


def _negative_quantifier(tok: Token) -> bool:
    """An event said not to exist or not to have happened through a negative
    quantifier rather than "not": "no one has claimed", "no successor was named",
    "there were no gains", "without violence", "didn't result in any changes"."""
    if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        return True  # "no plans", "no comment"
    # "has reached no agreement" and "has no trip planned" were tried as negated too: they
    # helped UW train and hurt UW dev, so they do not ship
    if _negative_subject(tok):
        return True  # "no one has claimed", "nobody was hurt"
    gov = tok.head
    if tok.dep_ in {"pobj", "pcomp"} and gov.lower_ == "without":
        return True
    if tok.pos_ in {"NOUN", "PROPN"} and tok.dep_ in {"dobj", "pobj"}:
        verb = gov.head if tok.dep_ == "pobj" and gov.dep_ == "prep" else gov
        quantified = any(c.dep_ == "det" and c.lower_ == "any" for c in tok.children)
        if verb.pos_ in {"VERB", "AUX"} and _negated(verb) and (quantified or not any(
                c.dep_ in {"det", "poss"} for c in tok.children)):
            return True  # "didn't make merger overtures", "didn't result in any changes"
    return False


def _has_no(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children)


def _negative_subject(tok: Token) -> bool:
    """A subject that is a negative quantifier: "no one", "nobody", "no company"."""
    return any(c.dep_ in {"nsubj", "nsubjpass"} and (c.lower_ in NEGATIVE_PRONOUNS or any(
        d.dep_ == "det" and d.lower_ == "no" for d in c.children)) for c in tok.children)


def _negated_disjunct(tok: Token) -> bool:
    """A verb joined by "or"/"nor" to a negated one shares its negation ("would not
    elaborate, or comment", "had not admitted any role or implicated anyone"); "nor"
    negates its conjunct on its own ("nor has it linked up")."""
    if tok.dep_ != "conj" or tok.head.pos_ not in {"VERB", "AUX", "ADJ"}:
        return False
    ccs = {c.lower_ for c in list(tok.head.children) + list(tok.children) if c.dep_ == "cc"}
    return "nor" in ccs or "or" in ccs and _negated(tok.head)


def _negated_governor(tok: Token) -> bool:
    """An infinitive under a negated verb or an adjective of ability ("won't allow Iraq
    to take control", "is not going to draw conclusions", "wasn't to begin turning
    out", "has not been able to cope", "unable to pay"), a verb complement of a noun
    under "no" ("no plans to recall", "no intention of selling"), or one after "instead
    of" / "rather than": not happening."""
    gov = tok.head
    if tok.dep_ == "acl" and gov.pos_ == "NOUN" and _has_no(gov):
        return True  # "has no plans to recall"
    if tok.tag_ == "VBG" and gov.lower_ == "of" and gov.head.pos_ == "NOUN" and _has_no(gov.head):
        return True  # "no intention of tapping" (not "no confirmation of the decision")
    if tok.dep_ in {"pcomp", "pobj"} and (gov.lower_ == "of" and "instead" in {gov.head.lower_} | {
                                             c.lower_ for c in gov.children}
                                         or gov.lower_ == "than" and gov.head.lower_ == "rather"
                                         or gov.lower_ == "than" and any(c.lower_ == "rather" for c in gov.children)):
        return True  # "instead of providing the votes", "rather than resign"
    cur = tok
    for _ in range(3):
        if cur.dep_ != "xcomp":
            return False
        gov = cur.head
        if gov.lemma_.lower() in UNABLE:
            return True
        if gov.pos_ in {"VERB", "AUX", "ADJ"} and gov.lemma_.lower() not in RAISING_HEDGES and (
                _negated(gov) or gov.pos_ == "ADJ" and gov.dep_ == "acomp" and _negated(gov.head)):
            return True
        cur = gov
    return False


def _in_conditional(tok: Token) -> bool:
    for t in [tok] + list(tok.ancestors):
        if t.dep_ == "advcl" and is_condition(t):
            return True
    return False


def _prevented(tok: Token) -> bool:
    """An event its governor says did not happen: "the deal was cancelled", "the
    now-cancelled deal", "delay in delivery", "ceased looking"."""
    gov = tok.head
    lemma = gov.lemma_.lower()
    if tok.dep_ in {"dobj", "nsubjpass"} and lemma in PREVENTING:
        return True
    if tok.dep_ == "xcomp" and lemma in STOPPING:
        return True  # "ceased looking", "failed to win"
    if tok.dep_ == "conj" and gov.dep_ == "xcomp" and gov.head.lemma_.lower() in STOPPING:
        return True  # "declined to confirm or deny"
    if tok.dep_ == "pobj" and gov.lower_ in {"in", "of"} and gov.head.lemma_.lower() in PREVENTING:
        return True  # "delay in delivery", "cancellation of"
    if tok.dep_ in {"pcomp", "pobj"} and gov.lower_ == "from" and gov.head.lemma_.lower() in PREVENTING:
        return True  # "barred the crowd from reaching", "prevented him from leaving"
    return any(c.dep_ == "amod" and c.lemma_.lower().split("-")[-1] in PREVENTING for c in tok.children)


def _unrealised(tok: Token) -> bool:
    """A schedule, not an occurrence: "was due to fly", "is scheduled to arrive"."""
    return tok.dep_ == "xcomp" and tok.head.lemma_.lower() in {"due", "schedule"}


def _intended(tok: Token) -> bool:
    """An infinitive not yet realised: on a noun ("a plan to expand"), under a verb or
    adjective of intention, request or readiness ("asked them to make", "ready to
    sign"), or under the future "going to" ("is going to close")."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    if tok.dep_ == "acl" and tok.head.pos_ == "NOUN":
        return True
    return tok.dep_ == "xcomp" and (tok.head.lemma_.lower() in INTENTION_VERBS or tok.head.lower_ == "going")


def _predictions(path: str, skipped: list[int]):
    """One prediction row per sentence line; a bad line is reported and skipped.
    Sentences are parsed in batches (``parse_many``), the same parse as one by one."""
    from ..nlp import parse_many
    items = []
    with open(path, encoding="utf-8") as src:
        for lineno, line in enumerate(src, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item.get("text"), str) or not isinstance(item.get("events", []), list):
                    raise ValueError("no text or events")
                items.append((lineno, item))
            except (ValueError, AttributeError) as exc:
                print(f"claimledger: {path}:{lineno}: skipped ({exc})", file=sys.stderr)
                skipped.append(lineno)
    docs = parse_many(item["text"] for _, item in items)
    for n, ((lineno, item), doc) in enumerate(zip(items, docs), start=1):
        if n % 500 == 0:
            print(f"claimledger: {n} of {len(items)} sentences", file=sys.stderr)
        try:
            events = doc_event_scores(doc, item.get("events", []))
            yield {"id": item["id"], "events": events}
        except (KeyError, TypeError, ValueError) as exc:
            print(f"claimledger: {path}:{lineno}: skipped ({exc})", file=sys.stderr)
            skipped.append(lineno)


def main(path: str, out: Optional[str] = None, scorer: Optional[str] = None) -> int:
    if not Path(path).is_file():
        print(f"claimledger: {path}: no such file", file=sys.stderr)
        return 2
    skipped: list[int] = []
    rows = list(_predictions(path, skipped))
    target = write_predictions(rows, out)
    print(f"{sum(len(r['events']) for r in rows)} events written to {target}", file=sys.stderr)
    found = Path(scorer) if scorer else find_scorer(path, "score_factuality.py")
    code = run_scorer(found, [path, str(target), "--fill", "3"])
    return 1 if skipped else code
