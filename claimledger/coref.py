"""Coreference for sources: who "she", "the researcher", "the 53-year-old", "his" and
"the company" are, within one article.

Method (rules over the spaCy parse and entities; no coreference model is installable
offline, TOOLCHAIN.md): collect the article's named people and organisations in text
order (NER, plus a title or a known given name before proper nouns the small model
missed), merge a bare surname or a shortened organisation name with the full name seen
earlier, and read what the text says of each: gender from a courtesy title
(``coref_titles.tsv``), a given name (``coref_given_names.tsv``) or a gendered role noun
(``coref_gender_nouns.tsv``); roles from a title before the name or an apposition
("Former minister Peter Holm", "Sarah Jones, the lead author"); an age ("Mark Ellis,
53,").  A mention is then resolved to the nearest earlier entity that agrees, in the
manner of Hobbs-style salience with agreement filters (Lappin & Leass 1994): the most
recent sentence first, a subject before other roles (a main-clause subject before all,
Lappin & Leass's non-embedding emphasis: "Trump has claimed that the bill would have
passed if Cochran was not in hospital. '...,' he said" is Trump); a pronoun's gender,
once resolved, sticks to its entity.  Definite descriptions match a role or an age first, then the
nearest entity of the kind their head noun names (``coref_descriptions.tsv``).

The component ``claimledger_coref`` stores the entities on ``doc._.coref_entities``;
:func:`antecedent` is what the source stage asks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .lexicons import mapping, words
from .nlp import named_entities

TITLES = mapping("coref_titles.tsv")
ORG_HEADS = words("organisation_heads.txt")
GIVEN_NAMES = mapping("coref_given_names.tsv")
GENDER_NOUNS = mapping("coref_gender_nouns.tsv")
DESCRIPTIONS = mapping("coref_descriptions.tsv")
GOVERNMENT_WORDS = {w for w, kind in mapping("source_nouns.tsv").items() if kind == "government"}

MASCULINE = {"he", "him", "his", "himself"}
FEMININE = {"she", "her", "hers", "herself"}
PLURAL = {"they", "them", "their", "theirs", "themselves"}
NEUTER = {"it", "its", "itself"}
DEFINITE = {"the", "this", "that"}
ENTITY_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "government", "NORP": "group"}
_AGE = re.compile(r"^(\d{1,3})(?:-year-old|-years-old)?$")
_POSSESSIVE = re.compile(r"\s*['\u2019]s?$")


@dataclass
class Entity:
    """One named referent of the article and what the text says of it."""
    name: str
    kind: str  # person | organization | government | group
    start: int  # first named mention (characters)
    end: int
    gender: Optional[str] = None  # "m" | "f"
    roles: set[str] = field(default_factory=set)  # role head words, lowercase
    role: Optional[str] = None  # the first role as written
    age: Optional[int] = None
    named: bool = True  # False: a described person with no name ("The minister spoke ...")
    # named mentions outside quotation marks: (start, sentence start, is subject); a name
    # inside a quote is in the speaker's words, not an antecedent for the narrative
    # (start, sentence start, subject: 2 of the main clause, 1 of an embedded clause, 0 none)
    mentions: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def surname(self) -> str:
        return self.name.split()[-1].lower() if self.name.split() else ""


# -- collecting entities -----------------------------------------------------------

def _title_of(tok: Token) -> Optional[str]:
    return tok.lower_.rstrip(".") if tok.lower_.rstrip(".") in TITLES else None


def _name_spans(doc: Doc) -> list[tuple[Span, str]]:
    """Named mentions in text order: NER entities, plus runs of proper nouns after a
    title or starting with a known given name that the small model left untagged
    ("Dr Ana Ruiz")."""
    cached = doc.user_data.get("coref_names")
    if cached is None:
        cached = doc.user_data["coref_names"] = _find_name_spans(doc)
    return cached


def _find_name_spans(doc: Doc) -> list[tuple[Span, str]]:
    out: list[tuple[Span, str]] = []
    covered: set[int] = set()
    for ent in named_entities(doc):
        kind = ENTITY_KINDS.get(ent.label_)
        if kind is None or not any(ch.isupper() for ch in ent.text):
            continue
        if kind == "person" and ent[0].lower_ in {"the", "a"}:
            continue
        if kind == "person" and ent.root.dep_ == "compound" and ent.start > 0 and doc[ent.start - 1].lower_ == "the" \
                and (DESCRIPTIONS.get(ent.root.head.lemma_.lower()) == "person" or ent.root.head.lower_ in GENDER_NOUNS):
            continue  # "the Mirfield man", "the Leeds mum": a place or club before a person noun, no name
        if _in_hyphen_modifier(ent[-1]):
            continue  # "the Britain-based group", "U.S.-led": a modifier of another noun, no referent
        if kind == "organization" and _titled_person(ent):
            kind = "person"
        if kind == "organization":
            ent = _with_head_noun(ent)
        out.append((ent, kind))
        covered.update(range(ent.start, ent.end))
    # the last word of a full name, past a possessive NER can take in ("Igor Ivanov's")
    surnames = {parts[-1].lower_ for ent, kind in out if kind == "person"
                for parts in [[t for t in ent if t.is_alpha and t.tag_ != "POS"]] if len(parts) > 1}
    # a known person's surname that NER tagged as a place or missed ("Hinds replied")
    out = [(ent, "person" if len(ent) == 1 and ent[0].lower_ in surnames else kind) for ent, kind in out]
    for tok in doc:
        if tok.i not in covered and tok.pos_ in {"PROPN", "NOUN"} and tok.is_title and tok.lower_ in surnames \
                and not (tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN"):
            out.append((doc[tok.i:tok.i + 1], "person"))  # "Hinds replied": a surname NER missed
            covered.add(tok.i)
    i = 0
    while i < len(doc):
        tok = doc[i]
        start = None
        if _title_of(tok) and tok.is_title and i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN":
            start = i + 1
            if doc[start].text == ".":
                start += 1
        elif tok.pos_ == "PROPN" and tok.lower_ in GIVEN_NAMES and tok.is_title:
            start = i
        elif tok.pos_ == "NOUN" and tok.is_lower and i + 2 < len(doc) and (
                DESCRIPTIONS.get(tok.lemma_.lower()) == "person" or tok.lower_ in GENDER_NOUNS) \
                and all(t.pos_ == "PROPN" and t.is_title and not t.ent_type_ for t in doc[i + 1:i + 3]):
            start = i + 1  # "Horrified mum Cai Tuan, 27, said": a role noun before two names NER missed
        if start is not None and start < len(doc) and start not in covered:
            end = start
            while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title and end - start < 4:
                end += 1
            if end > start:
                out.append((doc[start:end], "person"))
                covered.update(range(start, end))
                i = end
                continue
        i += 1
    return sorted(out, key=lambda p: p[0].start)


def _titled_person(ent: Span) -> bool:
    """An "organisation" the small model tagged that is a person's name after a role noun
    ("NHS chief executive Amanda Pritchard"): two or three capitalised proper nouns opening
    with a known given name (``coref_given_names.tsv``), right after a lowercase noun that
    describes a person (``coref_descriptions.tsv``).  "retailer John Lewis" keeps its
    organisation: a retailer is no person."""
    doc = ent.doc
    if not 2 <= len(ent) <= 3 or ent.start == 0 or ent[0].lower_ not in GIVEN_NAMES \
            or not all(t.pos_ == "PROPN" and t.is_title for t in ent):
        return False
    before = doc[ent.start - 1]
    return before.pos_ == "NOUN" and before.is_lower and DESCRIPTIONS.get(before.lemma_.lower()) == "person"


def _in_hyphen_modifier(tok: Token) -> bool:
    """A name that is the first part of a hyphenated modifier ("Britain-based", "U.S.-led",
    "Iran-backed")."""
    doc = tok.doc
    return tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].tag_ in {"VBN", "JJ"}


def _with_head_noun(ent: Span) -> Span:
    """An organisation entity together with the common head noun its name modifies
    ("the NHS trust", "the RMT union"), from the dependency parse: the entity's root is a
    compound of a following noun of ``organisation_heads.txt`` and every word up to that
    noun belongs to the same noun phrase ("the NHS foundation trust")."""
    root = ent.root
    head = root.head
    if root.dep_ != "compound" or head.i < ent.end or head.pos_ != "NOUN" \
            or head.lemma_.lower() not in ORG_HEADS:
        return ent
    doc = ent.doc
    between = doc[ent.end:head.i]
    if any(t.head.i != head.i or t.dep_ not in {"compound", "amod"} or t.pos_ not in {"NOUN", "PROPN", "ADJ"}
           for t in between):
        return ent
    return Span(doc, ent.start, head.i + 1, label=ent.label_)


def _clean_name(span: Span) -> str:
    toks = list(span)
    while toks and (_title_of(toks[0]) or toks[0].lower_ in {"the", "."}):
        toks.pop(0)
    text = "".join(t.text_with_ws for t in toks).strip() if toks else span.text
    return _POSSESSIVE.sub("", text).strip()


def _gender_of(span: Span, name: str) -> Optional[str]:
    before = span.doc[span.start - 1] if span.start > 0 else None
    for tok in ([before] if before is not None else []) + [span[0]]:
        g = TITLES.get(tok.lower_.rstrip("."))
        if g in {"m", "f"}:
            return g
    first = name.split()[0].lower() if name.split() else ""
    return GIVEN_NAMES.get(first) if len(name.split()) > 1 or first in GIVEN_NAMES else None


def _describe(ent: Entity, span: Span) -> None:
    """Roles, age and gender nouns said of the entity right where it is named: words
    before the name in its phrase ("Former minister"), an apposition either way round
    ("Sarah Jones, the lead author"; "The lead author, Sarah Jones"), "Mark Ellis, 53"."""
    root = span.root
    doc = span.doc
    role_toks: list[Token] = []
    pre = [t for t in root.subtree if t.i < span.start and t.dep_ in {"compound", "amod", "nmod", "det"}
           and t.pos_ in {"NOUN", "ADJ", "PROPN", "DET", "NUM"}]
    # a capitalised title before the name is a role too ("Housing Minister Francis ...")
    pre = [t for t in pre if t.pos_ != "PROPN" or t.lemma_.lower() in DESCRIPTIONS]
    for t in pre:
        m = _AGE.match(t.text)
        if m and t.i + 2 < span.start and doc[t.i + 1].text == "-":
            ent.age = int(m.group(1))
    descriptors = [t for t in pre if t.pos_ == "NOUN" or t.pos_ == "PROPN"]
    if descriptors:
        role_toks = [t for t in pre if t.pos_ in {"NOUN", "ADJ"}]
    for c in root.children:
        if c.dep_ == "appos" and c.i > root.i:
            if c.like_num and _AGE.match(c.text) and 10 <= int(_AGE.match(c.text).group(1)) <= 110:
                ent.age = int(_AGE.match(c.text).group(1))
            elif c.pos_ == "NOUN":
                descriptors.append(c)
                if not role_toks:
                    role_toks = [t for t in c.subtree if not t.is_punct]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        descriptors.append(root.head)
        if not role_toks:
            role_toks = [t for t in root.head.subtree if t.i < root.head.i + 1 and not t.is_punct
                         and t.dep_ != "det"]
    for d in descriptors:
        ent.roles.add(d.lemma_.lower())
        ent.roles.update(c.lemma_.lower() for c in d.children if c.dep_ == "compound" and c.pos_ == "NOUN")
        g = GENDER_NOUNS.get(d.lower_) or GENDER_NOUNS.get(d.lemma_.lower())
        if g and ent.gender is None:
            ent.gender = g
    if role_toks and ent.role is None:
        role_toks = [t for t in role_toks if t.dep_ != "det"]
        if role_toks:
            ent.role = doc[role_toks[0].i:role_toks[-1].i + 1].text


def collect_entities(doc: Doc) -> list[Entity]:
    """The article's named people and organisations, one per referent, in order of
    first mention; each records every named mention (for salience)."""
    from .attribution import find_quotes
    quotes = find_quotes(doc.user_data.get("raw") or doc.text)
    entities: list[Entity] = []
    for span, kind in _name_spans(doc):
        name = _clean_name(span)
        if not name:
            continue
        quoted = any(q.start <= span.start_char and span.end_char <= q.end for q in quotes)
        subject = span.root.dep_ in {"nsubj", "nsubjpass"} or (
            span.root.dep_ in {"appos", "compound"} and span.root.head.dep_ in {"nsubj", "nsubjpass"})
        # a subject of the main clause outranks one of a clause embedded in it ("Trump has
        # claimed that the bill would have passed if Cochran was not in hospital")
        mention = (span.start_char, span.sent.start_char, (2 if not _embedded(span.root) else 1) if subject else 0)
        ent = _same(entities, name, kind)
        if ent is None:
            ent = Entity(name=name, kind=kind, start=span.start_char, end=span.end_char,
                         gender=_gender_of(span, name) if kind == "person" else None)
            entities.append(ent)
        elif kind == "person" and len(name) > len(ent.name) and ent.surname == name.split()[-1].lower():
            ent.name = name  # "Ruiz" first, "Ana Ruiz" later
        if kind == "person" and ent.gender is None:
            ent.gender = _gender_of(span, name)
        if not quoted:
            ent.mentions.append(mention)
        _describe(ent, span)
    entities += _described_people(doc, quotes, entities)
    return entities


EMBEDDING = {"advcl", "ccomp", "relcl", "acl", "pcomp", "csubj"}


def _embedded(tok: Token) -> bool:
    """The token sits in a subordinate clause of its sentence (Lappin & Leass's
    non-embedding emphasis: a main-clause argument is more salient)."""
    return any(a.dep_ in EMBEDDING for a in [tok] + list(tok.ancestors))


def _described_people(doc: Doc, quotes, named: list[Entity]) -> list[Entity]:
    """People the narrative introduces by a description only, as subjects ("The minister
    spoke to reporters. '...,' she said"): antecedents for a pronoun, never for another
    description.  A description next to a name is that name's role, not a person of its own."""
    out: list[Entity] = []
    for tok in doc:
        if tok.dep_ not in {"nsubj", "nsubjpass"} or tok.pos_ != "NOUN" or tok.tag_ != "NN":
            continue
        if DESCRIPTIONS.get(tok.lemma_.lower()) != "person" and tok.lower_ not in GENDER_NOUNS:
            continue
        if any(c.dep_ in {"appos", "compound", "poss"} and c.pos_ == "PROPN" for c in tok.children) \
                or tok.ent_type_ or any(q.start <= tok.idx < q.end for q in quotes):
            continue
        if any(n.start <= tok.idx < n.end + 60 and n.start >= tok.sent.start_char for n in named):
            continue  # "Sarah Jones, the lead author, ...": a role
        det = next((c for c in tok.children if c.dep_ == "det"), None)
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if poss is not None and det is None:
            det = poss  # "the freelancer's mother", "his wife": a relation names a person too
        elif det is None or det.lower_ not in {"the", "a", "an"}:
            continue
        mention = (tok.idx, tok.sent.start_char, 1 if _embedded(tok) else 2)
        same = next((e for e in reversed(out) if e.name == tok.lemma_.lower()), None)
        if same is not None and det.lower_ == "the":
            same.mentions.append(mention)
            continue
        out.append(Entity(name=tok.lemma_.lower(), kind="person", start=tok.idx, end=tok.idx + len(tok),
                          gender=GENDER_NOUNS.get(tok.lower_), named=False, mentions=[mention]))
    return out


def _same(entities: list[Entity], name: str, kind: str) -> Optional[Entity]:
    low = name.lower()
    for ent in reversed(entities):
        if ent.name.lower() == low:
            return ent
    if kind == "person":
        surname = low.split()[-1]
        for ent in reversed(entities):
            if ent.kind == "person" and ent.surname == surname:
                return ent
        if " " not in low:
            # "Georgy" after "Georgy Myakinkin": the given name alone, when one person has it
            firsts = [e for e in entities if e.kind == "person" and " " in e.name
                      and e.name.lower().split()[0] == low]
            if len(firsts) == 1:
                return firsts[0]
    if kind == "organization":
        for ent in reversed(entities):
            # "Acme" after "Acme Corp", "Acme Corp" after "Acme"
            if ent.kind == "organization" and (ent.name.lower().startswith(low + " ")
                                               or low.startswith(ent.name.lower() + " ")):
                return ent
    return None


# -- resolving ---------------------------------------------------------------------

def _salience(ent: Entity, before: int, gender: Optional[str] = None) -> Optional[tuple]:
    """Rank of an entity as antecedent at ``before``: its latest sentence, then a subject
    of that sentence's main clause, then a gender known to agree over one unknown, then a
    subject of an embedded clause, then the latest position."""
    earlier = [m for m in ent.mentions if m[0] < before]
    if not earlier:
        return None
    last = max(earlier, key=lambda m: m[0])
    latest_sentence = max(m[1] for m in earlier)
    subject_there = max(m[2] for m in earlier if m[1] == latest_sentence)
    return (latest_sentence, subject_there == 2, gender is not None and ent.gender == gender, subject_there, last[0])


def _nearest(entities: list[Entity], before: int, ok, gender: Optional[str] = None) -> Optional[Entity]:
    ranked = [(s, e) for e in entities if ok(e) for s in [_salience(e, before, gender)] if s is not None]
    return max(ranked, key=lambda p: p[0])[1] if ranked else None


def antecedent(doc: Doc, start: int, head: Token) -> Optional[Entity]:
    """The named entity a pronoun, possessive or definite description at character
    ``start`` (head token ``head``) refers to, or None."""
    entities = entities_of(doc)
    if not entities:
        return None
    low = head.lower_
    if low in MASCULINE | FEMININE:
        gender = "m" if low in MASCULINE else "f"
        found = _nearest(entities, start, lambda e: e.kind == "person" and e.gender in {None, gender}, gender)
        if found is not None:
            if found.gender is None:
                found.gender = gender  # agreement decides for the rest of the article
        return found
    if low in NEUTER:
        return _nearest(entities, start, lambda e: e.kind in {"organization", "government"})
    if low in PLURAL:
        return None  # "they": groups and plural descriptions, left to the source table
    span = _phrase(head)
    if head.ent_type_ == "NORP" and head.tag_ == "NNP" and [t.lower_ for t in span] == ["the", low]:
        # "..., the German added": a nationality standing alone for a person is a sports and
        # wire-copy epithet for the person in focus, never the nation (that is "Germany")
        return _nearest([e for e in entities if e.named], start, lambda e: e.kind == "person")
    aged = any(t.lower_ == "year" for t in span) and head.lower_ == "old"  # "the 53-year-old"
    if head.pos_ != "NOUN" and not aged and not (head.pos_ == "PROPN" and head.lower_ in DESCRIPTIONS):
        return None
    if not any(t.lower_ in DEFINITE or t.lower_ == "same" for t in span if t.i < head.i):
        return None
    affiliated = False
    # "the Britain-based group": a name inside a hyphenated modifier is no affiliation
    names = [t for t in span if t.pos_ == "PROPN" and t.i != head.i and not _in_hyphen_modifier(t)]
    if names:
        if not all(t.ent_type_ in {"ORG", "GPE", "NORP", "FAC", "LOC"} for t in names):
            return None
        # "the Liverpool manager", "the Treasury spokesman": an affiliation, not a name; it
        # refers back only to someone given that role
        affiliated = True
    ages = [int(m.group(1)) for t in span for m in [_AGE.match(t.text)] if m and t.i < head.i]
    if ages or head.lower_ in {"old", "year-old"}:
        age_words = [int(t.text) for t in span if t.like_num and t.text.isdigit()]
        want = (ages or age_words or [None])[0]
        return _nearest(entities, start, lambda e: e.age is not None and e.age == want)
    lemma = head.lemma_.lower()
    entities = [e for e in entities if e.named]  # a description refers back to a name
    found = _nearest(entities, start, lambda e: lemma in e.roles)
    if found is not None or affiliated:
        return found
    kind = DESCRIPTIONS.get(lemma) or DESCRIPTIONS.get(head.lower_)
    if kind == "person" and head.tag_ == "NN":
        gender = GENDER_NOUNS.get(head.lower_)
        return _nearest(entities, start, lambda e: e.kind == "person" and e.gender in {None, gender}
                        if gender else e.kind == "person")
    if kind == "organization" and head.tag_ == "NN":
        if any(c.dep_ == "poss" and c.pos_ in {"NOUN", "PROPN"} for c in head.children):
            # "the government's disaster council": a body owned by another entity is a new
            # one, not a back-reference to the last organization named
            return None
        named = _nearest(entities, start, lambda e: e.kind == "organization" and lemma in e.name.lower().split())
        if lemma not in GOVERNMENT_WORDS:
            # "The Ministry of Health said ... The company denied": a firm, a club or a
            # charity is never a government body named before it
            return named or _nearest(entities, start, lambda e: e.kind == "organization" and not _governmental(e))
        return named or _nearest(entities, start, lambda e: e.kind == "organization")
    return None


def _governmental(ent: Entity) -> bool:
    """A ministry, department or other body whose name holds a government noun of
    ``source_nouns.tsv`` ("Ministry of Health", "Department of Transport")."""
    return any(w in GOVERNMENT_WORDS for w in ent.name.lower().split())


def _phrase(head: Token) -> list[Token]:
    return [t for t in head.subtree if t.i <= head.i or t.dep_ in {"compound"}]


def entities_of(doc: Doc) -> list[Entity]:
    """The entities of ``doc``: set by the component, or collected on first use."""
    if doc._.coref_entities is None:
        doc._.coref_entities = collect_entities(doc)
    return doc._.coref_entities


def person_name(span: Span) -> Optional[Span]:
    """A person's name inside ``span`` that NER missed or mislabelled: proper nouns after a
    courtesy title or opening with a known given name ("Dr Ana Ruiz, who led the review"),
    a name after a role noun tagged as an organisation ("NHS chief executive Amanda
    Pritchard"), a known person's surname tagged as an organisation ("Maxwell told ...")."""
    for named, kind in _name_spans(span.doc):
        if kind == "person" and span.start <= named.start and named.end <= span.end \
                and not any(e.start == named.start and e.label_ == "PERSON" for e in named_entities(span.doc)):
            return named
    return None


if not Doc.has_extension("coref_entities"):
    Doc.set_extension("coref_entities", default=None)


@Language.factory("claimledger_coref", default_config={})
def make_coref_component(nlp: Language, name: str):
    """spaCy component: sets ``doc._.coref_entities`` (see :func:`collect_entities`)."""
    def component(doc: Doc) -> Doc:
        doc._.coref_entities = collect_entities(doc)
        return doc
    return component
