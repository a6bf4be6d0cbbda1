"""Attribution: who says what.  Quotes, reported speech, "according to", sources.

Small extractors over a parsed spaCy ``Doc``, in the manner of textacy's
``extract/triples.py``; each returns :class:`Attribution` objects with character
spans.  ``extract_attributions`` runs them in order and removes overlaps; the
``claimledger_attribution`` factory stores the result on ``doc._.attributions`` so the
extractors plug into any spaCy pipeline.

Methods (see docs/DESIGN.md):
* direct quotes are paired per paragraph; a paragraph that ends inside an open quote
  continues into the next paragraph that opens with a quote mark (news convention);
* verb cues (lexicon ``cues.tsv``) take their content from a complement clause, a
  content noun phrase ("denied the presence of ...", "dismissed claims that ..."), or
  an adjacent quote; their source from the subject, the passive agent, or the subject
  of the governing clause ("..., saying ...");
* "according to X", nominal cues with a that-clause ("the claim that ..."), and
  passives with an expletive or raised subject ("it was speculated that ...",
  "X is expected to ...") with no named source;
* quotes without a cue of their own that follow an attributed quote continue it.
No attribution is taken from inside quoted material: a cue inside a quote belongs
to the quoted speaker's words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc, Token

from .lexicons import cue_classes, rows, words
from .nlp import text_of

Char = tuple[int, int]

VERB_CUES = cue_classes("verb")
EVIDENTIAL_VERBS = words("evidential_verbs.txt")
NOUN_CUES = cue_classes("noun")
ADJ_CUES = cue_classes("adj")
# "made the case that", "made it clear that": the support verb's object or complement word
LIGHT_CUES = cue_classes("light")
# Verbs whose direct object is the content ("denied the presence of troops").
OBJECT_CONTENT_CLASSES = {"deny", "confirm", "allege", "estimate"}
# Verbs whose object is the hearer, not the content ("told reporters").
HEARER_VERBS = {"tell", "inform", "notify", "brief", "ask", "urge", "warn", "remind", "assure"}
# Heads of an xcomp that negate the cue they govern ("refused to deny").
NEGATING_HEADS = {"refuse", "decline", "fail"}
# Verbs of saying whose object is not their content ("said nothing", "told the truth").
SPEECH_VERBS = {"say", "tell", "add", "write", "ask", "reply", "respond", "explain", "speak", "talk"}
# Prepositions that introduce a stance's target ("called for", "agreed with").
STANCE_PREPS = {"for", "against", "with", "about", "on", "to", "of"}
PREP_CUES = {"call": {"for", "on"}, "agree": {"with", "on"}, "argue": {"for", "against"},
             "talk": {"about"}, "speak": {"about", "of", "on"}, "comment": {"on"}, "refer": {"to"},
             "point": {"to"}, "complain": {"about"}, "warn": {"against", "about", "of"},
             "vote": {"for", "against"}, "focus": {"on"}, "insist": {"on"}, "ask": {"about"},
             "joke": {"about"}, "write": {"about", "of"}, "worry": {"about"}, "boast": {"about", "of"},
             "campaign": {"for", "against", "on"}, "rant": {"about", "against"}, "vent": {"about"},
             "brag": {"about"}, "rail": {"against"}, "advocate": {"for"}}
# Stance nouns and the prepositions that introduce their target ("message of", "stance
# against"); derived from the nominal cues of the PolNeAR guidelines (Newell et al. 2018).
NOUN_PREPS = {n: {"of", "for", "about", "on", "against", "to"} for n in (
    "message", "stance", "view", "position", "criticism", "support", "opposition", "proposal",
    "promise", "call", "request", "demand", "hope", "belief", "argument", "vision", "praise",
    "attack", "commitment", "pledge", "vow", "threat", "warning", "concern", "claim", "endorsement",
    "complaint", "question", "plea", "appeal", "insistence", "defense", "defence", "rejection",
    "denial", "passion", "disdain", "contempt", "skepticism", "scepticism", "enthusiasm")}
# Nouns of a commitment or a call: with a named possessor they state the possessor's stance
COMMITMENT_NOUNS = {"pledge", "vow", "promise", "call", "praise", "endorsement", "appeal", "plea",
                    "demand", "request", "threat", "warning", "commitment"}
POSSESSIVE_PRONOUNS = {"his", "her", "their", "its", "our", "my", "your"}
# Nouns for texts, not speakers: "a statement saying ..." has no speaker in the noun.
DOCUMENT_NOUNS = {"statement", "email", "letter", "report", "post", "tweet", "message", "release",
                  "note", "memo", "document", "ad", "video", "article", "editorial", "study", "survey", "poll",
                  "response", "piece", "column", "op-ed", "commercial", "mailer", "flyer"}
# Texts and inquiries whose relative "that" reports ("a report that found", "a study that showed")
FINDING_NOUNS = {"report", "study", "survey", "poll", "analysis", "review", "investigation", "audit", "research",
                 "inquiry", "probe", "assessment", "paper", "memo", "document", "letter", "statement", "ruling"}
# Verbs of issuing a text or sign: their subject speaks through it ("ran a piece that noted")
ISSUING_VERBS = {"run", "publish", "release", "issue", "post", "write", "hoist", "carry", "air", "send", "file",
                 "display", "tweet", "share", "print", "circulate", "distribute", "put"}
# Verbs whose object is a span of time or a means, not a controller: "spent more time talking
# about", "used it to advocate for": the subject does the talking (Quirk et al. 1985, 16.49)
SUBJECT_CONTROL = {"spend", "use", "devote", "waste", "take"}
HEDGE_CUES = {"appear", "seem"}
# Verbs whose "if" clause is an indirect question, not a condition ("asked if he would run")
QUESTION_VERBS = {"ask", "wonder", "question", "inquire", "enquire"}
# Penn tags of active verb forms (a past participle, VBN, may be a subjectless passive)
ACTIVE_TAGS = {"VB", "VBD", "VBZ", "VBP", "VBG"}
FIGURE_VERBS = words("figure_verbs.txt")
# "describe/characterise/portray X as Y" predicate Y of X (Quirk et al. 1985, 16.45: verbs with
# an object and an "as" complement)
PREDICATING_VERBS = {"describe", "characterize", "characterise", "portray"}
# "accuse X of Y", "charge X with Y", "blame X for Y": the preposition that carries the charge
CHARGE_PREPS = {"accuse": "of", "charge": "with", "blame": "for", "compare": "to", "liken": "to"}
FIGURE_NOUNS = words("figure_nouns.txt")
CITED_REASONS = words("cited_reason_nouns.txt")
# Page labels before a colon ("Update:", "Editor's Note:"), no speakers
COLON_LABELS = words("colon_labels.txt")
POLL_NOUNS = words("poll_nouns.txt")
COMMUNICATION_NOUNS = words("communication_nouns.txt")
CLAIM_NOUNS = words("claim_nouns.txt")
CLAIM_OBJECT_VERBS = words("claim_object_verbs.txt")
# Support verbs that put forward a communication noun ("offered an evaluation", "delivered a
# critique", "gave a speech", "unveiled a plan"); Quirk et al. 1985, 2.49 on light verbs
SUPPORT_VERBS = {"offer", "deliver", "give", "provide", "unveil", "release", "share", "issue", "outline",
                 "lay", "present", "pen", "publish", "float", "voice", "lodge", "level", "take", "launch",
                 "mount", "unleash", "wage", "send", "fire"}
# Nouns that "take" makes a stance of, and only "take" ("took aim at", not "gave aim")
TAKE_NOUNS = {"aim", "swipe", "shot", "jab", "dig", "stand", "position", "stance", "issue"}
SPEAKER_NOUNS = words("source_nouns.tsv")
MEDIA_NAMES = {r[0] for r in rows("media.txt")}
MEDIA_NOUNS = {r[0].lower() for r in rows("source_nouns.tsv") if r[1:2] == ["media"]}
# title words of an outlet's name ("Sky News", "the Evening Standard" aside); as in sources.py
OUTLET_TITLE = re.compile(r"\b(?:News|Times|Post|Journal|Herald|Tribune|Gazette|Daily|Telegraph|Guardian|Mirror|"
                          r"Express|Chronicle|Courier|Observer|Register|Press|Radio|TV|Television|Broadcasting|"
                          r"Magazine|Newspaper|Agency|Wire|Dispatch|Sentinel|Inquirer|Examiner|Bulletin)\b")
SENSE_OBJECTS = {tuple(r[:2]) for r in rows("cue_sense_objects.tsv")}
# verbs of direct perception: with a bare or -ing complement ("saw him run", "heard them
# shouting") they report an event witnessed, not a belief or a claim (Quirk et al. 1985, 16.52)
PERCEPTION_VERBS = {"see", "hear", "watch", "notice", "observe", "witness", "spot"}
QUANTITY_HEADS = {"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million", "millions",
                  "number", "lot", "lots", "score", "scores", "handful", "couple"}
# a noun cue after these is a circumstance of the clause ("resigned after claims that",
# "collapsed amid reports that"): its subject is who is affected, not who claims
CIRCUMSTANCE_PREPS = {"after", "amid", "amidst", "following", "despite", "over", "against", "before", "since",
                      "under"}
# Lower-case words inside a capitalised name ("Secretary of State", "Beto O'Rourke's")
SPEAKER_PARTICLES = {"of", "the", "at", "for", "and", "de", "del", "la", "le", "van", "von", "bin", "al", "'s", "\u2019s"}
PASSIVE_RAISING = {"say", "expect", "believe", "think", "report", "rumor", "rumour", "understand",
                   "know", "suspect", "estimate", "allege", "claim", "fear", "consider", "feel"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
CONCESSIVE_MARKS = {"although", "though", "while", "whereas", "because", "since", "as", "when"}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"}
# Verbs that report only through a complement clause: as plain transitives or linking verbs
# ("found ways", "proved difficult", "maintained a lead") they report nothing; PolNeAR train
# relation precision without a clause 0.09-0.16 (find, prove, feel)
CLAUSE_ONLY_CUES = {"find", "prove", "feel", "maintain", "learn", "remember"}
# Adjectives that raise their subject from an infinitive ("X is sure to win"): the
# speaker's judgement of X, not X's belief (Quirk et al. 1985, 16.76)
RAISING_ADJECTIVES = {"certain", "sure", "likely", "unlikely", "bound"}
# Report verbs whose gerund complement is what they report ("reported spending", "denied taking")
GERUND_REPORTS = {"report", "admit", "deny", "acknowledge", "recall", "mention", "confess", "describe", "dispute"}
# Verbs of deciding and deliberating: their clause is a choice or an open question, not a claim
DELIBERATION_VERBS = {"decide", "think", "consider", "ponder", "weigh", "debate", "wonder", "mull"}
# Pronouns that stand for words said ("said so", "denied it", "what he said")
PRO_CONTENTS = {"that", "this", "it", "so", "which", "what"}


@dataclass
class Quote:
    """A direct quotation: ``start``..``end`` includes the quote marks."""
    start: int
    end: int

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


@dataclass
class Attribution:
    """One attribution relation: source, cue, content as character spans."""
    content: list[Char]
    cue: Optional[Char] = None
    cue_class: str = "report"
    source: Optional[Char] = None
    via: list[Char] = field(default_factory=list)
    kind: str = "indirect"  # direct | indirect | mixed
    negated: bool = False
    cue_token: Optional[int] = None  # token index of the cue's head word
    source_token: Optional[int] = None  # token index of the source's head word
    method: str = ""
    propositional: bool = True  # content is a proposition (a claim), not a stance's target
    parent: Optional["Attribution"] = None  # a quote continuing another's speaker
    cited: list[Char] = field(default_factory=list)  # "..., citing X": where the source had it from

    @property
    def span(self) -> Char:
        """The content's outer character span."""
        return (min(s for s, _ in self.content), max(e for _, e in self.content))


# -- quotes ------------------------------------------------------------------------

OPEN_MARKS = "\u201c\u00ab\u201e"
CLOSE_MARKS = "\u201d\u00bb"


# U+2033 (double prime) stands in for a straight double quote in some CMS output
QUOTE_MARK = re.compile(r"''|``|[\"\u201c\u201d\u00ab\u00bb\u201e\u2033]")


def find_quotes(text: str) -> list[Quote]:
    """Pair double quote marks paragraph by paragraph.

    Marks are straight or curly double quotes, guillemets, and the typewriter pairs
    ``\u0060\u0060`` and ``''`` some outlets use.  Curly marks give the direction; a
    straight mark opens when it follows a space, an opening bracket, a dash or a colon, or
    starts the paragraph.  An unclosed quote at a paragraph's end continues when the
    next paragraph opens with a quote mark, otherwise it ends with the paragraph."""
    quotes: list[Quote] = []
    open_at: Optional[int] = None
    pos = 0
    for para in text.split("\n"):
        p_start = pos
        pos += len(para) + 1
        stripped = para.lstrip()
        lead = len(para) - len(stripped)
        if not stripped:
            continue  # blank lines between paragraphs neither continue nor close a quote
        marks = list(QUOTE_MARK.finditer(para))
        if open_at is not None and not (marks and marks[0].start() == lead):
            # the open quote did not continue: it ends with the previous paragraph
            quotes.append(Quote(open_at, _rstrip_end(text, p_start - 1)))
            open_at = None
        for m in marks:
            i, at, mark = m.start(), p_start + m.start(), m.group()
            if open_at is not None and i == lead and p_start > open_at:
                continue  # the mark that re-opens a continued quote
            opens = _opens(para, i, m.end())
            if open_at is None:
                if opens:
                    open_at = at
            elif not opens or mark in CLOSE_MARKS or mark in {'"', "''"}:
                if at > open_at + 1:
                    quotes.append(Quote(open_at, at + len(mark)))
                open_at = None
    if open_at is not None:
        quotes.append(Quote(open_at, _rstrip_end(text, len(text))))
    return quotes


def find_single_quotes(text: str, doubles: list[Quote]) -> list[Quote]:
    """British-style quotations in single curly marks (\u2018...\u2019), outside double quotes.

    A \u2018 opens when it starts a paragraph or follows a space, a bracket, a dash or a
    colon (an apostrophe is always \u2019); the quote closes at the first \u2019 after a
    non-space that no letter or digit follows ("dog\u2019s", "don\u2019t" are apostrophes).
    A \u2018 opening inside the quotation nests: its \u2019 closes it, not the outer one.
    An unclosed quote continues into the next paragraph when that opens with \u2018 (the
    paragraph-continuation convention), else ends with its paragraph."""
    out: list[Quote] = []
    n, i = len(text), 0
    while True:
        i = text.find("\u2018", i)
        if i < 0:
            return out
        prev = text[i - 1] if i > 0 else "\n"
        if not (prev.isspace() or prev in "([{-\u2013\u2014:/,") or _inside((i, i + 1), doubles):
            i += 1
            continue
        j, end, depth = i + 1, None, 0
        while j < n:
            ch = text[j]
            if ch == "\u2018" and (text[j - 1].isspace() or text[j - 1] in "([{-\u2013\u2014:/,"):
                depth += 1  # a quotation inside the quotation ("... had said, \u2018It\u2019s life\u2019. Then ...")
            elif ch == "\u2019" and not text[j - 1].isspace() and (j + 1 >= n or not text[j + 1].isalnum()):
                if depth:
                    depth -= 1
                else:
                    end = j + 1
                    break
            if ch == "\n":
                k = j
                while k < n and text[k].isspace():
                    k += 1
                if k < n and text[k] == "\u2018":
                    j = k + 1  # the next paragraph continues the quote
                    continue
                end = _rstrip_end(text, j)
                break
            j += 1
        end = end if end is not None else _rstrip_end(text, n)
        if end - i > 3 and len(text[i + 1:end].split()) >= 2:
            out.append(Quote(i, end))
        i = max(end, i + 1)


# '...,' in straight single marks (tabloid and wire copy typed on plain keyboards): opens
# at a paragraph's start or after a space, a bracket, a colon or a dash, before a letter or
# digit; closes right after . , ! or ? when a space or the end follows.  An apostrophe
# inside ("don't", "editor's") never closes: it is not after punctuation.
STRAIGHT_SINGLE = re.compile(r"(?:(?<=^)|(?<=\n)|(?<=[\s(\[:\u2014-]))'(?=[A-Za-z0-9])"
                             r"[^'\n]*?(?:'[A-Za-z][^'\n]*?)*?[.,!?]'(?=\s|$)")


def find_straight_single_quotes(text: str, others: list[Quote]) -> list[Quote]:
    """Quotations in straight single marks ('To me it feels like another boob,' she says.),
    outside the quotations already found.  Over the FNC-1 bodies the pattern matches 602
    spans; a sample of 25 read by hand were all quotations."""
    out = []
    for m in STRAIGHT_SINGLE.finditer(text):
        if len(text[m.start() + 1:m.end() - 1].split()) < 2 or _inside((m.start(), m.start() + 1), others):
            continue
        out.append(Quote(m.start(), m.end()))
    return out


def _opens(para: str, i: int, j: int) -> bool:
    """Whether the mark at ``para[i:j]`` opens a quotation."""
    mark = para[i:j]
    if mark == "\u201c" and i > 0 and not para[i - 1].isspace() and (j >= len(para) or para[j].isspace()):
        return False  # 'do,\u201c said Noble': an opening mark typed for a closing one
    if mark in OPEN_MARKS or mark == "``":
        return True
    if mark in CLOSE_MARKS:
        return False
    prev = para[i - 1] if i > 0 else " "
    nxt = para[j] if j < len(para) else " "
    return (prev.isspace() or prev in "([{-\u2013\u2014:/") and not nxt.isspace()


def _rstrip_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


# -- token helpers -----------------------------------------------------------------

def char_span(tokens: Iterable[Token]) -> Optional[Char]:
    """The character span from the first to the last of ``tokens``, outer punctuation trimmed."""
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and (toks[0].is_punct and toks[0].text not in '"\u201c' or toks[0].is_space or toks[0].dep_ in {"cc", "mark"} and toks[0].lower_ in {"and", "but", "so"}):
        toks.pop(0)
    while toks and (toks[-1].is_punct and toks[-1].text not in '"\u201d)' or toks[-1].is_space
                    or toks[-1].dep_ in {"cc", "mark"}):
        toks.pop()
    if not toks:
        return None
    return (toks[0].idx, toks[-1].idx + len(toks[-1].text))


def subtree_span(tok: Token, exclude: Iterable[Token] = ()) -> list[Char]:
    """Contiguous fragments of ``tok``'s subtree, minus the subtrees in ``exclude``."""
    skip = set()
    for ex in exclude:
        skip.update(t.i for t in ex.subtree)
    fragments: list[list[Token]] = [[]]
    for t in tok.subtree:
        if t.i in skip:
            if fragments[-1]:
                fragments.append([])
            continue
        fragments[-1].append(t)
    out = []
    for frag in fragments:
        span = char_span(frag)
        if span and span[1] > span[0]:
            out.append(span)
    return out


def _subject(verb: Token) -> Optional[Token]:
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if len(subjects) > 1:
        # "Three soldiers who went missing have been found, US media have reported": the
        # parser gave the cue the clause's subject too; its own is the one next to it
        before = [c for c in subjects if c.i < verb.i]
        return before[-1] if before else subjects[0]
    if subjects:
        return subjects[0]
    if verb.dep_ == "advcl" and verb.tag_ in {"VBZ", "VBD"} and any(
            c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        # "As TechCrunch notes, ...": the small parser can take the name and the verb for
        # one noun phrase ("TechCrunch notes") yet tag the verb; the name is its subject
        return next((c for c in verb.children if c.dep_ == "compound" and c.i == verb.i - 1
                     and c.pos_ in {"PROPN", "NOUN"}), None)
    return None


def _governing_subject(verb: Token, depth: int = 0) -> Optional[Token]:
    """The subject of ``verb``, or of the clause it hangs from (conjuncts, "..., saying",
    "refused to deny", "by citing"); for a relative clause or a participle on a noun
    ("voters saying", "officials who said"), the noun it modifies."""
    subj = _subject(verb)
    if subj is not None or depth > 4:
        return subj
    head = verb.head
    if head.i == verb.i:
        return None
    if (verb.dep_ == "relcl" or verb.dep_ == "acl" and verb.tag_ == "VBG") and head.pos_ in {"NOUN", "PROPN"}:
        if verb.dep_ == "acl" and head.dep_ == "pobj" and head.head.lower_ == "to" and head.head.head.pos_ in {"VERB", "NOUN"}:
            # "making a pitch to New York voters saying ...": the hearers do not speak; the
            # clause's subject does
            above = next((a for a in head.ancestors if a.pos_ in {"VERB", "AUX"}), None)
            return _governing_subject(above, depth + 1) if above is not None else None
        if head.lemma_.lower() not in DOCUMENT_NOUNS:
            return head
        if head.dep_ == "dobj" and head.head.pos_ == "VERB":
            return _subject(head.head)  # "the campaign released a statement saying ...": the issuer
        return None
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ == "NOUN" and head.head.dep_ == "dobj":
        return _governing_subject(head.head.head, depth + 1)  # "made a point of saying"
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in {"VERB", "AUX"}:
        return _governing_subject(head.head, depth + 1)  # "... by pointing out that"
    if verb.dep_ == "xcomp":
        # object control: "urged the judge to give", "forcing candidates to address"
        obj = next((c for c in head.children if c.dep_ in {"dobj", "dative"} and c.i < verb.i), None)
        if obj is not None and head.lemma_.lower() not in {"promise", "vow", "pledge"} | SUBJECT_CONTROL:
            return obj
    if verb.dep_ in {"advcl", "acl", "xcomp"} and verb.tag_ == "VBG" and head.lemma_.lower() in SUBJECT_CONTROL:
        # "spent more time talking about", "spent his speech defending": the spender speaks
        return _governing_subject(head, depth + 1)
    if verb.dep_ in {"conj", "xcomp", "advcl"} or verb.dep_ == "acomp" and head.pos_ in {"AUX", "VERB"}:
        # "were careful to say": the subject of the copula above the adjective
        subj = _governing_subject(head, depth + 1)
        if subj is not None and subj.lower_ == "it" and verb.dep_ in {"xcomp", "acomp"} and head.dep_ != "conj":
            # "it's easy to criticize ...", "it remains to be seen": an extraposed
            # subject, no one who criticizes or sees
            return None
        return subj
    return None


def _inside(span: Char, quotes: list[Quote]) -> Optional[Quote]:
    for q in quotes:
        if q.contains(*span):
            return q
    return None


def _negated(verb: Token) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and (head.lemma_ in NEGATING_HEADS or any(c.dep_ == "neg" for c in head.children))


# -- extractors ----------------------------------------------------------------------

def verb_cue_attributions(doc: Doc, quotes: list[Quote]) -> list[Attribution]:
    """Reporting verbs with a complement clause, a content object or a passive
    raised subject.  Method: dependency patterns over the cue lexicon (DESIGN.md)."""
    found = []
    for verb in doc:
        if verb.pos_ not in {"VERB", "AUX"}:
            continue
        cue_class = VERB_CUES.get(verb.lemma_.lower()) or ("report" if _outlet_understands(verb) else None)
        if cue_class is None:
            continue
        if _inside((verb.idx, verb.idx + len(verb)), quotes):
            continue
        if verb.i > 0 and verb.doc[verb.i - 1].text in {"<", "</"}:
            continue  # a markup tag name left in scraped text ("<tweet ...>"), not prose
        if _phrase_internal_aside(verb):
            continue
        att = _verb_attribution(verb, quotes, cue_class)
        if att is not None:
            found.append(att)
    return found


def _phrase_internal_aside(verb: Token) -> bool:
    """A comment clause set off by a comma inside a phrase ("for my, I hope well-developed,
    patience"; "the, I think, best answer"): the word before the comma needs its noun still to
    come (a possessive, a determiner, a preposition), so the aside qualifies only the modifier
    that follows and reports no clause.  Method: Quirk et al.'s comment clauses, whose scope
    is the constituent they interrupt."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.i != verb.i - 1 or subj.i < 2 or verb.doc[subj.i - 1].text != ",":
        return False
    before = verb.doc[subj.i - 2]
    # "my" after a preposition is often tagged PRP; "her"/"his" can stand alone, so not listed
    # a preposition, not a conjunction: "because, I think, he was tired" hedges the clause
    return before.tag_ in {"PRP$", "DT", "WP$"} and before.lower_ not in {"that", "this", "these", "those"} \
        or before.tag_ == "IN" and before.dep_ == "prep" \
        or before.lower_ in {"my", "your", "our", "their", "its"}


def _outlet_understands(verb: Token) -> bool:
    """"The BBC understands (that) the club could sell": a newsroom's formula for what its
    own sources told it, a report; "we understand" in the writer's voice likewise.  Anyone
    else's understanding ("I understand your concern", "officials understand that") is a
    state of mind, no report.  Method: an active "understand" with a complement clause and
    a subject that is "we" or a news outlet (media.txt, an outlet noun, a title word)."""
    if verb.lemma_.lower() != "understand" or verb.tag_ not in {"VBZ", "VBP", "VBD"}:
        return False
    if not any(c.dep_ == "ccomp" for c in verb.children):
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    if subj.lower_ == "we":
        return True
    name = " ".join(t.text for t in subj.subtree)
    bare = name[4:] if name.lower().startswith("the ") else name
    return name in MEDIA_NAMES or bare in MEDIA_NAMES or subj.lemma_.lower() in MEDIA_NOUNS \
        or (subj.pos_ == "PROPN" and OUTLET_TITLE.search(name) is not None)


def _content_clause(verb: Token) -> Optional[Token]:
    """The complement clause of a cue: a that-clause first, then one after the verb; a
    clause before the verb only when nothing else is there ('"...," he said')."""
    comps = [c for c in verb.children if c.dep_ == "ccomp"]
    if not comps:
        return None
    def rank(c: Token) -> tuple:
        that = any(m.dep_ == "mark" and m.lower_ in {"that", "whether", "if"} for m in c.children)
        concessive = any(m.dep_ == "mark" and m.lower_ in CONCESSIVE_MARKS for m in c.children)
        return (concessive, not that, c.i < verb.i)
    best = min(comps, key=rank)
    if any(m.dep_ == "mark" and m.lower_ in CONCESSIVE_MARKS for m in best.children):
        return None
    return best


def _verb_attribution(verb: Token, quotes: list[Quote], cue_class: Optional[str] = None) -> Optional[Attribution]:
    """One verb cue's relation: the first content found among a complement clause, a
    content object, an infinitive ("promised to ..."), a prepositional object ("called
    for ..."), a raised passive subject, or the clause a parenthetical cue interrupts."""
    lemma = verb.lemma_.lower()
    cue_class = cue_class or VERB_CUES[lemma]
    if lemma == "rule" and not any(c.lower_ == "out" for c in verb.children):
        return None
    if _quotes_as_saying(verb):
        return None  # the "as saying" verb carries the relation
    if lemma in {"compare", "liken"} and _subject(verb) is None:
        return None  # "46 percent, compared with 23 percent": a statistic's comparison
    subj = _subject(verb)
    if subj is not None and subj.lower_ in {"that", "this"} and subj.i == verb.sent.start and verb.i == subj.i + 1 \
            and verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].text == ",":
        return None  # "That said, ...": a discourse connective, no one says anything
    if verb.dep_ in {"relcl", "acl"} and _no_one(verb.head):
        return None  # "nothing that anyone said", "no one who spoke": no words, no speaker
    if _negated(verb) and _anyone(verb):
        return None  # "is not disputed by any analyst", "nobody disputes": the outlet's own
    if lemma in CLAUSE_ONLY_CUES and not any(c.dep_ == "ccomp" or c.dep_ == "oprd" and lemma == "find"
                                             for c in verb.children):
        # "found ways to", "proved difficult", "felt well", "maintained a lead": cues only
        # with a complement clause ("found that ...", "felt that ...")
        return None
    if _other_sense(verb):
        return None
    if verb.lower_ in {"assuming", "supposing", "granted"} and verb.dep_ in {"advcl", "conj", "dep"} \
            and not any(c.dep_ in {"nsubj", "aux"} for c in verb.children):
        return None  # "..., assuming it shows up": a condition on the clause, no one's belief
    if verb.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "compound"}:
        return None  # "in reality show Ex On The Beach": a noun the tagger read as a verb
    if lemma in PERCEPTION_VERBS and any(
            c.dep_ in {"ccomp", "xcomp"} and c.tag_ in {"VBG", "VB"} and not any(m.dep_ == "mark" for m in c.children)
            for c in verb.children):
        return None  # "saw him pointing the knife", "saw the driver run": an event witnessed, no belief
    if lemma == "point" and not any(c.dep_ == "ccomp" or c.dep_ == "prt" and c.lower_ == "out"
                                    or c.dep_ == "prep" and c.lower_ == "to" for c in verb.children):
        return None  # "pointed his gun at": aiming, not "pointed out that" or "pointed to"
    if verb.tag_ == "VBG" and verb.dep_ == "acl" and not any(c.dep_ == "ccomp" for c in verb.children) and (
            verb.head.dep_ == "pobj" and verb.head.head.lower_ in {"of", "about"}
            or any(p.dep_ == "prep" and p.lower_ in {"of", "about"} and verb.head.i < p.i < verb.i for p in verb.head.children)):
        # "talk of the mayor rejecting the plan", "the prospect of the board rejecting the
        # bid": an event named as a noun phrase's topic, which no one is reported to assert
        return None
    cue_tokens = [verb] + [c for c in verb.children if c.dep_ == "prt"]
    content: list[Char] = []
    propositional = True
    passive = False
    if lemma in HEDGE_CUES:
        # "appears to", "seems to": a stance on the infinitive, never a speaker's clause
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if xcomp is None:
            return None
        att = Attribution(content=subtree_span(xcomp), cue=char_span(cue_tokens), cue_class=cue_class,
                          cue_token=verb.i, negated=_negated(verb), method="verb", propositional=False)
        # no source: the subject is what seems, not who judges (PolNeAR's source-less
        # "seems"/"appears", Newell et al. 2018)
        return att if att.content else None
    inverted = _final_inverted_speaker(verb, quotes)
    head = _content_clause(verb) if inverted is None else None
    if inverted is not None:
        before = verb.doc[verb.sent.start:verb.i - 1]
        span = char_span(before)
        content = [span] if span else []
    elif head is None:
        # "Asked if he was ever bullied, ...", "asked voters whether they ...": the parser
        # hangs an indirect question as an adverbial clause; "whether" always opens one,
        # "if" only after a verb of asking (elsewhere it is a condition)
        head = next((c for c in verb.children if c.dep_ == "advcl" and c.i > verb.i and any(
            m.dep_ == "mark" and (m.lower_ == "whether" or m.lower_ == "if" and lemma in QUESTION_VERBS)
            and not (m.i + 1 < len(m.doc) and m.doc[m.i + 1].lower_ == "or")  # "whether or not": a concession
            for m in c.children)), None)
    if head is not None:
        content = subtree_span(head, exclude=_contrast_clauses(head))
        content += _second_that_clauses(verb, head)
        if lemma in DELIBERATION_VERBS and (lemma == "decide" or any(
                m.dep_ == "mark" and m.lower_ in {"whether", "if"} for m in head.children)):
            # "will decide whether the merger goes ahead", "are considering whether to close
            # the port": a choice or an open question, a stance, no claim anyone puts forward
            propositional = False
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and lemma in SPEECH_VERBS - HEARER_VERBS and verb.i < obj.i < head.i:
            # "said an airstrike outside Raqqa, Syria killed ...": the parser split the
            # clause's subject off as an object
            content = subtree_span(obj) + content
    if not content:
        found = _object_content(verb, cue_class)
        if found is not None:
            content, extra_cue, propositional = found
            cue_tokens += extra_cue
            after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
            if not propositional and after is not None and after.text == ":" and content \
                    and _overlapping_quote((content[0][0], content[0][0] + 1), quotes) is not None:
                # 'Hinds replied: "No, of course not."', 'X said: "So he is lying?"': words
                # quoted after a colon are what the speaker said, not a stance's target
                propositional = True
    if not content and lemma in HEARER_VERBS | SPEECH_VERBS:
        # "told the outlet The Galveston Daily News that ...": the that-clause hung
        # inside the hearer's noun phrase
        for obj in (c for c in verb.children if c.dep_ in {"dobj", "dative"}):
            clause = next((c for c in obj.subtree if c.dep_ in {"relcl", "acl", "ccomp"} and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
            if clause is not None:
                content = subtree_span(clause)
                break
    if not content:
        # "alleged in a video that ...", "said in a statement on Monday that ...": the
        # that-clause hung on the medium's noun (a relative clause never has "that" as mark)
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in {"in", "on", "during", "through", "via"}):
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            clause = next((c for c in pobj.subtree if c.dep_ in {"relcl", "acl", "ccomp"} and c.i > pobj.i and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in c.children) and any(
                m.dep_ in SUBJECTS for m in c.children)), None) if pobj is not None else None
            if clause is not None:
                content = subtree_span(clause)
                break
    if not content and lemma not in HEARER_VERBS:
        # "complained to a minister his officials had let him down": a zero-that clause the
        # parser hung on the hearer as a relative clause
        clause = _zero_that_on_hearer(verb)
        if clause is not None:
            content = subtree_span(clause)
    if not content and lemma == "accuse" and any(c.dep_ == "auxpass" for c in verb.children) \
            and not any(c.dep_ == "agent" for c in verb.children):
        # "the minister is accused of breaking the law": a charge with its accuser unnamed,
        # an allegation no one in the text makes (PolNeAR's source-less attribution); "was
        # charged with murder" is a legal act, not a claim (left to the status words)
        accused = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        charge = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == CHARGE_PREPS[lemma]
                       and any(p.dep_ in {"pcomp", "pobj"} for p in c.children)), None)
        if accused is not None and charge is not None and accused.lower_ not in {"who", "that", "which"}:
            content = subtree_span(accused) + subtree_span(charge)
            passive = True
    if not content:
        found = _raised_passive(verb)
        if found is not None:
            content, aux = found
            cue_tokens = aux + cue_tokens
            passive = True
    if not content and lemma == "put":
        found = _as_put_it(verb)
        if found is not None:
            content, cue_tokens, cue_class = found[0], found[1], "report"
    if not content:
        content = _interrupted_clause(verb)
    if not content:
        content = _agentive_passive(verb)
        propositional = propositional and not content
    if not content:
        return None
    if lemma == "put" and head is not None:
        # "put it to the minister that ...": a question put, reported speech, not an estimate
        it = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "it"), None)
        to = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"), None)
        if it is None or to is None:
            return None
        cue_tokens, cue_class = [verb, it, to], "report"
    if not propositional and content and _quoted_after_colon(verb, content[0], quotes):
        # 'The coach told Sky News: "Reading it brought tears ..."': the parser may hang the
        # quotation as an infinitive or object; words quoted after a colon are what was said
        propositional = True
    cue_span = char_span(cue_tokens) if cue_tokens[-1].i - cue_tokens[0].i < 4 else char_span([verb])
    att = Attribution(content=content, cue=cue_span, cue_class=cue_class, cue_token=verb.i,
                      negated=_negated(verb), method="verb", propositional=propositional)
    _attach_source(att, verb, passive=passive)
    if not passive:
        _source_outside_quotes(att, verb, quotes)
    if inverted is not None:
        att.source, att.source_token = char_span(list(inverted.subtree)), inverted.i
    if att.source is None and verb.tag_ in ACTIVE_TAGS and not (verb.dep_ == "advcl" and lemma == "ask"):
        # an active verb with no subject anywhere above it: an imperative ("Read the rest
        # of the story", "See photos below") or a fragment, not anyone's report; passives
        # ("is expected to") and "appears to" have no named source by nature
        return None
    if att.source is not None and verb.doc[att.source_token].lower_ == "you":
        # outside quotation marks "you" is the generic reader ("you know that ..."), no speaker
        return None
    if att.source is not None and not propositional and verb.doc[att.source_token].lower_ == "that" \
            and verb.dep_ == "relcl":
        # "a shirt that read ...", "a corner that could threaten ...": a relative "that"
        # stands for a thing, which holds no stance (a report's "that found ..." stays)
        return None
    if att.source is not None and verb.doc[att.source_token].lower_ in {"that", "which"} and verb.dep_ == "relcl" \
            and verb.head.dep_ == "dobj" and verb.head.head.lemma_.lower() in ISSUING_VERBS:
        # "The Post ran a piece that noted ...", "she hoisted a sign that read ...": the
        # thing that says is the object of someone who issued it; that issuer speaks
        issuer = _subject(verb.head.head)
        if issuer is not None and issuer.lower_ not in {"that", "which", "it", "this"}:
            att.source, att.source_token = char_span(issuer.subtree), issuer.i
    if att.source is not None and verb.doc[att.source_token].lower_ == "that" and att.source[1] - att.source[0] == 4 \
            and not any(t.lemma_.lower() in FINDING_NOUNS for t in verb.doc[max(verb.sent.start, att.source_token - 5):att.source_token]):
        # a bare "that" as the speaker ("a passion that suggested", "something that worries"):
        # PolNeAR train, 20 of 87 such sources annotated; a study or report "that found"
        # stays, the research speaks
        return None
    _attach_via(att, verb)
    if att.source is not None:
        att.content = _without(att.content, att.source, text_of(verb.doc))
    return att if att.content else None


def _other_sense(verb: Token) -> bool:
    """A cue verb whose object gives it another sense, with no clause to report: "claimed
    40 lives", "claimed the title", "posted sales of $4m", "posted a 5% rise".  Method: the
    verb-object pairs of ``cue_sense_objects.tsv``; for "post", any object carrying a number
    is a result, not a message."""
    if any(c.dep_ in {"ccomp", "xcomp"} for c in verb.children):
        return False
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return False
    lemma = verb.lemma_.lower()
    of = next((p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
               for p in c.children if p.dep_ == "pobj"), None)
    if (lemma, obj.lemma_.lower()) in SENSE_OBJECTS or (
            of is not None and (obj.like_num or obj.tag_ == "CD" or obj.lemma_.lower() in QUANTITY_HEADS)
            and (lemma, of.lemma_.lower()) in SENSE_OBJECTS):
        return True  # "claimed 40 lives", "claimed dozens of victims"
    doc = verb.doc
    return lemma == "post" and any(
        (t.like_num or t.tag_ == "CD") and not (t.i + 1 < len(doc) and doc[t.i + 1].text == "-")  # "one-sided"
        or t.text in {"%", "$", "\u00a3", "\u20ac"} for t in obj.subtree)


def _contrast_clauses(head: Token) -> list[Token]:
    """", while analysts had expected a fall" closing a reported clause: a contrast set off
    by a comma that reports another party's view (its verb is a cue with a subject of its
    own) is the writer's aside, not the speaker's words.  A parallel "while" ("pricing may
    start at $500, while the gold models could start at $4,000") stays the speaker's, and a
    temporal "while" takes no comma ("said the ship sank while it was docked")."""
    out = []
    for c in head.children:
        if c.dep_ == "advcl" and c.i > head.i and any(m.dep_ == "mark" and m.lower_ in {"while", "whereas"} for m in c.children) \
                and c.lemma_.lower() in VERB_CUES and _subject(c) is not None:
            first = c.left_edge
            if first.i > 0 and first.doc[first.i - 1].text in {",", ";", "\u2014", "-", "--"} \
                    and not _inside_quote_mark(first):
                out.append(c)
    return out


def _inside_quote_mark(tok: Token) -> bool:
    """Whether an open quotation mark precedes ``tok`` in its sentence without a close."""
    marks = [t for t in tok.sent if t.i < tok.i and t.is_quote]
    return len(marks) % 2 == 1


def _second_that_clauses(verb: Token, head: Token) -> list[Char]:
    """"said that X, and that Y": the small model hangs the second that-clause on the cue
    (or on the clause above it, "were careful to say that X, and that Y") as a conjunct; a
    conjunct opened by "that" is no main clause, so it is the cue's second complement."""
    out = []
    holders = [verb]
    while holders[-1].dep_ in {"xcomp", "acomp"} and holders[-1].head.i != holders[-1].i:
        holders.append(holders[-1].head)
    for holder in holders:
        for conj in holder.children:
            if conj.dep_ == "conj" and conj.i > head.i and any(
                    m.dep_ == "mark" and m.lower_ == "that" and m.i < conj.i for m in conj.children):
                out += subtree_span(conj)
    return out


def _without(content: list[Char], cut: Char, text: str) -> list[Char]:
    """``content`` minus the characters of ``cut`` (a source the parser left inside it),
    each fragment trimmed of the spaces and commas at its new edges."""
    out = []
    for s, e in content:
        for a, b in ((s, min(e, cut[0])), (max(s, cut[1]), e)) if s < cut[1] and cut[0] < e else ((s, e),):
            while a < b and text[a] in " ,;:\n":
                a += 1
            while b > a and text[b - 1] in " ,;:\n":
                b -= 1
            if b > a:
                out.append((a, b))
    return out


# Verbs of expectation whose object, when it carries a figure, is an estimate (guidance).
EXPECTATION_VERBS = {"expect", "anticipate"}


def _carries_figure(obj: Token) -> bool:
    """Whether a noun phrase states a quantity: a number or a currency or percent sign
    (not a year or a date, which only place it in time)."""
    return any((t.like_num or t.tag_ == "CD") and t.ent_type_ not in {"DATE", "TIME"}
               or t.text in {"%", "$", "\u00a3", "\u20ac"} for t in obj.subtree)


def _object_content(verb: Token, cue_class: str) -> Optional[tuple[list[Char], list[Token], bool]]:
    """Content that is an object: "dismissed claims that ..." (the inner clause),
    "denied the presence of ...", "called him divisive", "promised to impose ...",
    "called for an inquiry".  Returns (content, extra cue tokens, propositional)."""
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    if lemma == "put" and not any(c.dep_ == "prep" and c.lower_ == "at" for c in children):
        return None  # "put the toll at 50" estimates; "put pressure on" does not
    if obj is None and cue_class in OBJECT_CONTENT_CLASSES and any(c.dep_ == "auxpass" for c in children):
        # "Reports that ... have been refuted by the ministry": a passive subject with a
        # that-clause ("the claim could not be confirmed" stays the article's own)
        subj = next((c for c in children if c.dep_ == "nsubjpass" and c.lower_ not in PRONOUNS), None)
        if subj is not None and any(c.dep_ in {"acl", "ccomp"} and any(m.lower_ == "that" for m in c.children)
                                    for c in subj.subtree):
            obj = subj
    if obj is not None and lemma not in HEARER_VERBS and (obj.lower_ not in PRONOUNS | {"this", "that", "what"}
                                                          or any(c.dep_ == "oprd" for c in children)):
        # the that-clause of a content noun, even when the parser hung it lower
        # ("denied reports in a local newspaper that ...")
        clause = next((c for c in obj.subtree if c.dep_ in {"acl", "ccomp", "relcl"} and c.i > obj.i
                       and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)), None)
        owned = obj.dep_ == "nsubjpass" and any(c.dep_ == "poss" for c in obj.children)
        if obj.lemma_.lower() in NOUN_CUES and clause is not None and not owned:
            # "dismissed claims that ...": the noun joins the cue when it follows the verb
            return subtree_span(clause), [obj] if obj.i > verb.i else [], True
        if owned and clause is not None and obj.lemma_.lower() in NOUN_CUES:
            # "The ministry's report that ... was confirmed": the report's clause, the
            # ministry its source (see _attach_source)
            return subtree_span(clause), [], True
        if lemma == "put":
            # "put the number of missing at 60": the estimate is the figure too
            at = [c for c in children if c.dep_ == "prep" and c.lower_ == "at"]
            return subtree_span(obj) + [sp for a in at for sp in subtree_span(a)], [], True
        charge = next((c for c in children if c.dep_ == "prep" and c.lower_ == CHARGE_PREPS.get(lemma)
                       and c.i > obj.i), None)
        if charge is not None and obj.lower_ not in PRONOUNS | {"this", "that", "what"}:
            # "accused the bank of laundering money": the charge is the claim, with whom it is about
            return subtree_span(obj) + subtree_span(charge), [], True
        if cue_class in OBJECT_CONTENT_CLASSES or lemma in EVIDENTIAL_VERBS:
            return subtree_span(obj), [], True
        if lemma in EXPECTATION_VERBS and _carries_figure(obj):
            # company guidance: "expects revenue of $40 million", "is expecting $2.7 billion in
            # profit": the expected figure is the speaker's estimate, a proposition
            return subtree_span(obj), [], True
        as_phrase = next((c for c in children if c.dep_ == "prep" and c.lower_ == "as" and c.i > obj.i), None)
        if lemma in PREDICATING_VERBS and as_phrase is not None and obj.lower_ not in PRONOUNS:
            # "describes the claims as 'false and evil'": a predication (the claims are false
            # and evil), the speaker's proposition; "describes him as a friend" stays a stance
            return subtree_span(obj) + subtree_span(as_phrase), [], True
        if cue_class in {"stance", "intend"} or lemma not in SPEECH_VERBS or lemma == "say":
            extra = [c for c in children if c.dep_ in {"oprd", "xcomp", "acomp"} and c.i > obj.i]
            return subtree_span(obj) + [sp for e in extra for sp in subtree_span(e)], [], False
    answer = next((c for c in children if c.dep_ == "intj" and c.lower_ in {"yes", "no"}), None)
    if answer is not None and lemma in SPEECH_VERBS:
        return subtree_span(answer), [], False  # "75 percent of Democrats said yes"
    xcomp = next((c for c in children if c.dep_ == "xcomp"), None)
    perfect = xcomp is not None and xcomp.tag_ == "VBN" and xcomp.left_edge.i == verb.i + 1 \
        and xcomp.left_edge.lower_ == "having" and xcomp.left_edge.dep_ == "aux"  # "denied having taken"
    if xcomp is not None and (lemma in SPEECH_VERBS - HEARER_VERBS or lemma in GERUND_REPORTS) \
            and (xcomp.tag_ == "VBG" and xcomp.i == verb.i + 1 or perfect) \
            and not any(c.dep_ == "auxpass" for c in children):
        # "He said legalizing it could put thousands to work": a gerund subject the small
        # model hangs as the verb's complement; the clause from it on is what was said.
        # "reported spending $1.1 million", "denied taking the money", "recalled meeting
        # him": a gerund complement reports a deed
        return subtree_span(xcomp), [], True
    if xcomp is not None and cue_class == "allege" and not any(c.dep_ == "auxpass" for c in children) \
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in xcomp.children):
        # "militants claim to have captured a bundle", "claimed to be a doctor": the
        # infinitive is what the subject claims of itself
        return subtree_span(xcomp), [], True
    if xcomp is not None and not any(c.dep_ == "auxpass" for c in children) \
            and (cue_class in {"intend", "stance", "believe"} or lemma in HEARER_VERBS):
        return subtree_span(xcomp), [], False
    if cue_class == "stance" or lemma in PREP_CUES:
        for prep in children:
            if prep.dep_ == "prep" and prep.lower_ in PREP_CUES.get(lemma, STANCE_PREPS):
                pobj = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None)
                if pobj is not None and pobj.lower_ not in PRONOUNS and pobj.ent_type_ not in {"DATE", "TIME"}:
                    # "spoke on Tuesday" is when, not what about
                    return subtree_span(pobj), [prep], False
    if lemma in SPEECH_VERBS - HEARER_VERBS or cue_class in OBJECT_CONTENT_CLASSES or lemma in {"report", "repeat", "mention"}:
        # "he said that.", "after half said so", "which he denied": the words stand in a
        # pronoun (PolNeAR marks the pronoun as the content); a stance's target, never a claim
        pro = next((c for c in children if c.lower_ in PRO_CONTENTS and (c.dep_ == "dobj" or c.lower_ == "so"
                                                                          and c.dep_ == "advmod")), None)
        if pro is not None:
            return [(pro.idx, pro.idx + len(pro))], [], False
    return None


def _raised_passive(verb: Token) -> Optional[tuple[list[Char], list[Token]]]:
    """"X is expected to ...", "X is said to have ...": the raised subject and the
    infinitive are the content, around the cue; the source is unnamed."""
    if verb.lemma_.lower() not in PASSIVE_RAISING:
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    if subj is None or xcomp is None or subj.lower_ == "it":
        return None
    aux = [c for c in verb.children if c.dep_ == "auxpass"]
    return subtree_span(subj) + subtree_span(xcomp), aux


def _no_one(tok: Token) -> bool:
    """"nothing", "nobody", "no one", "none", "no person": a head that denies any referent."""
    if tok.lower_ in {"nothing", "nobody", "none", "noone"}:
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children) and tok.pos_ in {"NOUN", "NUM", "PRON"}


def _as_put_it(verb: Token) -> Optional[tuple[list[Char], list[Token]]]:
    """'..., as X put it': X's wording of what precedes (a comment clause of manner).  The
    content is the quotation just before "as" when there is one ('"cooking the books," as the
    opposition leader put it'), else the clause it hangs from.  Returns (content, cue tokens)."""
    it = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "it"), None)
    mark = next((c for c in verb.children if c.dep_ == "mark" and c.lower_ == "as"), None)
    if it is None or mark is None or verb.dep_ != "advcl" or verb.head.i > verb.i or _subject(verb) is None:
        return None
    doc = verb.doc
    k = next((t.i for t in doc[verb.i + 1:min(verb.i + 9, verb.sent.end)] if t.is_quote), None)
    if k is not None and doc[k - 1].text == ",":
        # 'being seen, as the magazine put it, "the operator."': the wording follows
        # (the closing mark after a full stop may open the parser's next sentence)
        end = next((t.i for t in doc[k + 1:min(len(doc), verb.sent.end + 2)] if t.is_quote), None)
        if end is not None and end - k > 1:
            span = char_span(doc[k:end + 1])
            return ([span], [verb, it]) if span else None
    i = mark.i - 1
    while i > verb.sent.start and doc[i].is_punct and not doc[i].is_quote:
        i -= 1
    if doc[i].is_quote:
        # the closing mark (punctuation may sit inside it); find its opening mark
        j = i - 1
        while j >= verb.sent.start and not doc[j].is_quote:
            j -= 1
        if j >= verb.sent.start and i - j > 1:
            # the smallest clause holding the quotation, up to its closing mark (PolNeAR
            # marks 'the requirement is a "lawful source of income,"' for 'as a memo put it')
            start, last = j, i - 1
            while last > j + 1 and doc[last].is_punct:
                last -= 1  # the comma inside the closing mark hangs elsewhere
            holders = [
                t for t in verb.sent if t.pos_ in {"VERB", "AUX"} and t.dep_ != "aux"
                and t.left_edge.i <= j + 1 and t.right_edge.i >= last and t.i != verb.i
                and any(c.dep_ in SUBJECTS for c in t.children)]
            if holders:
                clause = min(holders, key=lambda t: t.right_edge.i - t.left_edge.i)
                subj = next(c for c in clause.children if c.dep_ in SUBJECTS)
                start = min(subj.left_edge.i, j)
            span = char_span(doc[start:i + 1])
            if span:
                return [span], [verb, it]
    content = subtree_span(verb.head, exclude=[verb])
    return (content, [verb, it]) if content else None


def _zero_that_on_hearer(verb: Token) -> Optional[Token]:
    """The complement clause after "to HEARER" with "that" left out, misparsed as a relative
    clause on the hearer: no relative word, a subject of its own, and no gap (an object or a
    clause filled, no preposition left stranded), which a real relative clause would have."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" and c.i > verb.i):
        for hearer in (c for c in prep.children if c.dep_ == "pobj"):
            for rel in (c for c in hearer.children if c.dep_ == "relcl" and c.i > hearer.i):
                kids = list(rel.children)
                if any(k.tag_ in {"WDT", "WP", "WP$", "WRB"} or k.lower_ == "that" for k in kids):
                    continue
                if not any(k.dep_ in {"nsubj", "nsubjpass"} for k in kids):
                    continue
                if not any(k.dep_ in {"dobj", "ccomp", "attr", "acomp"} for k in kids):
                    continue
                if any(t.dep_ == "prep" and not any(c.dep_ in {"pobj", "pcomp"} for c in t.children)
                       for t in rel.subtree):
                    continue  # "the minister his officials had talked to": a stranded preposition
                return rel
    return None


def _anyone(verb: Token) -> bool:
    """Whether a negated cue's speaker is "any X"/"anyone" ("is not disputed by any analyst",
    "hasn't anyone denied it"): negation with "any" names no one (= "no analyst disputes"),
    so no one speaks.  Method: negative polarity items under clausal negation."""
    agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    for who in agents + ([subj] if subj is not None else []):
        if who.lower_ in {"anyone", "anybody"} or any(c.dep_ == "det" and c.lower_ == "any" for c in who.children):
            return True
    return False


def _agentive_passive(verb: Token) -> list[Char]:
    """"The meeting was first reported by Politico", "The bill, opposed by House
    Republicans, ...": a passive cue with a "by" agent is the agent's report or stance on
    the passive subject (or on the noun the participle modifies); the agent is the source
    (``_attach_source``).  The content is a noun phrase, a stance's target, not a claim."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is None or not any(c.dep_ == "pobj" for c in agent.children):
        return []
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subj is not None:
        return [] if subj.lower_ in PRONOUNS | {"which", "that", "who"} else subtree_span(subj)
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in {"NOUN", "PROPN"}:
        return subtree_span(verb.head, exclude=[verb])
    return []


def _interrupted_clause(verb: Token) -> list[Char]:
    """A parenthetical cue ("The industry, she said, is doing better"; "..., he said."
    without quote marks): the clause it hangs from, minus the cue's own words."""
    subj = _subject(verb)
    if subj is not None and verb.doc[subj.left_edge.i - 1].lower_ == "the" and subj.left_edge.i > 1 \
            and verb.doc[subj.left_edge.i - 2].text == ",":
        subj_start = subj.left_edge.i - 1  # "..., the Independent reports.": the article hangs on the verb
    else:
        subj_start = subj.left_edge.i if subj is not None else 0
    if verb.head.i == verb.i and subj is not None and subj_start > verb.sent.start + 2 \
            and verb.doc[subj_start - 1].text == "," and not any(
                c.dep_ in {"ccomp", "xcomp"} or c.dep_ == "dobj" and verb.lemma_.lower() not in HEARER_VERBS
                for c in verb.children) \
            and not any(t.text == ":" or t.is_quote for t in verb.doc[verb.i + 1:verb.sent.end]):
        # the cue closes the sentence ("..., the admiral told the panel."); a colon or a
        # quote after it opens what was said instead
        # "Ship lost 60 containers, coastguard says": the parse made the cue the root
        if any(c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} for c in verb.children) \
                or sum(1 for t in verb.doc[verb.i + 1:verb.sent.end] if not t.is_punct) > 12:
            # "As X notes, the CEO was put in charge of ... and has been splitting ...": a
            # cue that closes a sentence does not go on into a predicate of its own
            return []
        before = verb.doc[verb.sent.start:subj_start - 1]
        # A verb, with or without a parsed subject (headlinese "Cargo ship 'lost' 60
        # containers, coastguard confirms" may leave it none)
        if not any(t.pos_ in {"VERB", "AUX"} for t in before):
            return []  # "Like most parties, they didn't think about ...": a fronted phrase, no clause said
        span = char_span(before)
        return [span] if span else []
    if verb.dep_ not in {"parataxis", "ccomp", "advcl"} or verb.head.i == verb.i:
        return []
    if verb.dep_ == "ccomp" and (verb.i > verb.head.i or any(c.dep_ == "mark" for c in verb.children)):
        return []  # a complement clause, not a parenthetical
    as_mark = any(m.dep_ == "mark" and m.lower_ == "as" for m in verb.children)
    # "As (first) reported by Reuters, ...": a passive "as" clause whose agent speaks ("as
    # expected by analysts" is a stance on what happened, no report of it)
    by_agent = verb.dep_ == "advcl" and as_mark and verb.tag_ == "VBN" \
        and VERB_CUES.get(verb.lemma_.lower()) == "report" and any(
        c.dep_ == "agent" and any(p.dep_ == "pobj" for p in c.children) for c in verb.children)
    if not any(c.dep_ == "nsubj" for c in verb.children) and not by_agent and (
            _subject(verb) is None or _subject(verb).dep_ != "compound"):
        return []  # "officers had been identified" reports nothing
    if verb.dep_ == "advcl" and not as_mark:
        return []  # "As the Post reported, ..." but not "when asked about ..."
    own = [c for c in verb.children if c.dep_ not in {"conj", "cc"}]
    if _subject(verb) is None and not by_agent or sum(sum(1 for _ in c.subtree) for c in own) > 12:
        return []
    if any(c.dep_ in {"ccomp", "xcomp"} or c.dep_ == "dobj" and verb.lemma_.lower() not in HEARER_VERBS
           for c in verb.children):
        return []
    return subtree_span(verb.head, exclude=[verb])


def _quoted_as_saying(verb: Token) -> Optional[Token]:
    """"X is quoted by a paper as saying that ...", "X was cited as saying": the passive
    verb over "as saying", or None."""
    if verb.dep_ != "pcomp" or verb.head.lower_ != "as":
        return None
    quoted = verb.head.head
    if quoted.lemma_.lower() in {"quote", "cite", "report", "record", "hear"} and any(
            c.dep_ in {"nsubjpass", "dobj"} for c in quoted.children):
        return quoted
    return None


def _quotes_as_saying(verb: Token) -> bool:
    """Whether ``verb`` is the "quoted"/"cited" of "the paper quoted a source as saying
    ...": its object is the speaker of the "as saying" relation, not its content."""
    return verb.lemma_.lower() in {"quote", "cite"} and any(
        c.dep_ == "prep" and c.lower_ == "as" and any(p.dep_ == "pcomp" for p in c.children)
        for c in verb.children)


def _attach_source(att: Attribution, verb: Token, passive: bool = False) -> None:
    if passive:
        return
    quoted = _quoted_as_saying(verb)
    if quoted is not None:
        subj = next((c for c in quoted.children if c.dep_ == "nsubjpass"), None)
        if subj is None:
            # active: "The Daily Mail quoted a source as saying ...": the object speaks,
            # the subject passes it on
            subj = next(c for c in quoted.children if c.dep_ == "dobj")
            outlet = _subject(quoted)
            by = outlet if outlet is not None and outlet.lower_ not in PRONOUNS else None
        else:
            agent = next((c for c in quoted.children if c.dep_ == "agent"), None)
            by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        att.source, att.source_token = char_span(subj.subtree), subj.i
        if by is not None:
            att.via.append(char_span(by.subtree))
        att.cue = (quoted.idx, verb.idx + len(verb))
        return
    owner = next((c for c in verb.children if c.dep_ == "nsubjpass" and c.lemma_.lower() in NOUN_CUES), None)
    poss = next((c for c in owner.children if c.dep_ == "poss"), None) if owner is not None else None
    if poss is not None and not any(c.dep_ == "agent" for c in verb.children) \
            and att.content and owner.idx + len(owner) <= att.content[0][0]:
        # "The ministry's report that ... was confirmed": the ministry reported it
        att.source = char_span(t for t in poss.subtree if not (t.dep_ == "case" and t.head.i == poss.i))
        att.source_token = poss.i
        return
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    subj = by if by is not None else _subject(verb)
    prev = verb.doc[verb.i - 1] if verb.i > 0 else None
    if subj is None and prev is not None and prev.dep_ == "pobj" and prev.pos_ in {"PROPN", "NOUN"} \
            and prev.head.lower_ in {"after", "before", "since", "until", "as", "when", "while", "because"}:
        subj = prev  # "after the Sunday Times reported ...": the conjunction read as a preposition
    if subj is None and verb.lemma_.lower() == "ask" and verb.tag_ == "VBN" and verb.dep_ == "advcl":
        return  # "Asked about the polls, Trump said ...": the asker is unnamed
    if subj is None:
        subj = _governing_subject(verb)
    if subj is None:
        subj = _misparsed_speaker(verb)
    if subj is not None and subj.dep_ == "nsubjpass" and (subj.head.i == verb.i or subj.lower_ in PRONOUNS
                                                          and subj.lower_ not in {"he", "she", "they", "i", "we"}):
        subj = None  # "X was told that ..." is no speaker; "Trump was forced ... and said" is
    if subj is None or subj.lower_ in {"it", "there"} and subj.dep_ in {"nsubjpass", "expl"}:
        return
    if subj.lower_ in {"it", "that", "this", "which"} and verb.lemma_.lower() in {"appear", "seem"}:
        return  # "it seems that ...": no one is the source
    if verb.dep_ in {"relcl", "acl"} and subj.i == verb.head.i:
        toks = [t for t in subj.subtree if not any(a.i == verb.i for a in [t] + list(t.ancestors))]
    else:
        toks = list(subj.subtree)
    att.source = char_span(toks)
    att.source_token = subj.i


def _source_outside_quotes(att: Attribution, verb: Token, quotes: list[Quote]) -> None:
    """A speaker is never inside the words quoted: when the parser took a source from
    inside a quotation ('"..., nothing you can do, folks," Trump said'), the speaker is the
    noun phrase between the quotation and the cue ('" Mr. Daniloff, now 81, said'), or the
    name after an inverted cue ('"...," said Robin Maynard, half joking').  Method: the
    quotation marks bound the speaker, as in Pareti's (2016) quote attribution."""
    if _inside((verb.idx, verb.idx + len(verb)), quotes):
        return
    doc = verb.doc
    prev = doc[verb.i - 1] if verb.i > verb.sent.start else None
    src_span = doc.char_span(att.source[0], att.source[1], alignment_mode="expand") if att.source else None
    clause_source = src_span is not None and src_span.root.pos_ in {"VERB", "AUX"}
    if clause_source and att.source[1] <= verb.idx and prev is not None and prev.text == "," \
            and verb.tag_ in {"VBD", "VBZ", "VBP"} and verb.lemma_.lower() in SPEECH_VERBS | {"report", "tweet", "note"}:
        # "The rejection signals the end for the EU, said Geert Wilders": the inverted
        # speaker after the cue, not the clause before it
        toks = _speaker_after(verb)
        if toks and any(t.pos_ == "PROPN" or t.pos_ == "NOUN" and t.dep_ in {"nsubj", "dobj", "attr", "npadvmod", "dep", "appos"}
                        for t in toks):
            att.source = char_span(toks)
            att.source_token = next((t.i for t in reversed(toks) if t.pos_ == "PROPN"), toks[-1].i)
            return
    if att.source is None:
        if prev is not None and (prev.is_quote or prev.text == ",") and verb.tag_ in {"VBD", "VBZ"}:
            # '"...," said Oversight ranking Democrat Elijah Cummings (D-Md.).': the
            # inverted speaker the parser did not attach
            toks = _speaker_after(verb)
            if toks:
                att.source = char_span(toks)
                att.source_token = next((t.i for t in reversed(toks) if t.pos_ == "PROPN"), toks[-1].i)
        return
    q = next((q for q in quotes if q.start <= att.source[0] < q.end), None)
    if q is None:
        return
    if att.source[1] > q.end:
        # "''They were professionals,'' William M. Daley, ... said": the name after the quote
        rest = [t for t in doc[verb.sent.start:verb.sent.end] if q.end <= t.idx and t.idx + len(t) <= att.source[1]]
        span = char_span(rest)
        if span is not None:
            att.source = span
            att.source_token = next((t.i for t in rest if t.pos_ == "PROPN"), rest[-1].i)
        return
    between = [t for t in doc[verb.sent.start:verb.i] if t.idx >= q.end]
    if q.end <= verb.idx and between and any(t.is_alpha for t in between):
        toks = between
    else:
        toks = _speaker_after(verb)
        if not toks:
            att.source = att.source_token = None
            return
    span = char_span(toks)
    if span is None:
        att.source = att.source_token = None
        return
    head = max(toks, key=lambda t: (t.pos_ in {"PROPN", "NOUN", "PRON"}, -abs(t.head.i - verb.i) if t.head.i == verb.i else -99))
    att.source, att.source_token = span, head.i


def _speaker_after(verb: Token) -> list[Token]:
    """The noun phrase right after an inverted cue ("said Robin Maynard, half joking"), up
    to the first punctuation, verb or preposition; empty when it names no one."""
    toks = []
    for t in verb.doc[verb.i + 1:verb.sent.end]:
        if t.is_punct and t.text not in {"(", ")", "-", "."} or t.is_space or t.is_quote \
                or t.pos_ in {"VERB", "AUX", "ADP", "SCONJ", "CCONJ"} and t.lower_ not in SPEAKER_PARTICLES:
            break
        toks.append(t)
    while toks and toks[-1].is_punct:
        toks.pop()
    if not toks or toks[0].pos_ not in {"PROPN", "NOUN", "DET", "ADJ", "PRON"} \
            or not any(t.pos_ in {"PROPN", "NOUN", "PRON"} for t in toks) or len(toks) > 12 \
            or toks[0].ent_type_ in {"DATE", "TIME"} or toks[0].lower_ in {"on", "in", "this", "last", "that"}:
        return []
    return toks


def _final_inverted_speaker(verb: Token, quotes: list[Quote]) -> Optional[Token]:
    """'..., reported Mail Online.', '..., said the ministry.': a past or present cue after a
    comma whose object is a name or a definite noun phrase closing the sentence is an
    inverted speaker, not a content object (news inversion; the small model can even
    take a word of the clause before for the cue's subject).  Returns the speaker's head."""
    doc = verb.doc
    if verb.tag_ not in {"VBD", "VBZ"} or verb.i < verb.sent.start + 3 or doc[verb.i - 1].text != "," \
            or verb.lemma_.lower() not in SPEECH_VERBS | {"report", "write", "note"} \
            or any(c.dep_ in {"ccomp", "xcomp"} for c in verb.children) \
            or any(t.is_quote for t in doc[verb.sent.start:verb.i]) or _inside((verb.idx, verb.idx + len(verb)), quotes):
        return None  # quotations keep their own speaker rules
    obj = next((c for c in verb.children if c.dep_ in {"dobj", "attr", "npadvmod"} and c.i > verb.i), None)
    if obj is None or obj.left_edge.i != verb.i + 1 or not (obj.pos_ == "PROPN" or any(
            c.dep_ == "det" and c.lower_ == "the" for c in obj.children)):
        return None
    end = obj.right_edge.i + 1
    if end < verb.sent.end and not (doc[end].is_punct and doc[end].text in {".", "!", "?"}):
        return None  # the cue's own clause goes on: no inversion
    return obj


def _misparsed_speaker(verb: Token) -> Optional[Token]:
    """Speakers the small model attaches wrongly in news inversions: '"...," added the
    source' (parsed as an object) and '..., a source with access to X said' (parsed as
    an apposition inside the content)."""
    doc = verb.doc
    after = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    if after is not None and (after.pos_ == "PROPN" or after.is_title and after.pos_ == "ADV") and after.head.i == verb.i \
            and after.dep_ in {"advmod", "npadvmod", "attr", "dep", "nsubj"} and verb.i > 0 \
            and (doc[verb.i - 1].is_quote or doc[verb.i - 1].text == ","):
        return after  # '"...," said Skelly': the inverted speaker the parser left as a modifier
    content = next((c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i), None)
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is not None and verb.lemma_.lower() not in HEARER_VERBS and (
            content is not None or doc[verb.i - 1].is_quote or doc[verb.i - 1].text == ","):
        return obj
    end = verb.i - 1
    if end >= 0 and doc[end].text == ",":
        end -= 1  # "X, founder of Y, tells Z"
    if end < 0:
        return None
    # the largest noun phrase that ends right before the verb
    best = None
    for cand in [doc[end]] + list(doc[end].ancestors):
        if cand.i >= verb.i or cand.right_edge.i > end or cand.left_edge.i < end - 15:
            break
        if cand.pos_ in {"NOUN", "PROPN"} and (cand.dep_ in {"appos", "npadvmod", "dep", "conj"}
                                               or cand.dep_ == "dobj" and cand.head.pos_ != "VERB"):
            best = cand
    return best


# verbs whose "to X" names the outlet spoken to: "told to", "explained to Sky News",
# "confirmed to the BBC", "admitted to the Guardian"
VIA_VERBS = {"speak", "talk", "say", "tell", "explain", "confirm", "admit", "reveal", "insist", "complain"}


def _attach_via(att: Attribution, verb: Token) -> None:
    """Intermediaries: "told the Financial Times", "speaking to Reuters", "in an
    interview with the BBC"."""
    kids = list(verb.children)
    for c in kids:
        target = None
        if c.dep_ in {"dobj", "dative"} and verb.lemma_.lower() == "tell":
            if c.dep_ == "dobj" and any(d.dep_ == "dative" and d.i + 1 == c.left_edge.i for d in kids):
                continue  # "told KHOU 11 News": one name the parser split, taken with the dative
            dobj = next((d for d in kids if d.dep_ == "dobj" and d.left_edge.i == c.i + 1), None)
            if c.dep_ == "dative" and dobj is not None:
                # the hearer's words only, not a clause the parser hung on the object
                toks = [c] + [t for t in dobj.subtree if not any(
                    a.dep_ in {"ccomp", "relcl", "acl"} and a.i != dobj.i for a in [t] + list(t.ancestors)
                    if a.i in {x.i for x in dobj.subtree})]
                span = char_span(toks)
                if span:
                    att.via.append(span)
                continue
            target = c
        elif c.dep_ == "prep" and c.lower_ in {"to", "with"} and verb.lemma_.lower() in VIA_VERBS:
            target = next((p for p in c.children if p.dep_ == "pobj"), None)
        elif c.dep_ == "prep" and c.lower_ == "in":
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() == "interview":
                w = next((p for p in pobj.children if p.dep_ == "prep" and p.lower_ == "with"), None)
                target = next((p for p in w.children if p.dep_ == "pobj"), None) if w is not None else None
        if target is not None and any(t.ent_type_ in {"ORG", "PERSON", "GPE", "WORK_OF_ART"} or t.pos_ == "PROPN"
                                      for t in target.subtree):
            span = char_span(target.subtree)
            if span:
                att.via.append(span)


def according_to_attributions(doc: Doc, quotes: list[Quote]) -> list[Attribution]:
    """"according to X": the source is the object of "to", the content the clause the
    phrase modifies, minus the phrase itself."""
    found = []
    for tok in doc:
        if tok.lower_ != "according":
            continue
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        if to is None and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
        if to is None or _inside((tok.idx, tok.idx + 1), quotes):
            continue
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        clause = tok.head
        while clause.dep_ not in {"ROOT", "ccomp", "conj", "advcl"} and clause.head.i != clause.i and clause.pos_ not in {"VERB", "AUX"}:
            clause = clause.head
        if clause.i == tok.i or _sentence_final(tok):
            # "Nine people were killed when the bridge gave way, according to the fire
            # service": the phrase closing the sentence vouches for all of it
            clause = tok.sent.root
        exclude = [tok] if tok in clause.subtree else []
        content = subtree_span(clause, exclude) if clause.i != tok.i else []
        if not content:
            continue
        att = Attribution(content=content, cue=(tok.idx, to.idx + len(to)), cue_class="report",
                          cue_token=tok.i, method="according-to")
        if pobj is not None:
            # "the Odessa American, who first reported ...": a non-restrictive relative
            # clause describes the source, it is not part of its name
            rel = [t for c in pobj.children if c.dep_ == "relcl" and doc[c.left_edge.i - 1].text == ","
                   for t in [doc[c.left_edge.i - 1]] + list(c.subtree)]
            att.source = char_span([t for t in pobj.subtree if t not in rel])
            att.source_token = pobj.i
        found.append(att)
    return found


def support_noun_attributions(doc: Doc, quotes: list[Quote]) -> list[Attribution]:
    """"Rubio offered the crowd an emotional evaluation of the state of politics", "Smith
    delivered a critique of Clinton's handling of Benghazi": a support verb
    (``SUPPORT_VERBS``) whose object is a communication noun (``communication_nouns.txt``).
    The cue is the verb, the content the object noun phrase (a stance's target, not a
    claim), the source the verb's subject."""
    found = []
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in SUPPORT_VERBS or _inside((verb.idx, verb.idx + 1), quotes):
            continue
        take = verb.lemma_.lower() == "take"
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i
                    and (c.lemma_.lower() in TAKE_NOUNS if take else c.lemma_.lower() in COMMUNICATION_NOUNS - TAKE_NOUNS)), None)
        if obj is None:
            continue
        content = subtree_span(obj)
        cue = (verb.idx, verb.idx + len(verb))
        if take:
            # "took aim at Clinton", "took issue with the plan": the target, after the noun
            prep = next((c for c in list(verb.children) + list(obj.children) if c.dep_ == "prep" and c.i > obj.i
                         and c.lower_ in {"at", "on", "with", "against"}), None)
            clause = next((c for c in obj.subtree if c.dep_ in {"acl", "ccomp"} and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
            target = clause or next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None) if prep is not None or clause is not None else None
            if target is None:
                continue
            content = subtree_span(target)
            cue = (verb.idx, (prep or obj).idx + len(prep or obj)) if clause is None else (verb.idx, obj.idx + len(obj))
        if not content:
            continue
        att = Attribution(content=content, cue=cue, cue_class="report",
                          cue_token=verb.i, negated=_negated(verb), method="support-noun", propositional=False)
        _attach_source(att, verb)
        if att.source is None or doc[att.source_token].lower_ in {"it", "this", "that", "you", "which"}:
            continue
        found.append(att)
    return found


def poll_attributions(doc: Doc, quotes: list[Quote]) -> list[Attribution]:
    """"In the latest CNN/ORC poll, he fell to 10 percent", "Clinton leads in national
    polls": a finding stated "in" a poll or survey (``poll_nouns.txt``) is the poll's.  The
    cue is "in", the source the poll's noun phrase, the content the clause the phrase sits
    in, minus the phrase (PolNeAR's convention, Newell et al. 2018)."""
    found = []
    for prep in doc:
        if prep.lower_ != "in" or prep.dep_ != "prep" or _inside((prep.idx, prep.idx + 1), quotes):
            continue
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.lemma_.lower() not in POLL_NOUNS and pobj.lower_ not in POLL_NOUNS:
            continue
        if (pobj.tag_ == "NNS" or pobj.lower_ == "polling") and not any(
                c.dep_ in {"prep", "acl", "relcl", "conj"} or c.i < pobj.i and c.dep_ not in {"det", "amod", "compound"}
                for c in pobj.children) and sum(1 for c in pobj.children if c.i < pobj.i) <= 2:
            # "a wide lead in the polls", "in national polls": polls in general, a standing,
            # no one poll's finding (PolNeAR train sample: 4 of 19 annotated, against 16 of
            # 24 for one poll); "some polls in the Middle West" names its polls
            continue
        clause = next((a for a in prep.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        if clause is None and prep.i == prep.sent.start:
            clause = prep.sent.root  # "In the latest survey, 71 percent of ...": a misparsed root
        if clause is None:
            continue
        content = subtree_span(clause, exclude=[prep])
        if not content or sum(1 for _ in clause.subtree) - sum(1 for _ in prep.subtree) < 3:
            continue
        found.append(Attribution(content=content, cue=(prep.idx, prep.idx + len(prep)), cue_class="report",
                                 cue_token=prep.i, source=char_span(pobj.subtree), source_token=pobj.i,
                                 method="poll"))
    return found


def _sentence_final(tok: Token) -> bool:
    """A phrase set off by a comma that ends its sentence (only punctuation after it)."""
    sent = tok.sent
    prev = tok.doc[tok.i - 1] if tok.i > sent.start else None
    if prev is None or prev.text not in {",", "-", "--"}:
        return False
    return all(t.is_punct or t.is_space for t in tok.doc[tok.right_edge.i + 1:sent.end])


def figure_attributions(doc: Doc, quotes: list[Quote]) -> list[Attribution]:
    """"The Red Cross raised the death toll to more than 700", "the council put the figure at
    662 with 82 still missing": a figure verb (figure_verbs.txt) with a figure noun object
    (figure_nouns.txt) and an "at"/"to" number gives an estimate whose source is the subject.
    The claim is the figure statement from the verb on (the verb says what the figure is);
    the cue is the verb and its object noun ("raised the death toll", "put the figure at").
    Method: a dependency pattern with a linear search for the number, since the small model
    often hangs "at 713" on a participle inside the object."""
    found = []
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in FIGURE_VERBS or _inside((verb.idx, verb.idx + 1), quotes):
            continue
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
        if obj is None or obj.lemma_.lower() not in FIGURE_NOUNS:
            continue
        figure = None
        for tok in verb.doc[obj.i + 1:verb.sent.end]:
            if tok.dep_ in {"mark", "cc"} or tok.text in {";", ":"} or tok.is_quote:
                break  # another clause begins: its figure is not this verb's
            if tok.lower_ in {"at", "to"} and tok.dep_ == "prep" and verb in tok.ancestors:
                pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
                if pobj is not None and any(t.like_num for t in pobj.subtree):
                    figure = (tok, pobj)
                    break
        if figure is None:
            continue
        prep, pobj = figure
        inside = {t.i for t in pobj.subtree}
        end = pobj.i
        while end + 1 in inside and not (doc[end + 1].is_punct or doc[end + 1].dep_ in {"mark", "cc", "advcl", "relcl"}
                                         or doc[end + 1].lower_ in {"as", "while", "when", "after", "before"}):
            end += 1  # "to more than 700 per cent", not "..., as rescuers searched": a clause is no figure
        after = end + 1
        if after < verb.sent.end and doc[after].lower_ == "with" and any(t.like_num for t in doc[after:min(after + 3, verb.sent.end)]):
            # "at 662 with 82 still missing": the toll report's second figure
            end = after
            while end + 1 < verb.sent.end and not (doc[end + 1].is_punct or doc[end + 1].dep_ in {"mark", "cc"}):
                end += 1
        cue_tokens = [verb, obj] + ([prep] if prep.i == obj.i + 1 else [])
        att = Attribution(content=[(verb.idx, doc[end].idx + len(doc[end]))], cue=char_span(cue_tokens),
                          cue_class="estimate", cue_token=verb.i, negated=_negated(verb), method="figure")
        _attach_source(att, verb)
        if att.source is None:
            continue  # "the toll was raised to 40": no one named gives it
        found.append(att)
    return found


def _light_key(tok: Token) -> str:
    return tok.lower_ if tok.lower_ in {"clear", "plain", "known"} else tok.lemma_.lower()


def light_verb_attributions(doc: Doc, quotes: list[Quote]) -> list[Attribution]:
    """Support-verb constructions with "make": "made the case that ...", "made the point
    that ...", "made it clear that ...", "made clear Monday they ...", "made no mention of
    X", "made comments about X".  The cue is "make" through its noun or adjective
    (``cues.tsv``, part of speech "light"); the content is the that-clause (a
    proposition) or the object of the noun's preposition (a stance's target); the
    source is the subject of "make"."""
    found = []
    for verb in doc:
        if verb.lemma_.lower() != "make" or verb.pos_ not in {"VERB", "AUX"} or _inside((verb.idx, verb.idx + 1), quotes):
            continue
        word = next((c for c in verb.children if _light_key(c) in LIGHT_CUES and c.i > verb.i and (
            c.dep_ == "dobj" and c.pos_ == "NOUN" or c.dep_ in {"ccomp", "oprd", "acomp", "amod", "xcomp", "dep"}
            and c.lower_ in {"clear", "plain", "known"})), None)
        if word is None:
            continue
        clause = next((c for c in word.subtree if c.dep_ in {"acl", "ccomp", "advcl", "relcl"} and c.i > word.i
                       and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
        if clause is None and word.lower_ in {"clear", "plain", "known"}:
            # "made clear Monday they have no plans": the clause hangs on the verb
            clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > word.i), None)
        propositional, cue_end = True, word
        if clause is None:
            prep = next((c for c in word.children if c.dep_ == "prep" and c.lower_ in STANCE_PREPS), None)
            clause = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None) if prep is not None else None
            if clause is None or clause.lower_ in PRONOUNS:
                continue
            propositional, cue_end = False, prep
        content = subtree_span(clause)
        if not content:
            continue
        att = Attribution(content=content, cue=(verb.idx, cue_end.idx + len(cue_end)),
                          cue_class=LIGHT_CUES[_light_key(word)], cue_token=verb.i, negated=_negated(verb)
                          or any(c.lower_ == "no" and c.dep_ == "det" for c in word.children),
                          method="light-verb", propositional=propositional)
        _attach_source(att, verb)
        if att.source is None or doc[att.source_token].lower_ in {"it", "this", "that", "you"}:
            continue  # "it makes clear that ...": a document or a fact, no speaker named
        found.append(att)
    return found


def believed_if_attributions(doc: Doc, quotes: list[Quote]) -> list[Attribution]:
    """"..., if the rumours are to be believed" / "if reports are to be believed": the
    main clause is reported by the subject of the condition (the rumours, the reports,
    a named paper), not hypothetical.  The cue is the condition itself."""
    found = []
    for tok in doc:
        if tok.lemma_.lower() != "believe" or tok.dep_ != "xcomp" or not any(
                c.dep_ == "auxpass" for c in tok.children):
            continue
        be = tok.head
        mark = next((c for c in be.children if c.dep_ == "mark" and c.lower_ == "if"), None)
        subj = _subject(be)
        if mark is None or subj is None or be.dep_ != "advcl" or _inside((tok.idx, tok.idx + 1), quotes):
            continue
        main = be.head
        content = subtree_span(main, exclude=[be])
        cue = char_span([t for t in be.subtree if t.i > subj.right_edge.i])
        if not content or cue is None:
            continue
        found.append(Attribution(content=content, cue=cue, cue_class="report", cue_token=tok.i,
                                 source=char_span(subj.subtree), source_token=subj.i, method="believed-if"))
    return found


def noun_cue_attributions(doc: Doc, quotes: list[Quote]) -> list[Attribution]:
    """Nominal cues with a that-clause: "the claim that ...", "Russia's denial that ...".
    The source is the possessor, a "by" agent, or the subject of the verb that governs
    the noun ("officials made the claim that ...")."""
    found = []
    for noun in doc:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in NOUN_CUES:
            continue
        if _inside((noun.idx, noun.idx + 1), quotes):
            continue
        clause = next((c for c in noun.children if c.dep_ in {"acl", "ccomp", "relcl"}
                       and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)), None)
        if clause is None:
            clause = _misread_claim_clause(noun)
        cue_end = noun
        propositional = True
        if clause is None:
            # a stance noun with its target: "her message of gun control", "a proposal to ban"
            clause = next((c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VB"
                           and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
            prep = next((c for c in noun.children if c.dep_ == "prep"
                         and c.lower_ in NOUN_PREPS.get(noun.lemma_.lower(), ())), None)
            if clause is None and prep is not None:
                clause = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None)
                cue_end = prep
            propositional = False
        if clause is None:
            continue
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() in VERB_CUES and propositional:
            continue  # handled with the verb ("dismissed claims that")
        att = Attribution(content=subtree_span(clause), cue=(noun.idx, cue_end.idx + len(cue_end)),
                          cue_class=NOUN_CUES[noun.lemma_.lower()], cue_token=noun.i, method="noun",
                          propositional=propositional)
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is None:
            by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"by", "from"}), None)
            owner = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
        if owner is None and noun.dep_ in {"dobj", "pobj"} and propositional \
                and not (noun.dep_ == "pobj" and noun.head.lower_ in CIRCUMSTANCE_PREPS):
            verb = noun.head if noun.dep_ == "dobj" else noun.head.head
            owner = _subject(verb) if verb.pos_ in {"VERB", "AUX"} else None
        if owner is not None and owner.lower_ in POSSESSIVE_PRONOUNS and noun.dep_ == "pobj":
            clause_verb = next((a for a in noun.ancestors if a.pos_ in {"VERB", "AUX"}), None)
            owner = (_subject(clause_verb) if clause_verb is not None else None) or owner
        if owner is not None and owner.lower_ not in {"it", "there", "this"}:
            att.source = char_span(t for t in owner.subtree if not (t.dep_ == "case" and t.head.i == owner.i))
            att.source_token = owner.i
        possessed = owner is not None and owner.dep_ == "poss" and owner.lower_ not in POSSESSIVE_PRONOUNS \
            and noun.lemma_.lower() in COMMITMENT_NOUNS
        if att.content and (propositional or possessed):
            # stance nouns with any holder ("her message of ...") matched PolNeAR train
            # 6 times in 25: below what a relation must reach to raise F1, so only a named
            # possessor's commitment or call is kept ("Pence's call for a special prosecutor",
            # "Obama's pledge to remove all troops"; 8 of 12 on a train sample, where
            # attacks, views and positions matched 4 of 23)
            found.append(att)
    return found


def _misread_claim_clause(noun: Token) -> Optional[Token]:
    """The that-clause of a claim noun after a circumstance preposition that the parser
    read as a relative clause ("defended himself against claims that he lied to
    investors": "that" as the object of "lied"; "amid claims she had lied"): a clause
    straight after the noun, with a subject of its own, whose verb does not take claims
    as its object (``claim_object_verbs.txt``: "the claims that he made" is relative).
    Method: the complement/relative distinction of Huddleston & Pullum (2002, ch. 12),
    read off the verb's valency, since the small model's arcs do not separate them."""
    if noun.lemma_.lower() not in CLAIM_NOUNS or noun.dep_ != "pobj" or noun.head.lower_ not in CIRCUMSTANCE_PREPS:
        return None
    for c in noun.children:
        if c.dep_ not in {"acl", "relcl"} or c.pos_ not in {"VERB", "AUX"} or c.left_edge.i != noun.i + 1:
            continue
        kids = list(c.children)
        first = noun.doc[noun.i + 1]
        if first.lower_ == "that" and first.dep_ not in {"dobj", "mark"}:
            continue  # "claims that surfaced last week": "that" is the subject of a relative
        if first.lower_ != "that" and first.tag_ in {"WDT", "WP", "WP$", "WRB"}:
            continue  # "claims which ...", "allegations who ..."
        if not any(k.dep_ in {"nsubj", "nsubjpass"} and k.lower_ not in {"that", "which", "who"} for k in kids):
            continue
        if c.lemma_.lower() in CLAIM_OBJECT_VERBS:
            continue
        return c
    return None


def adjective_cue_attributions(doc: Doc, quotes: list[Quote]) -> list[Attribution]:
    """Predicative adjectives of belief or stance: "X is confident that ...", "X was
    critical of ...", "X is eager to ...".  The source is the copula's subject."""
    found = []
    for adj in doc:
        if adj.pos_ != "ADJ" or adj.dep_ not in {"acomp", "oprd"} or adj.lemma_.lower() not in ADJ_CUES:
            continue
        if _inside((adj.idx, adj.idx + 1), quotes):
            continue
        subj = _subject(adj.head)
        if subj is None or subj.lower_ in {"it", "there", "this", "that"}:
            continue
        clause = next((c for c in adj.children if c.dep_ in {"ccomp", "xcomp"}), None)
        if clause is None:
            # "She is certain that the vote was rigged": the parser hangs the clause on the copula
            clause = next((c for c in adj.head.children if c.dep_ == "ccomp" and c.i > adj.i), None)
        if clause is not None and clause.dep_ == "xcomp" and adj.lemma_.lower() in RAISING_ADJECTIVES:
            continue  # "the candidates are certain to be pressed": a prediction, not their belief
        cue_end, propositional = adj, clause is not None and clause.dep_ == "ccomp"
        if clause is None:
            prep = next((c for c in adj.children if c.dep_ == "prep" and c.lower_ in STANCE_PREPS | {"over", "that"}), None)
            clause = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None) if prep is not None else None
            cue_end = prep if clause is not None else adj
        if clause is None:
            continue
        content = subtree_span(clause)
        if not content:
            continue
        found.append(Attribution(content=content, cue=(adj.idx, cue_end.idx + len(cue_end)),
                                 cue_class=ADJ_CUES[adj.lemma_.lower()], cue_token=adj.i,
                                 source=char_span(subj.subtree), source_token=subj.i, method="adjective",
                                 negated=any(c.dep_ == "neg" for c in adj.head.children),
                                 propositional=propositional))
    return found


def _capitalised(tok: Token) -> bool:
    """A capitalised word, or a name that opens with a digit ("9to5Mac", "7News")."""
    return tok.text[:1].isupper() or tok.text[:1].isdigit() and any(c.isupper() for c in tok.text)


def colon_attributions(doc: Doc, quotes: list[Quote]) -> list[Attribution]:
    """Headline and transcript style "Graham: Trump's rhetoric is destroying the party",
    "TAPPER: Do you think ...": a capitalised name of one to five words opening a line, a
    colon, then what the named speaker says, to the line's end.  Lines are read as text,
    not as parsed sentences: the small model splits after the colon and tags a headline's
    "Trump" as a common noun.  Datelines ("New Delhi: ...") and page labels ("Update:",
    "Editor's Note:", ``colon_labels.txt``) are no speakers, nor are section headings of
    three or more title-case words that name no one ("The Gap Goes On: ...")."""
    found = []
    text = text_of(doc)
    pos = 0
    for line in text.split("\n"):
        l_start, pos = pos, pos + len(line) + 1
        colon_at = line.find(":", 0, 80)
        if colon_at <= 0 or not line[:1].strip():
            continue
        span = doc.char_span(l_start, l_start + len(line), alignment_mode="expand")
        if span is None:
            continue
        colon = next((t for t in span[:8] if t.text == ":" and t.idx == l_start + colon_at), None)
        if colon is None or colon.i == span.start:
            continue
        speaker = doc[span.start:colon.i]
        words_ = [t for t in speaker if any(c.isalnum() for c in t.text)]
        if not 1 <= len(words_) <= 5 or len(speaker.text) < 2 or not _capitalised(speaker[0]):
            continue
        # "Clinton camp: ...", "Trump aide: ...": a name with a speaker noun after it
        described = len(words_) > 1 and words_[-1].lemma_.lower() in SPEAKER_NOUNS
        if not all(_capitalised(t) or t.lower_ in SPEAKER_PARTICLES or described for t in words_) \
                or any(t.is_punct and t.text not in ".-'\u2019&" for t in speaker):
            continue
        if words_[-1].lower_ in COLON_LABELS or words_[0].lower_ in COLON_LABELS:
            continue  # "Update: ...", "Editor's Note: ...", "WATCH: ..."
        if len(words_) >= 3 and not described and not any(
                t.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} for t in words_):
            continue  # "Little Relief for Refugees: ...": a section heading in title case, no one named
        names = [t for t in words_ if t.ent_type_ or t.pos_ == "PROPN"]
        if names and all(t.ent_type_ in {"GPE", "LOC"} for t in names):
            continue  # "New Delhi: The government on Friday ...": a dateline, not a speaker
        rest = [t for t in doc[colon.i + 1:span.end] if not t.is_space]
        if not rest and any(t.pos_ == "PROPN" or t.ent_type_ for t in words_):
            # "9to5Mac:" alone on its line: the blog convention for an excerpt, the next
            # paragraph is what the named outlet or person wrote
            nxt = text.find("\n", l_start + len(line))
            while nxt >= 0 and nxt + 1 < len(text) and text[nxt + 1] == "\n":
                nxt += 1
            if nxt >= 0:
                para_end = text.find("\n", nxt + 1)
                para = doc.char_span(nxt + 1, para_end if para_end >= 0 else len(text), alignment_mode="expand")
                if para is not None and not (para.text.find(":", 0, 60) > 0 and para.text.find(":", 0, 60)
                                             == len(para.text.rstrip()) - 1):
                    rest = [t for t in para if not t.is_space]
        content = char_span(rest)
        if content is None or len(rest) < 4 or _inside((colon.idx, colon.idx + 1), quotes):
            continue
        inner = _inside(content, quotes)
        if inner is not None and inner.start < content[0] - 1:
            continue  # a line inside someone's quotation
        if inner is not None:
            # "Trump: 'I'm the Worst Thing That Ever Happened to the Establishment'": the
            # quotation after the colon is what the named speaker said
            content = (inner.start, inner.end)
        found.append(Attribution(content=[content], cue=(colon.idx, colon.idx + 1), cue_class="report",
                                 source=(speaker.start_char, speaker.end_char), source_token=speaker.root.i,
                                 cue_token=colon.i, method="colon"))
    return found


def link_quotes(doc: Doc, quotes: list[Quote], atts: list[Attribution]) -> list[Attribution]:
    """Quotes not yet inside any content: give each the nearest reporting verb outside
    quotes in its own sentence or the neighbouring ones ('..., he said.', 'X added: "..."');
    a quote with no cue near it that follows an attributed quote continues that one."""
    covered = [a.span for a in atts]
    cue_users = {a.cue_token for a in atts if a.cue_token is not None}
    out = list(atts)
    last_direct: Optional[Attribution] = None
    for q in sorted(quotes, key=lambda q: q.start):
        if any(s < q.end and q.start < e for s, e in covered):
            # already someone's content; a quote that is the content makes its speaker
            # the one a following cue-less quote continues
            covering = [a for a in out if a.span[0] < q.end and q.start < a.span[1]]
            if covering and not any(a.propositional for a in covering):
                # a phrase quoted inside a stance ("kept telling us to 'take terrorism
                # seriously'"): no new statement, so the quoted speaker before it goes on
                continue
            last_direct = next((a for a in out if a.span[0] < q.end and q.start < a.span[1]
                                and a.span[0] >= q.start - 1), None)
            continue
        if q.end - q.start < 4 or _is_scare_quote(doc, q):
            continue
        sig = _signature(text_of(doc), q)
        if sig is not None:
            # '"We will not go back." -- Jane Smith, director': the signed name is the speaker
            dash, source = sig
            tok = doc.char_span(source[0], source[1], alignment_mode="expand")
            att = Attribution(content=[(q.start, q.end)], cue=dash, cue_class="report", source=source,
                              source_token=tok.root.i if tok is not None else None, kind="direct",
                              method="signature")
            out.append(att)
            last_direct = att
            continue
        verb = _cue_near_quote(doc, q, quotes, cue_users)
        if verb is not None:
            att = Attribution(content=[(q.start, q.end)], cue=char_span([verb] + [c for c in verb.children if c.dep_ == "prt"]),
                              cue_class=VERB_CUES[verb.lemma_.lower()], cue_token=verb.i,
                              negated=_negated(verb), kind="direct", method="quote")
            _attach_source(att, verb)
            _source_outside_quotes(att, verb, quotes)
            _attach_via(att, verb)
            cue_users.add(verb.i)
            out.append(att)
            last_direct = att
        elif last_direct is not None and _continues(text_of(doc), last_direct, q) \
                or _speaker_before(text_of(doc), out, q) is not None:
            if last_direct is None or not _continues(text_of(doc), last_direct, q):
                last_direct = _speaker_before(text_of(doc), out, q)
            root = last_direct.parent or last_direct
            cont = Attribution(content=[(q.start, q.end)], cue=root.cue, cue_class=root.cue_class,
                               source=root.source, via=root.via, kind="direct", negated=root.negated,
                               cue_token=root.cue_token, source_token=root.source_token,
                               method="continuation", parent=root)
            out.append(cont)
            last_direct = cont
    return out


# dashes: "--", em, en, the horizontal bar (U+2015) and a hyphen; spaces may be no-break
SIGNATURE = re.compile(r"[ \t\u00a0]*\n?[ \t]*\n?[ \t]*(--|\u2014|\u2013|\u2015|-)[ \t\u00a0]*"
                       r"([A-Z][\w.'\u2019-]*(?:[ \t\u00a0]+(?:[A-Z][\w.'\u2019-]*|of|the|de|van|von|al))*"
                       r"(?:,[ \t]+[^\n.!?\"\u201c\u201d]{2,80})?)[ \t\u00a0]*\.?[ \t]*(?=\n|$)")


# '"We will not go back," Smith.': a quotation closed by a bare name and a full stop
BARE_NAME = re.compile(r"[ \t]+(?!(?:Mr|Ms|Mrs|Dr|Rep|Sen|Gov|Gen|Lt|Col|Sgt|St|Prof|Rev)\.)"
                       r"([A-Z][\w'\u2019-]+(?:[ \t]+[A-Z][\w'\u2019-]+){0,3})\.[ \t]*(?=\n|$)")


def _signature(text: str, q: Quote) -> Optional[tuple[Char, Char]]:
    """A quotation signed with a dash and a name that ends the line ('"..." -- Jane Smith,
    director' or the name on the next line, '- Bernie Sanders.'): the epigraph and
    pull-quote convention.  Returns (dash span, name span) or None."""
    m = SIGNATURE.match(text, q.end)
    if m is None:
        bare = BARE_NAME.match(text, q.end)
        if bare is not None and text[q.end - 2:q.end - 1] in {",", "!", "?"}:
            # the name itself is the attribution: no verb, no dash (the cue is the name's span)
            return (bare.start(1), bare.end(1)), (bare.start(1), bare.end(1))
        return None
    if len(m.group(2).split()) > 14:
        return None
    end = m.end(2)
    if text[end - 1] == "." and len(text[m.start(2):end].split()[-1]) > 3:
        end -= 1  # the full stop after the name, not an initial's ("Bernie Sanders.", "George H.W.")
    return (m.start(1), m.end(1)), (m.start(2), end)


def _speaker_before(text: str, atts: list[Attribution], q: Quote) -> Optional[Attribution]:
    """A cue-less quote paragraph right after a paragraph that ends with someone's
    reported speech ("Sarah Jones said the effect was small.\n'It is a modest
    result.'") continues that speaker: news convention for a quote that follows."""
    if not _starts_paragraph(text, q.start):
        return None
    before = [a for a in atts if a.source is not None and a.propositional and a.span[1] <= q.start]
    if not before:
        return None
    last = max(before, key=lambda a: a.span[1])
    gap = text[last.span[1]:q.start]
    rest = re.sub(r"[\s.,;:!?\"'\u201d\u2019)]", "", gap)
    return last if not rest and 1 <= gap.count("\n") <= 2 else None


def _continues(text: str, prev: Attribution, q: Quote) -> bool:
    """A quote with no cue of its own continues the previous quoted speaker when it opens
    the next paragraph, or follows in the same paragraph right after that speaker's
    sentence ('"...," a spokeswoman said. "We are ..."')."""
    gap = text[prev.span[1]:q.start].lstrip(",.!?\"\u201d ")  # the previous quote's own closing
    if _starts_paragraph(text, q.start):
        return q.start - prev.span[1] < 600 and gap.count("\n") <= 2
    return "\n" not in gap and '"' not in gap and len(gap) < 200


def _starts_paragraph(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] == "\n"


def _is_scare_quote(doc: Doc, q: Quote) -> bool:
    """Short quoted fragments inside a sentence ('a "step towards escalation"') are not
    quotations with a speaker of their own: fewer than four words and no final
    punctuation inside the marks."""
    inner = text_of(doc)[q.start + 1:q.end - 1].strip()
    return len(inner.split()) < 4 and not inner[-1:] in ".!?,"


def _quote_cue(t: Token) -> bool:
    """A verb that can introduce a quotation: a cue verb, "rule" as "rule out" or a verdict
    ("ruled it 'true'", "ruled that ..."), not as reign ("the one ring to rule them all")."""
    return t.pos_ in {"VERB", "AUX"} and t.lemma_.lower() in VERB_CUES and not (
        t.lemma_.lower() == "rule" and not any(c.lower_ == "out" or c.dep_ in {"ccomp", "oprd"}
                                               or c.dep_ == "dobj" and c.lower_ == "it" for c in t.children))


def _cue_near_quote(doc: Doc, q: Quote, quotes: list[Quote], used: set[int]) -> Optional[Token]:
    """The reporting verb nearest to ``q`` outside any quote, in the sentence holding
    the quote's start or end, or the sentence before a quote that opens a paragraph."""
    first = doc.char_span(q.start, q.start + 1, alignment_mode="expand")
    last = doc.char_span(q.end - 1, q.end, alignment_mode="expand")
    if first is None or last is None:
        return None
    sents = {first[0].sent.start: first[0].sent, last[0].sent.start: last[0].sent}
    candidates = []
    for sent in sents.values():
        for t in sent:
            if _quote_cue(t) and t.i not in used \
                    and not _inside((t.idx, t.idx + len(t)), quotes) and not (q.start <= t.idx < q.end):
                dist = q.start - t.idx if t.idx < q.start else t.idx - q.end
                candidates.append((dist, t))
    nxt = last[0].sent.end
    if not candidates and nxt < len(doc) and "\n" not in text_of(doc)[q.end:doc[nxt].idx] \
            and doc[nxt].sent.end - nxt <= 12:
        # '"...," he said.' split by the parser after the quote: the short next sentence
        for t in doc[nxt].sent:
            if _quote_cue(t) and t.i not in used \
                    and not any(c.dep_ in {"ccomp", "xcomp"} or c.dep_ == "dobj" and t.lemma_.lower() not in HEARER_VERBS
                                for c in t.children):
                # '"...!" he told the cheering crowd.': a hearer object is no content of its own
                candidates.append((t.idx - q.end, t))
    if not candidates:
        # 'X added:' closing the previous paragraph, then the quote
        prev = first[0].sent.start - 1
        if prev >= 0 and doc[prev].sent.text.rstrip().endswith(":"):
            for t in doc[prev].sent:
                if _quote_cue(t) and t.i not in used:
                    candidates.append((q.start - t.idx, t))
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[0])[1]


# -- assembly ------------------------------------------------------------------------

def repair_cue_lemmas(doc: Doc) -> None:
    """Verb lemmas the small model's lemmatizer gets wrong on a cue ("hopes" -> "hop"):
    when a verb's lemma is no cue but its form is a regular inflection of a cue lemma
    ("-s", "-es", "-d", "-ed", "-ing", with a final "e" restored), the cue lemma is
    written back.  Method: suffix stripping (Porter-style) checked against the cue
    lexicon, so only forms of listed cues change.  A cue form tagged as a plural noun
    but parsed as the verb of an "as" clause with a subject ("As the minister notes,")
    is retagged a verb first."""
    for tok in doc:
        if tok.tag_ == "NNS" and tok.dep_ in {"advcl", "ccomp", "ROOT"} and tok.lemma_.lower() in VERB_CUES \
                and any(c.dep_ == "nsubj" for c in tok.children) and any(
                    c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
            # "As the minister notes, ...": tagged a plural noun, parsed as a verb with a
            # subject; the arcs outvote the tag
            tok.pos_, tok.tag_ = "VERB", "VBZ"
        elif tok.tag_ in {"NNS", "VBZ"} and tok.dep_ == "ROOT" and tok.lemma_.lower() in VERB_CUES \
                and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children) \
                and tok.i + 1 < len(doc) and doc[tok.i + 1].text in {".", "!"} and tok.i >= 3:
            # "..., the Independent reports.": the clause-final cue read as a noun phrase
            # "the Independent reports" (or its subject as a modifier of the verb); the
            # capitalised modifier is its subject
            name = [c for c in tok.children if c.dep_ in {"amod", "compound"} and c.i < tok.i
                    and c.text[:1].isupper()]
            first = min([c.i for c in tok.children if c.i < tok.i and c.dep_ in {"det", "amod", "compound"}],
                        default=tok.i)
            if name and doc[first - 1].text == ",":
                tok.pos_, tok.tag_ = "VERB", "VBZ"
                name[-1].dep_ = "nsubj"
        if tok.pos_ not in {"VERB", "AUX"} or tok.lemma_.lower() in VERB_CUES:
            continue
        form = tok.lower_
        for suffix, add in (("ies", "y"), ("es", "e"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", "e"),
                            ("ed", ""), ("d", ""), ("ing", "e"), ("ing", "")):
            if form.endswith(suffix) and len(form) > len(suffix) + 2:
                stem = form[: -len(suffix)] + add
                if stem in VERB_CUES and stem != tok.lemma_.lower():
                    tok.lemma_ = stem
                    break


HEADLINE_WORDS = words("headline_function_words.txt")
WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")


def _cue_form(word: str) -> bool:
    """Whether ``word`` (lower case) is a cue verb or a regular inflection of one."""
    if word in VERB_CUES or word in {"says", "said", "told", "tells", "thinks", "thought", "wrote", "writes"}:
        return True
    return any(word.endswith(suf) and word[: -len(suf)] + add in VERB_CUES for suf, add in (
        ("es", "e"), ("es", ""), ("s", ""), ("ed", "e"), ("ed", ""), ("d", ""), ("ing", "e"), ("ing", "")))


def headline_attributions(doc: Doc) -> list[Attribution]:
    """A title-case first line ("Conservative Icon Morton Blackwell Endorses Ted Cruz"):
    the small model reads its capitalised verbs as names, so the line is parsed again in
    sentence case -- minor words (``headline_function_words.txt``) and cue verb forms lower-
    cased, names kept -- and its relations are read from that parse (same offsets; token
    indices are mapped back onto ``doc``)."""
    text = text_of(doc)
    end = text.find("\n")
    line = text[:end] if end > 0 else ""
    found = WORD.findall(line)
    if len(found) < 3 or sum(w[0].isupper() for w in found[1:]) < 0.6 * (len(found) - 1):
        return []
    new = WORD.sub(lambda m: m.group().lower() if m.start() > 0 and (
        m.group().lower() in HEADLINE_WORDS or _cue_form(m.group().lower())) else m.group(), line)
    if new == line or len(new) != len(line):
        return []
    from .nlp import get_nlp
    nlp = get_nlp()
    sub = nlp(new, disable=[n for n, _ in nlp.pipeline if n.startswith("claimledger_") and n != "claimledger_paragraphs"])
    raw = doc.user_data.get("raw")
    sub.user_data["raw"] = raw[:len(line)] if raw else None
    sub.user_data["headline_pass"] = True
    out = []
    for att in extract_attributions(sub):
        for name in ("cue_token", "source_token"):
            i = getattr(att, name)
            if i is not None:
                t = sub[i]
                span = doc.char_span(t.idx, t.idx + len(t), alignment_mode="expand")
                setattr(att, name, span.root.i if span is not None else None)
        out.append(att)
    return out


def extract_attributions(doc: Doc) -> list[Attribution]:
    """All attributions in ``doc``, non-overlapping, in text order.

    Quotes come from the original text when ``doc.user_data['raw']`` holds it (curly
    marks tell direction), else from the doc's own text."""
    repair_cue_lemmas(doc)
    raw = doc.user_data.get("raw") or text_of(doc)
    quotes = find_quotes(raw)
    quotes = quotes + find_single_quotes(raw, quotes)
    quotes = sorted(quotes + find_straight_single_quotes(raw, quotes), key=lambda q: q.start)
    atts = figure_attributions(doc, quotes)
    atts += verb_cue_attributions(doc, quotes)
    atts += according_to_attributions(doc, quotes)
    atts += noun_cue_attributions(doc, quotes)
    atts += adjective_cue_attributions(doc, quotes)
    atts += colon_attributions(doc, quotes)
    atts += believed_if_attributions(doc, quotes)
    atts += light_verb_attributions(doc, quotes)
    atts += poll_attributions(doc, quotes)
    atts += support_noun_attributions(doc, quotes)
    if not doc.user_data.get("headline_pass"):
        head = headline_attributions(doc)
        if head:
            # the sentence-case reading replaces the title-case one on the headline
            end = text_of(doc).find("\n")
            atts = [a for a in atts if a.cue is None or a.cue[0] >= end] + head
    kept = _drop_nested(atts, text_of(doc))
    # relations inside another's content stay available to readers that want them
    # (event factuality reads the innermost cue); the record and PolNeAR use ``kept``
    doc.user_data["nested_attributions"] = [a for a in atts if a not in kept]
    atts = link_quotes(doc, quotes, kept)
    _attach_citations(doc, atts, quotes)
    _strip_datelines(doc, atts)
    for att in atts:
        att.content = _to_quote_edges(att.content, quotes)
        _set_kind(att, quotes)
        if att.kind == "direct" and len(att.content) == 1:
            q = _overlapping_quote(att.span, quotes)
            att.content = [(q.start, q.end)] if q else att.content
    return sorted(_drop_nested(atts, text_of(doc)), key=lambda a: a.span[0])


# "WASHINGTON (Reuters) - ", "LONDON, Oct 3 (Reuters) - ", "LAGOS, Nigeria (AP) — ", "NEW YORK -- ": a
# capitalised place, optional comma-separated region or date, optional (agency), a dash,
# opening a paragraph (AP and Reuters style books' dateline)
DATELINE = re.compile(r"(?m)^[ \t]*[A-Z][A-Z.'\u2019 -]{1,40}[A-Z.](?:,[ \t]*[A-Z][\w.' -]{0,30})*[ \t]*"
                      r"(?:\([A-Z][\w .&/-]{0,40}\))?[ \t]*(?:--|\u2014|\u2013|-)[ \t]+")


def _strip_datelines(doc: Doc, atts: list[Attribution]) -> None:
    """A dateline is never a source nor part of what a source says: contents lose the
    dateline they start in, and a source inside one gives way to the cue's other subject
    ("LONDON (Reuters) - Donald Trump said": the parser makes both subjects) or is dropped."""
    text = text_of(doc)
    lines = [(m.start(), m.end()) for m in DATELINE.finditer(text)]
    if not lines:
        return
    for att in atts:
        kept = []
        for s, e in att.content:
            for a, b in lines:
                if s < b and a <= s:
                    s = b
            if e > s:
                kept.append((s, e))
        att.content = kept or att.content
        for a, b in lines:
            if att.source is not None and a <= att.source[0] < b:
                if att.source[1] <= b:
                    att.source = att.source_token = None  # "(Reuters)" is no speaker here
                    verb = doc[att.cue_token] if att.cue_token is not None else None
                    other = next((c for c in verb.children if c.dep_ in SUBJECTS and c.idx >= b), None) \
                        if verb is not None else None
                    if other is not None:
                        att.source = char_span(t for t in other.subtree if t.idx >= b)
                        att.source_token = other.i
                else:
                    att.source = (b, att.source[1])  # "WASHINGTON - Hillary Clinton": the name


def _attach_citations(doc: Doc, atts: list[Attribution], quotes: list[Quote]) -> None:
    """"The agency said ..., citing local officials", "A told B, citing C, that ...":
    the cited party is where the speaker had it from.  It is kept on ``cited`` (the
    record puts it first in the chain) and its phrase leaves the content."""
    text = text_of(doc)
    for tok in doc:
        if tok.lemma_.lower() != "cite" or tok.tag_ != "VBG" or _inside((tok.idx, tok.idx + 1), quotes):
            continue
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is None or obj.lemma_.lower() in CITED_REASONS:
            continue  # "citing confidentiality policies": a reason, not where the claim came from
        phrase = char_span(tok.subtree)
        own = next((a for a in atts if a.cue_token == tok.i and a.propositional), None)
        head = tok.head
        if own is not None and head.lemma_.lower() in VERB_CUES and tok.dep_ in {"advcl", "xcomp", "conj", "dep"}:
            # "Police said, citing witnesses, that ...": the parser hung the that-clause
            # under "citing"; the speech verb is the cue, its subject the speaker
            own.cue, own.cue_token, own.cue_class = (head.idx, head.idx + len(head)), head.i, VERB_CUES[head.lemma_.lower()]
            own.source = own.source_token = None
            _attach_source(own, head)
            own.cited.append(char_span(obj.subtree))
            continue
        owner = None
        for att in atts:
            if not att.propositional or att.cue_token is None or att.cue_token == tok.i:
                continue
            governs = any(a.i == att.cue_token for a in tok.ancestors)
            inside = any(s <= tok.idx < e for s, e in att.content)
            if governs or inside and doc[att.cue_token].sent == tok.sent:
                owner = att
                break
        if owner is None or phrase is None:
            continue
        owner.cited.append(char_span(obj.subtree))
        owner.content = _without(owner.content, phrase, text)


def _to_quote_edges(content: list[Char], quotes: list[Quote]) -> list[Char]:
    """A content that stops inside a quotation runs to the quotation's end (the parser
    ends sentences at "..." inside quotes); one that starts inside it, from its start."""
    out = []
    for s, e in content:
        for q in quotes:
            if s < q.start < e < q.end:
                e = q.end
            if q.start < s < q.end < e:
                s = q.start
        out.append((s, e))
    return out


def _quoted_after_colon(verb: Token, content: Char, quotes: list[Quote]) -> bool:
    """Whether ``content`` opens with a quotation that follows a colon after ``verb``
    within a few words ("told Sky News: '...'", "said: '...'")."""
    doc = verb.doc
    colon = next((t for t in doc[verb.i + 1:min(verb.i + 6, len(doc))] if t.text == ":"), None)
    if colon is None:
        return False
    q = next((q for q in quotes if q.start <= content[0] < q.end), None)
    return q is not None and colon.idx < q.start and text_of(doc)[colon.idx + 1:q.start].strip() == ""


def _overlapping_quote(span: Char, quotes: list[Quote]) -> Optional[Quote]:
    for q in quotes:
        if q.start <= span[0] + 1 and span[1] - 1 <= q.end:
            return q
    return None


def _set_kind(att: Attribution, quotes: list[Quote]) -> None:
    if att.kind == "direct":
        return
    s, e = att.span
    inner = [q for q in quotes if s <= q.end and q.start <= e]
    if not inner:
        att.kind = "indirect"
        return
    covered = sum(min(e, q.end) - max(s, q.start) for q in inner)
    att.kind = "direct" if covered >= 0.85 * (e - s) else "mixed"


def _drop_nested(atts: list[Attribution], text: str = "") -> list[Attribution]:
    """PolNeAR's univocal rule: a cue inside another attribution's content is part of
    that content, not a relation of its own; of two relations on one cue keep the
    first found (verb before noun)."""
    keep: list[Attribution] = []
    seen_cues: set[Char] = set()
    # a stance whose target holds a proposition's cue ("refused to deny that ...")
    # gives way to the proposition
    atts = [b for b in atts if b.propositional or not any(
        a.propositional and a.cue is not None and any(s <= a.cue[0] and a.cue[1] <= e for s, e in b.content)
        for a in atts)]
    # of two relations on one content, a named speaker's beats a sourceless frame ("we learn
    # the government has been 'cooking the books,' as the opposition leader put it")
    # (the writer's "we"/"I" outside quotation marks is a frame too: the outlet's voice)
    def framed(a: Attribution) -> bool:
        return a.source is None or text[a.source[0]:a.source[1]].lower() in {"we", "i"}

    sourced = {tuple(a.content) for a in atts if not framed(a) and a.parent is None}
    atts = [a for a in atts if not framed(a) or a.parent is not None or tuple(a.content) not in sourced]
    seen_contents: set[tuple] = set()
    for a in atts:
        if a.cue in seen_cues and a.parent is None or tuple(a.content) in seen_contents:
            continue  # one relation per cue, and per content (verb found before noun)
        inside = False
        for b in atts:
            if b is a or a.cue is None or a.parent is not None:
                continue
            if any(s <= a.cue[0] and a.cue[1] <= e for s, e in b.content):
                mutual = b.cue is not None and any(s <= b.cue[0] and b.cue[1] <= e for s, e in a.content)
                if mutual and "according-to" in {a.method, b.method} and a.method != b.method:
                    # "X thought ..., according to FOX 13", the parser hanging "according to"
                    # inside X's clause: "according to" scopes over the whole sentence
                    if a.method == "according-to":
                        continue
                elif mutual and a.span[1] - a.span[0] > b.span[1] - b.span[0]:
                    continue  # each inside the other (a parse loop): the outer one stays
                inside = True
                break
        if not inside:
            keep.append(a)
            seen_contents.add(tuple(a.content))
            if a.cue is not None:
                seen_cues.add(a.cue)
    return keep


if not Doc.has_extension("attributions"):
    Doc.set_extension("attributions", default=None)


@Language.factory("claimledger_attribution", default_config={})
def make_attribution_component(nlp: Language, name: str):
    """spaCy component: sets ``doc._.attributions``."""
    def component(doc: Doc) -> Doc:
        doc._.attributions = extract_attributions(doc)
        return doc
    return component
