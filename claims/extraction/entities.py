"""Who a speaker phrase names: split titles from names, resolve pronouns and short forms.

A document is read in order; the tracker remembers the people, organisations, outlets and
anonymous sources mentioned so far, so "he", "Trump", "the President", "the official" and
"the outlet" resolve to someone introduced earlier.
"""

import functools
import re
from dataclasses import dataclass

from claims.extraction import lexicon

CAPITALISED = re.compile(r"^(?:[A-Z][\w’'.\-]*|[A-Z]\.)$")


@dataclass
class Entity:
    name: str
    kind: str  # person, organization, outlet, anonymous
    role: str = ""
    head: str = ""  # an anonymous source's noun: "official", "spokesperson"
    organization: str = ""
    gender: str | None = None  # from a given name or a title, for "he" and "she"


@dataclass(frozen=True)
class Mention:
    """What a speaker phrase says about its speaker, before resolution."""

    text: str
    kind: str  # pronoun, person, organization, outlet, outlet_reference, anonymous, anonymous_reference, role
    name: str = ""
    role: str = ""
    head: str = ""
    organization: str = ""


def _tokens(phrase: str) -> list[str]:
    return re.findall(r"[\w’'.\-]+", phrase)


def _strip_determiner(tokens: list[str]) -> list[str]:
    return tokens[1:] if tokens and tokens[0].lower() in lexicon.DETERMINERS else tokens


@functools.lru_cache(maxsize=4096)
def parse_mention(phrase: str) -> Mention | None:
    """Read a speaker phrase such as "U.S. Attorney ... Mike Hurst", "he", "a spokesperson for ICE"."""
    phrase = phrase.strip(" ,.;:—–-\u00a0")
    tokens = _tokens(phrase)
    if not tokens or len(tokens) > 16:
        return None
    lowered = [t.lower() for t in tokens]
    joined = " ".join(lowered)
    if len(tokens) == 1 and lowered[0] in lexicon.PRONOUNS:
        return Mention(phrase, "pronoun", head=lowered[0])
    if lowered[0] in {"who", "which", "whose", "where", "when"} or not any(t[:1].isalpha() for t in tokens):
        return None  # a relative clause or a number ("67"): a descriptor, not a speaker
    if joined in lexicon.OUTLETS:
        return Mention(phrase, "outlet", name=_outlet_name(tokens))
    if lowered[0] in {"the", "this"} and lowered[-1] in lexicon.OUTLET_NOUNS and len(tokens) <= 3:
        return Mention(phrase, "outlet_reference", head=lowered[-1])
    definite = _definite_reference(phrase, lowered)
    if definite is not None:
        return definite
    anonymous = _anonymous(tokens, lowered) or _described(tokens, lowered)
    if anonymous is not None:
        return anonymous
    if lowered[0] in {"a", "an", "one"}:
        return None  # "a Democrat from Cleveland", "a member of ...": an appositive, not a speaker
    return _named(phrase, tokens, lowered)


def _definite_reference(phrase: str, lowered: list[str]) -> Mention | None:
    """'the senator', 'the governor', 'the party', 'the union': someone named earlier."""
    if lowered[0] != "the" or len(lowered) > 3:
        return None
    head = lowered[-1]
    if head in lexicon.ROLE_TITLES:
        return Mention(phrase, "role", role=lexicon.ROLE_TITLES[head])
    if head in lexicon.ORGANIZATION_WORDS:
        if len(lowered) == 3 and all(word[:1].isupper() for word in phrase.split()[1:]):
            return None  # "the White House", "the Justice Department": a name, not a reference
        return Mention(phrase, "organization_reference", head=head)
    return None


def _outlet_name(tokens: list[str]) -> str:
    return " ".join(tokens[1:] if tokens[0].lower() == "the" and len(tokens) > 2 else tokens)


def _anonymous(tokens: list[str], lowered: list[str]) -> Mention | None:
    """'a senior immigration official', 'a spokesperson for ICE', 'the official', 'an ICE spokesperson'."""
    cut = next((i for i, w in enumerate(lowered) if w in {"for", "with", "at", "of", "familiar", "who", "from", "to",
                                                           "in"}), None)  # fmt: skip
    core = lowered[:cut] if cut is not None else lowered
    if not core or core[-1] not in lexicon.ANONYMOUS_HEADS or tokens[len(core) - 1][0].isupper():
        return None  # no anonymous head, or a capitalised title inside a name ("U.S. Attorney for ...")
    speaks_for = cut is not None and lowered[cut] in {"for", "to"}  # "a spokesman for Senator Jane Doe"
    if not speaks_for and (any(w in lexicon.GIVEN_NAMES for w in core) or (cut is None and _ends_in_name(tokens))):
        return None
    tail = tokens[cut + 1 :] if cut is not None and lowered[cut] in {"for", "at", "from", "of"} else []
    organization = " ".join(t for t in tail if t.lower() != "the") if tail and CAPITALISED.match(tail[-1]) else ""
    organization = organization or " ".join(t for t in tokens[: len(core)] if t.isupper() and len(t) > 1)
    definite = lowered[0] in {"the", "this", "that"} and len(core) <= 3
    kind = "anonymous_reference" if definite else "anonymous"
    return Mention(" ".join(tokens), kind, head=core[-1].rstrip("s") or core[-1], organization=organization)


def _described(tokens: list[str], lowered: list[str]) -> Mention | None:
    """'the announcer', 'the New York businessman', 'the ad’s narrator': someone described rather
    than named, speaking (this is only asked of the words next to a cue)."""
    if lowered[0] not in {"the", "this", "that"} or not 2 <= len(tokens) <= 4:
        return None
    last = tokens[-1]
    if not last.isalpha() or last[0].isupper() or lowered[-1] in lexicon.PHRASE_STOPS | lexicon.TIME_WORDS:
        return None
    return Mention(" ".join(tokens), "anonymous", head=lowered[-1])


def _ends_in_name(tokens: list[str]) -> bool:
    """'ICE spokesperson Bryan Cox' ends in a name; 'a spokesperson for ICE' ends in an acronym."""
    last = tokens[-1]
    if len(tokens) < 2 or not CAPITALISED.match(last) or last.isupper():
        return False
    previous = tokens[-2].lower()
    return previous not in {"for", "at", "of", "from", "the", "with"} and last.lower() not in (
        lexicon.ANONYMOUS_HEADS | lexicon.PERSON_TITLES | lexicon.ORGANIZATION_WORDS
    )


def _named(phrase: str, tokens: list[str], lowered: list[str]) -> Mention | None:
    tokens = _strip_determiner(tokens)
    if not tokens or not CAPITALISED.match(tokens[-1]):
        return None
    words = {t.lower() for t in tokens}
    if words <= lexicon.TIME_WORDS:
        return None  # "Later Friday"
    given = next((i for i, t in enumerate(tokens) if t.lower() in lexicon.GIVEN_NAMES), None)
    if given is None and _is_organisation(tokens, words):
        kind = "outlet" if tokens[-1].lower() in lexicon.OUTLET_SUFFIXES else "organization"
        return Mention(phrase, kind, name=" ".join(tokens))
    if given is not None:
        # "House Majority Leader Trent Calloway of Louisiana": the name runs from the given name
        # to the first connector; what follows ("of Louisiana") is where they are from.
        end = next((i for i in range(given, len(tokens)) if tokens[i].lower() in CONNECTORS), len(tokens))
        name, role = tokens[given:end], tokens[:given]
    else:
        name_start = len(tokens)
        while name_start > 0 and CAPITALISED.match(tokens[name_start - 1]):
            name_start -= 1
        name = [t for t in tokens[name_start:] if t.lower() not in lexicon.PERSON_TITLES] or tokens[-1:]
        name = name[-2:] if len(name) > 3 else name
        role = tokens[: len(tokens) - len(name)]
    role_text = " ".join(role).strip(" ,")
    if {t.lower() for t in name} <= lexicon.PERSON_TITLES:
        return Mention(phrase, "role", role=_canonical_role(" ".join(tokens)))
    return Mention(phrase, "person", name=" ".join(name), role=role_text)


CONNECTORS = {"of", "from", "for", "at", "in", "and"}


def _is_organisation(tokens: list[str], words: set[str]) -> bool:
    """'the Nevada Republican Party', 'National Federation of Public Servants', 'ICE', 'Punchbowl News'."""
    if words & lexicon.ORGANIZATION_WORDS or tokens[-1].lower() in lexicon.OUTLET_SUFFIXES:
        return True
    if len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 1:
        return True  # an acronym
    connected = [t for t in tokens if t.lower() not in CONNECTORS | {"the"}]
    return len(connected) >= 3 and not (words & lexicon.PERSON_TITLES)


def _canonical_role(role: str) -> str:
    return " ".join(lexicon.ROLE_TITLES.get(t.lower(), t.lower()) for t in _tokens(role))


class EntityTracker:
    """The people and bodies a document has mentioned so far.

    Exact names are looked up in a dictionary; references without a name ("he", "the outlet")
    look back over the last RECENT mentions only, which keeps a long document linear.
    """

    RECENT = 64

    def __init__(self):
        self.recent: list[Entity] = []
        self.by_form: dict[tuple[str, str], Entity] = {}
        self.last_person: Entity | None = None

    def resolve(self, mention: Mention) -> Entity | None:
        match mention.kind:
            case "pronoun":
                gender = lexicon.PRONOUNS.get(mention.head)
                if mention.head in {"he", "she", "i"}:
                    return self._latest(lambda e: e.kind == "person" and (gender is None or e.gender in (None, gender)))
                return self._latest(lambda e: e.kind in {"organization", "anonymous", "outlet"})
            case "organization_reference":
                return self._latest(lambda e: e.kind == "organization" and mention.head in e.name.lower())
            case "outlet_reference":
                return self._latest(lambda e: e.kind == "outlet")
            case "anonymous_reference":
                found = self._latest(lambda e: e.kind == "anonymous" and e.head == mention.head)
                description = mention.text[0].lower() + mention.text[1:]
                return found or self._named_entity(Entity(description, "anonymous", head=mention.head))
            case "anonymous":
                return self._anonymous(mention)
            case "outlet":
                return self._named_entity(Entity(mention.name, "outlet"))
            case "role":
                return self._latest(lambda e: e.kind == "person" and _shares_title(e.role, mention.role))
            case "organization":
                return self._named_entity(Entity(mention.name, "organization"))
        return self._person(mention)

    def _person(self, mention: Mention) -> Entity:
        surname = mention.name.split()[-1].lower()
        found = self.by_form.get(("person", mention.name.lower())) or self.by_form.get(("person", surname))
        if found is None:
            found = Entity(mention.name, "person", role=mention.role, gender=_gender(mention))
        elif len(mention.name) > len(found.name) and surname == found.name.split()[-1].lower():
            found.name = mention.name
        found.role = found.role or mention.role
        found.gender = found.gender or _gender(mention)
        for form in (mention.name.lower(), surname, found.name.lower()):
            self.by_form[("person", form)] = found
        return self._touch(found)

    def _anonymous(self, mention: Mention) -> Entity:
        description = mention.text[0].lower() + mention.text[1:]
        description = re.sub(r"\s+(with knowledge of|familiar with|who).*$", "", description)
        entity = Entity(description, "anonymous", head=mention.head, organization=mention.organization)
        return self._named_entity(entity)

    def _named_entity(self, entity: Entity) -> Entity:
        key = (entity.kind, entity.name.lower())
        found = self.by_form.setdefault(key, entity)
        return self._touch(found)

    def observe_person(self, name: str, role: str = "") -> Entity:
        """Record a person named in running text (not as a speaker), for later pronouns."""
        return self._person(Mention(name, "person", name=name, role=role))

    def knows_surname(self, word: str) -> bool:
        return ("person", word.lower()) in self.by_form

    def _latest(self, predicate) -> Entity | None:
        found = next((e for e in reversed(self.recent[-self.RECENT :]) if predicate(e)), None)
        return self._touch(found) if found else None

    def _touch(self, entity: Entity) -> Entity:
        """Mark an entity as the most recently mentioned."""
        self.recent.append(entity)
        if len(self.recent) > 4 * self.RECENT:
            del self.recent[: -self.RECENT]
        if entity.kind == "person":
            self.last_person = entity
        return entity


def _gender(mention: Mention) -> str | None:
    first = mention.name.split()[0].lower() if mention.name else ""
    titles = {t.lower() for t in _tokens(mention.role)}
    if first in lexicon.FEMALE_NAMES or titles & {"ms.", "mrs.", "miss", "congresswoman", "chairwoman", "spokeswoman"}:
        return "female"
    if first in lexicon.MALE_NAMES or titles & {"mr.", "congressman", "chairman", "spokesman"}:
        return "male"
    return None


def _shares_title(role: str, title: str) -> bool:
    """Whether a role ("Sen.", "U.S. Attorney for ...") carries a title ("senator", "attorney")."""
    wanted = set(_canonical_role(title).split()) - {"the", "a", "an"}
    return bool(wanted) and wanted <= set(_canonical_role(role).split())
