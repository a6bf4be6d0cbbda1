"""Sources: from attribution source spans to one record source per referent.

Method (no coreference model is installable here, TOOLCHAIN.md): split a source noun
phrase into a proper name and a role ("US Defence Secretary Lloyd Austin" -> name
"Lloyd Austin", role "US Defence Secretary"; appositions likewise), classify its kind
from entity labels and head-noun lexicons, then resolve within the article in text
order: a surname to the full name seen earlier, a pronoun to the nearest earlier
source that agrees, a definite or "same" description ("the same intelligence",
"the minister", "the newspaper") to the nearest earlier source whose head noun, role
or kind matches.  Non-agents ("other videos show", "confirmation would suggest") get
no source: their claims are the article's own, with the evidential verb as a hedge.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc, Token

from . import coref
from .lexicons import mapping, words
from .nlp import named_entities_in, text_of
from .record import Source

SOURCE_NOUNS = mapping("source_nouns.tsv")
# Texts that speak for their author ("His statement noted", "the ministry's letter said").
DOCUMENT_NOUNS = {"statement", "letter", "tweet", "post", "email", "note", "release", "memo", "message"}
# texts with authors, as subjects of an evidential verb ("the study shows", "a post reveals")
AUTHORED_TEXTS = DOCUMENT_NOUNS | {"report", "study", "survey", "poll", "analysis", "review", "paper", "article",
                                   "document", "investigation", "audit", "research", "filing"}
MEDIA = words("media.txt")
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
GROUP_PRONOUNS = {"they", "them", "their"}
ORG_PRONOUNS = {"it", "its"}
# Outside quotation marks, "I" and "we" are the writer: a column's own voice.
AUTHOR_PRONOUNS = {"i", "we", "me", "us", "my", "our"}
# "We all know", "all of us", "we both": still the writer and the readers
AUTHOR_QUANTIFIERS = {"all", "both", "of", "ourselves", "myself", "each", "too"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
_POSSESSIVE = re.compile(r"[\u2019']s?$")


@dataclass
class Mention:
    """One source span in the text, analysed."""
    start: int
    end: int
    text: str
    name: str
    role: Optional[str]
    kind: Optional[str]  # None: not an agent
    head: str  # lowercase head lemma
    pronoun: Optional[str] = None
    anaphoric: bool = False  # "the same X", "the minister"
    surname: Optional[str] = None
    antecedent: Optional[coref.Entity] = None  # the named referent of a pronoun or description
    gender: Optional[str] = None  # of a named person, from coreference (title, given name)


@dataclass
class SourceTable:
    """Sources of one article, built mention by mention in text order."""
    sources: list[Source] = field(default_factory=list)
    heads: dict[str, set[str]] = field(default_factory=dict)  # source id -> head lemmas seen
    surnames: dict[str, str] = field(default_factory=dict)
    mentioned_at: dict[str, list[int]] = field(default_factory=dict)  # source id -> mention offsets
    seen: dict[tuple[int, int], Optional[str]] = field(default_factory=dict)  # one answer per span
    genders: dict[str, str] = field(default_factory=dict)  # source id -> m | f, from coreference

    def add(self, m: Mention) -> Optional[str]:
        """The id of the source ``m`` refers to, creating it when it is new."""
        if m.kind is None and m.pronoun is None:
            return None
        if (m.start, m.end) not in self.seen:  # a continued quote's speaker is asked again
            self.seen[(m.start, m.end)] = self._add(m)
        return self.seen[(m.start, m.end)]

    def _add(self, m: Mention) -> Optional[str]:
        found = self._resolve(m)
        if found is not None:
            self.mentioned_at.setdefault(found, []).append(m.start)
        if found is None:
            if m.pronoun is not None:
                return None
            sid = f"s{len(self.sources) + 1}"
            self.sources.append(Source(id=sid, name=m.name, role=m.role, kind=m.kind, mentions=[m.text]))
            self.heads[sid] = {m.head}
            self.mentioned_at[sid] = [m.start]
            if m.gender:
                self.genders[sid] = m.gender
            if m.surname:
                self.surnames[m.surname] = sid
            return sid
        src = next(s for s in self.sources if s.id == found)
        if m.text not in src.mentions:
            src.mentions.append(m.text)
        if m.pronoun is None:
            if m.kind == "person" and m.surname and len(m.name) > len(src.name):
                src.name = m.name
            if m.role and not src.role:
                src.role = m.role
            self.heads[found].add(m.head)
        return found

    def _resolve(self, m: Mention) -> Optional[str]:
        if m.pronoun is not None and m.antecedent is not None:
            # a named antecedent, unless a speaker the table knows was mentioned since
            # ("an AutoNation spokesman denied ... He said")
            named_at = max((x[0] for x in m.antecedent.mentions if x[0] < m.start), default=-1)
            recent = self._recent_compatible(m, after=named_at)
            found = recent if recent is not None else self._of_entity(m.antecedent)
            if m.pronoun in PERSON_PRONOUNS:
                self.genders.setdefault(found, "m" if m.pronoun in coref.MASCULINE else "f")
            return found
        if m.pronoun in PERSON_PRONOUNS:
            return self._latest(lambda s: s.kind == "person")
        if m.pronoun in GROUP_PRONOUNS:
            return self._latest(lambda s: s.kind in {"group", "government", "organization", "media"})
        if m.pronoun in ORG_PRONOUNS:
            return self._latest(lambda s: s.kind in {"organization", "government", "media"})
        if m.surname and m.surname in self.surnames:
            return self.surnames[m.surname]
        if m.surname and m.kind != "person":
            for s in reversed(self.sources):
                if s.kind == "person" and s.name.lower().split()[-1:] == [m.surname]:
                    return s.id
        key = _norm(m.name)
        for s in self.sources:
            if _norm(s.name) == key or any(_norm(x) == key for x in s.mentions):
                return s.id
        if m.kind == "person" and len(m.name.split()) == 1:
            # "Georgy" after "Georgy Myakinkin": the tabloid and sports habit of the given
            # name alone, when exactly one person named before has it
            firsts = [s for s in self.sources if s.kind == "person" and len(s.name.split()) > 1
                      and _norm(s.name.split()[0]) == key]
            if len(firsts) == 1:
                return firsts[0].id
        acronym = _acronym(m.name)
        if acronym:
            # "the SP" after "the Superintendent of Police", "the NFA" after "a spokesman
            # for the National Fire Administration": the initials of a capitalised name
            for s in reversed(self.sources):
                if any(acronym in _initials(x) for x in [s.name, s.role or ""] + list(s.mentions)):
                    return s.id
        if m.anaphoric:
            found = self._latest(lambda s: (m.head in self.heads[s.id]
                                            or (s.role and m.head in s.role.lower().split())
                                            or (m.kind == "media" and s.kind == "media"))
                                 and _modifiers_agree(m, s))
            if found is None and m.antecedent is not None:
                found = self._of_entity(m.antecedent)
            if found is None and m.kind == "person" and _modifiers(m):
                # "the railway official" after "Northern Railway ... Manager Satish Kumar": a
                # named person whose role holds the description's modifiers
                found = self._latest(lambda s: s.kind == "person" and s.role and _modifiers_agree(m, s))
            return found
        return None

    def _recent_compatible(self, m: Mention, after: int) -> Optional[str]:
        """The latest source mentioned between ``after`` and ``m`` that a pronoun ``m``
        can refer to, or None."""
        if m.pronoun in PERSON_PRONOUNS:
            gender = "m" if m.pronoun in coref.MASCULINE else "f"
            kinds = {"person"}
        else:
            gender, kinds = None, {"organization", "government", "media"}
        best, best_at = None, after
        for s in self.sources:
            at = max((p for p in self.mentioned_at.get(s.id, ()) if p < m.start), default=-1)
            if s.kind not in kinds or not best_at < at < m.start:
                continue
            said = {coref.GENDER_NOUNS.get(h) for h in self.heads.get(s.id, ())} | {self.genders.get(s.id)}
            said -= {None}
            if gender and said and gender not in said:
                continue
            best, best_at = s.id, at
        return best

    def _of_entity(self, ent: coref.Entity) -> str:
        """The source of a named entity that coreference found, created when the entity
        has not spoken before ("Ana Ruiz led the review. She said ...")."""
        key = _norm(ent.name)
        for s in self.sources:
            if _norm(s.name) == key or any(_norm(x) == key for x in s.mentions):
                return s.id
        if ent.kind == "person":
            for s in reversed(self.sources):
                if s.kind == "person" and s.name.lower().split()[-1:] == [ent.surname]:
                    if len(ent.name) > len(s.name):
                        s.name = ent.name  # "Maxwell" first as a speaker, "Dylan Maxwell" named before
                    return s.id
        sid = f"s{len(self.sources) + 1}"
        self.sources.append(Source(id=sid, name=ent.name, role=ent.role, kind=ent.kind, mentions=[ent.name]))
        if ent.gender:
            self.genders[sid] = ent.gender
        self.heads[sid] = {ent.name.split()[-1].lower()}
        if ent.kind == "person":
            self.surnames[ent.surname] = sid
        return sid

    def _latest(self, ok) -> Optional[str]:
        for s in reversed(self.sources):
            if ok(s):
                return s.id
        return None


def _modifiers(m: Mention) -> list[str]:
    """The words of a description before its head, less determiners and rank words."""
    words = [w for w in re.findall(r"[a-z]+", m.name.lower()) if w not in DETERMINERS]
    return [w for w in words[:-1] if w != m.head and w not in {"same", "senior", "top", "former", "other"}]


def _modifiers_agree(m: Mention, src: Source) -> bool:
    """A description's noun modifiers must be words of the source it refers back to: "the
    railway official" is not "a senior police official" (the head alone matches both).
    Method: the description's words before its head, looked up in the source's name, role
    and mentions (Hobbs-style head plus modifier compatibility, cf. Poesio and Vieira 1998
    on definite descriptions)."""
    mods = _modifiers(m)
    if not mods:
        return True
    known = set(re.findall(r"[a-z]+", " ".join([src.name or "", src.role or ""] + list(src.mentions)).lower()))
    return all(w in known or w.rstrip("s") in known or w + "s" in known for w in mods)


INITIALS_SKIP = {"of", "and", "for", "the", "on", "&"}


def _acronym(name: str) -> Optional[str]:
    """The name is one acronym ("the SP", "NFA"): two to six capitals, else None."""
    words_ = [w for w in re.split(r"[^\w&]+", _POSSESSIVE.sub("", name.strip())) if w and w.lower() not in DETERMINERS]
    if len(words_) == 1 and re.fullmatch(r"[A-Z]{2,6}", words_[0]):
        return words_[0]
    return None


def _initials(text: str) -> set[str]:
    """The initials of each run of capitalised words in ``text`` (linking "of", "and", "for",
    "the" inside a run) and of its stretches of two words or more: "Superintendent of
    Police" -> {"SP"}; "Prime Minister Gordon Brown" -> {"PM", "PMG", ..., "GB"}."""
    out, run = set(), []
    for w in re.findall(r"[\w&'-]+|[^\w\s]", text) + [""]:
        if w[:1].isupper() and not (run == [] and w.lower() in DETERMINERS):
            run.append(w)
        elif run and w.lower() in INITIALS_SKIP:
            continue
        else:
            out.update("".join(x[0] for x in run[i:j]) for i in range(len(run)) for j in range(i + 2, len(run) + 1))
            run = []
    return out


def _norm(name: str) -> str:
    name = _POSSESSIVE.sub("", name.strip().lower())
    words_ = [w for w in re.split(r"\W+", name) if w and w not in DETERMINERS]
    return " ".join(words_)


EVIDENTIAL = words("evidential_verbs.txt")


def analyse_mention(doc: Doc, start: int, end: int, head_i: Optional[int],
                    cue_lemma: Optional[str] = None) -> Mention:
    """Name, role, kind and head of the source span ``start``..``end``.

    A subject the lexicons cannot place is a speaker (kind from :func:`default_kind`)
    unless the cue is evidential ("footage shows"), where it is no agent (kind None)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    raw = doc.user_data.get("raw") or text_of(doc)
    head = doc[head_i] if head_i is not None and span.start <= head_i < span.end else span.root
    if len(span) == 1 and head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
        # "commentators who have suggested": the speaker is the antecedent
        antecedent = head.head.head
        toks = [t for t in antecedent.subtree if not any(a.i == head.head.i for a in [t] + list(t.ancestors))]
        span = doc[toks[0].i:toks[-1].i + 1]
        start, end, head = span.start_char, span.end_char, antecedent
    rel = next((c for c in head.children if c.dep_ == "relcl" and c.left_edge.i > head.i
                and c.left_edge.i > span.start), None)
    if rel is not None and len(span) > 1:
        # "A Utah man who chugged a quart of eggnog ... said": the relative clause describes
        # the speaker, it is not the name
        end = rel.left_edge.i
        while end > span.start + 1 and doc[end - 1].is_punct:
            end -= 1
        span = doc[span.start:end]
        start, end = span.start_char, span.end_char
    poss = next((c for c in head.children if c.dep_ == "poss"), None)
    if poss is not None and head.lemma_.lower() in DOCUMENT_NOUNS and span.start <= poss.left_edge.i:
        # "His statement noted ...", "the ministry's letter said": the text's author speaks
        owner = [t for t in poss.subtree if not (t.dep_ == "case" and t.head.i == poss.i)]
        span = doc[owner[0].i:owner[-1].i + 1]
        start, end, head = span.start_char, span.end_char, poss
    surface = raw[start:end]
    lower = head.lower_
    words_ = {t.lower_ for t in span if not t.is_punct}
    if len(span) == 1 and lower in AUTHOR_PRONOUNS or (words_ & AUTHOR_PRONOUNS and words_ <= AUTHOR_PRONOUNS | AUTHOR_QUANTIFIERS):
        return Mention(start, end, surface, surface, None, None, lower)  # the writer: no source
    if len(span) == 1 and lower == "it" and cue_lemma in EVIDENTIAL:
        # "It goes on to show ...": what shows is a thing (the video, the report), no agent
        return Mention(start, end, surface, surface, None, None, lower)
    if len(span) == 1 and lower in PERSON_PRONOUNS | GROUP_PRONOUNS | ORG_PRONOUNS:
        return Mention(start, end, surface, surface, None, None, lower, pronoun=lower,
                       antecedent=coref.antecedent(doc, start, head))
    person = _person_entity(span)
    if person is None:
        person = coref.person_name(span)  # "Dr Ana Ruiz": a title before a name NER missed
    if person is not None and MEDIA_NAME.search(person.text):
        person = None  # "Odessa American Daily"-style outlet names tagged as people
    if person is not None:
        name = _POSSESSIVE.sub("", raw[person.start_char:person.end_char]).strip()
        role = _role(raw, start, end, person.start_char, person.end_char)
        parts = name.split()
        surname = parts[-1].lower() if parts else None
        gender = next((e.gender for e in coref.entities_of(doc) if e.kind == "person" and e.surname == surname), None)
        return Mention(start, end, surface, name, role, "person", head.lemma_.lower(), surname=surname, gender=gender)
    lemma = head.lemma_.lower()
    named = _apposed_name(span, head)
    if named is not None:
        # "The ship's operator, Baltic Line Shipping": the name, with the description as role
        name = _POSSESSIVE.sub("", raw[named.start_char:named.end_char]).strip()
        return Mention(start, end, surface, _strip_determiner(name),
                       _role(raw, start, end, named.start_char, named.end_char),
                       _kind(span, head) or _kind(named, named.root) or "organization", named.root.lemma_.lower())
    name = _strip_determiner(surface)
    kind = _kind(span, head)
    if kind is None and (cue_lemma not in EVIDENTIAL or head.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
                         or looks_human(head) or head.lemma_.lower() in AUTHORED_TEXTS):
        # "footage shows" has no agent; "a community post reveals", "the study shows" do:
        # a text someone wrote is where the claim is found
        kind = default_kind(head)
    surname = None
    if head.is_title and span[-1].i == head.i and kind != "media":
        # a bare surname may refer back to a person named in full; an outlet's last word
        # is none ("CBS News" is not "Galveston Daily News")
        surname = head.lower_
    anaphoric = _is_anaphoric(span)
    antecedent = coref.antecedent(doc, start, head) if anaphoric else None
    if antecedent is not None and kind is None:
        kind = antecedent.kind
    return Mention(start, end, surface, name, None, kind, lemma, anaphoric=anaphoric, surname=surname,
                   antecedent=antecedent)


def _person_entity(span):
    """The person named in a source span: the PERSON entity holding the span's head, else
    the longest ("Pentagon Press Secretary Rear Adm. John Kirby": NER also tags "Rear")."""
    people = [ent for ent in named_entities_in(span)
              if ent.label_ == "PERSON" and any(ch.isupper() for ch in ent.text)]
    if not people:
        return None
    root = span.root
    return next((e for e in people if e.start <= root.i < e.end), max(people, key=len))


def _apposed_name(span, head: Token):
    """A named organisation or place in apposition to a descriptive head."""
    if head.pos_ == "PROPN":
        return None
    for ent in named_entities_in(span):
        if ent.label_ in {"ORG", "GPE", "NORP"} and ent.root.dep_ == "appos" and ent.root.head.i == head.i:
            return ent
    return None


def _role(raw: str, start: int, end: int, n_start: int, n_end: int) -> Optional[str]:
    """The words around a name that describe its bearer: a pre-modifier title
    ("US Defence Secretary") or an apposition (", Belarus' ... President")."""
    before = raw[start:n_start].strip(" ,")
    after = raw[n_end:end].strip(" ,")
    before = _strip_determiner(before)
    after = re.sub(r"^(?:[\u2019']s\s*)", "", after).strip(" ,")
    if re.match(r"(?:who|which|whose|whom|that)\b", after):
        after = ""  # "Ana Ruiz, who led the review": a relative clause is no role
    role = before or after
    return role or None


def _strip_determiner(text: str) -> str:
    parts = text.split(None, 1)
    if len(parts) == 2 and parts[0].lower() in DETERMINERS:
        return parts[1]
    return text


# Words that name a news outlet in its title ("Odessa American" aside): "New York Daily
# News", "The Galveston County Daily News", "Sky News", "The Des Moines Register".
MEDIA_NAME = re.compile(r"\b(?:News|Times|Post|Journal|Herald|Tribune|Gazette|Daily|Telegraph|Guardian|Mirror|"
                        r"Express|Chronicle|Courier|Observer|Register|Press|Radio|TV|Television|Broadcasting|"
                        r"Magazine|Newspaper|Agency|Wire|Dispatch|Sentinel|Inquirer|Examiner|Bulletin)\b")


def _kind(span, head: Token) -> Optional[str]:
    """person | organization | government | media | group, or None for a non-agent."""
    text = span.text.strip().lower()
    if _strip_determiner(text) in MEDIA or text in MEDIA:
        return "media"
    named = [t for t in span if t.pos_ == "PROPN"]
    if named and MEDIA_NAME.search(span.text) and any(t.i == head.i for t in named):
        return "media"  # an outlet's proper name
    if any(SOURCE_NOUNS.get(t.lemma_.lower()) == "media" and t.pos_ == "NOUN" for t in span):
        return "media"  # "Dutch broadcaster NOS", "the state news agency"
    for ent in named_entities_in(span):
        if ent.root == head or head in ent:
            if _strip_determiner(ent.text).lower() in MEDIA:
                return "media"
            if ent.label_ == "GPE":
                return "government"
            if ent.label_ == "ORG":
                lex = SOURCE_NOUNS.get(ent.root.lemma_.lower())
                return lex if lex in {"government", "media"} else "organization"
            if ent.label_ == "NORP":
                return "group"
    lemma = head.lemma_.lower()
    lower = head.lower_
    kind = SOURCE_NOUNS.get(lower) or SOURCE_NOUNS.get(lemma)
    if kind == "person" and head.tag_ in {"NNS", "NNPS"}:
        return "group"
    return kind


HUMAN_SUFFIXES = ("ers", "ors", "ists", "ians", "ants", "ents", "ees", "er", "or", "ist", "ian")
NOT_HUMAN = {"paper", "papers", "number", "numbers", "matter", "matters", "order", "orders", "center",
             "centers", "letter", "letters", "computer", "computers", "document", "documents", "report",
             "reports", "monitor", "factor", "factors", "sector", "sectors", "element", "elements",
             "statement", "statements", "comment", "comments", "event", "events", "water", "power",
             "figures", "data", "record", "records", "pictures", "photos", "images", "videos", "footage"}


def looks_human(head: Token) -> bool:
    """Agent nouns by their ending ("watchers", "commentators", "analysts", "historians"),
    for speakers of evidential verbs that the lexicons do not list."""
    low = head.lower_
    return head.pos_ == "NOUN" and low not in NOT_HUMAN and low.endswith(HUMAN_SUFFIXES)


def default_kind(head: Token) -> str:
    """The kind of a speaker the lexicons do not know: a name is an organisation, a
    plural a group, a noun that carries a gender ("his son", "the girl"; kinship and -man
    nouns of ``coref_gender_nouns.tsv``) or an -ist/-ian agent noun ("the therapist") a
    person, anything else an organisation ("the coastguard said")."""
    if head.tag_ in {"NNS", "NNPS"}:
        return "group"
    if head.lower_ in coref.GENDER_NOUNS:
        return "person"
    if head.pos_ == "NOUN" and head.lower_.endswith(("ist", "ian")) and head.lower_ not in NOT_HUMAN:
        return "person"  # "the massage therapist", "a physician"; -er/-or nouns name firms too ("the lender")
    return "organization"


def _is_anaphoric(span) -> bool:
    """A definite description without a name ("the newspaper", "the same intelligence"),
    which refers back; "The Des Moines Register" names its referent."""
    root = span.root
    if root.pos_ == "PROPN" and len(span) == 2 and span[0].lower_ == "the" and root.lower_ in coref.DESCRIPTIONS:
        return True  # "the Minister": a capitalised title, still a description
    if root.pos_ == "PROPN" and root.ent_type_ == "NORP" and root.tag_ == "NNP" and len(span) == 2 \
            and span[0].lower_ == "the":
        return True  # "the German added": a nationality for the person in focus
    if root.pos_ == "NOUN" and span[0].lower_ == "the" and coref.DESCRIPTIONS.get(root.lemma_.lower()) == "person" \
            and all(t.ent_type_ in {"ORG", "GPE", "NORP"} for t in span if t.pos_ == "PROPN"):
        return True  # "the Liverpool manager": an affiliation before a role still refers back
    if root.pos_ == "PROPN" or any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in root.children):
        return False  # "the Mirror's source" still refers back; "The Daily Register" does not
    first = span[0].lower_
    return first in {"the", "this", "that", "these", "those"} or any(t.lower_ == "same" for t in span)
