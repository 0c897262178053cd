"""Who a speaker phrase names: split titles from names, resolve pronouns and short forms.

A document is read in order; the tracker remembers the people, organisations, outlets and
anonymous sources mentioned so far, so "he", "Trump", "the President", "the official" and
"the outlet" resolve to someone introduced earlier.
"""

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


@dataclass
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
    if joined in lexicon.OUTLETS:
        return Mention(phrase, "outlet", name=_outlet_name(tokens))
    if lowered[0] in {"the", "this"} and lowered[-1] in lexicon.OUTLET_NOUNS and len(tokens) <= 3:
        return Mention(phrase, "outlet_reference", head=lowered[-1])
    anonymous = _anonymous(tokens, lowered)
    if anonymous is not None:
        return anonymous
    return _named(phrase, tokens, lowered)


def _outlet_name(tokens: list[str]) -> str:
    return " ".join(tokens[1:] if tokens[0].lower() == "the" and len(tokens) > 2 else tokens)


def _anonymous(tokens: list[str], lowered: list[str]) -> Mention | None:
    """'a senior immigration official', 'a spokesperson for ICE', 'the official', 'an ICE spokesperson'."""
    cut = next((i for i, w in enumerate(lowered) if w in {"for", "with", "at", "of", "familiar", "who", "from"}), None)
    core = lowered[:cut] if cut is not None else lowered
    if not core or core[-1] not in lexicon.ANONYMOUS_HEADS:
        return None
    if any(w in lexicon.GIVEN_NAMES for w in lowered) or _ends_in_name(tokens):
        return None
    tail = tokens[cut + 1 :] if cut is not None and lowered[cut] in {"for", "at", "from", "of"} else []
    organization = " ".join(t for t in tail if t.lower() != "the") if tail and CAPITALISED.match(tail[-1]) else ""
    organization = organization or " ".join(t for t in tokens[: len(core)] if t.isupper() and len(t) > 1)
    definite = lowered[0] in {"the", "this", "that"} and len(core) <= 3
    kind = "anonymous_reference" if definite else "anonymous"
    return Mention(" ".join(tokens), kind, head=core[-1].rstrip("s") or core[-1], organization=organization)


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
    name_start = len(tokens)
    while name_start > 0 and CAPITALISED.match(tokens[name_start - 1]):
        name_start -= 1
    candidate = tokens[name_start:]
    while candidate and candidate[0].lower() in lexicon.PERSON_TITLES and len(candidate) > 1:
        candidate = candidate[1:]
    given = next((i for i, t in enumerate(candidate) if t.lower() in lexicon.GIVEN_NAMES), None)
    if given is not None:
        candidate = candidate[given:]
    elif len(candidate) > 3:
        candidate = candidate[-2:]
    name_from = len(tokens) - len(candidate)
    role = " ".join(tokens[:name_from]).strip(" ,")
    words = {t.lower() for t in candidate}
    if not candidate:
        return Mention(phrase, "role", role=role)
    if words <= lexicon.PERSON_TITLES:
        return Mention(phrase, "role", role=" ".join(tokens))
    is_org = bool(words & lexicon.ORGANIZATION_WORDS) or (len(candidate) == 1 and candidate[0].isupper())
    is_person = given is not None or (role and _has_title(role)) or not is_org
    if is_person and not (is_org and given is None and not role):
        return Mention(phrase, "person", name=" ".join(candidate), role=role)
    return Mention(phrase, "organization", name=" ".join(tokens))


def _has_title(role: str) -> bool:
    return any(w.lower() in lexicon.PERSON_TITLES for w in _tokens(role))


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
                if mention.head in {"he", "she", "i"}:
                    return self.last_person
                return self._latest(lambda e: e.kind in {"organization", "anonymous", "outlet"})
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
            found = Entity(mention.name, "person", role=mention.role)
        elif len(mention.name) > len(found.name) and surname == found.name.split()[-1].lower():
            found.name = mention.name
        found.role = found.role or mention.role
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


def _shares_title(role: str, title: str) -> bool:
    wanted = {w.lower() for w in _tokens(title)} - {"the", "a", "an"}
    return bool(wanted) and wanted <= {w.lower() for w in _tokens(role)}
