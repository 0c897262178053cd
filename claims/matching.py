"""Claims worded the same or closely: full-text candidates, re-scored by trigram similarity."""

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchQuery, TrigramSimilarity
from django.db.models import Q

from claims.models import Claim

CANDIDATES = 20


@dataclass
class SimilarClaim:
    claim: Claim
    similarity: float
    duplicate: bool


def normalise(text: str) -> str:
    """Lower case, punctuation and spacing removed: "Almost 700 detained!" == "almost 700 detained"."""
    return " ".join(re.findall(r"\w+", text.lower()))


def similar_claims(claim: Claim, visible) -> list[SimilarClaim]:
    words = re.findall(r"\w+", claim.text)[:40]
    if not words:
        return []
    # Any shared (stemmed) word makes a candidate; the trigram operator catches reworded spellings.
    any_word = reduce(or_, (SearchQuery(word, config="english", search_type="plain") for word in words))
    candidates = (
        visible.exclude(pk=claim.pk)
        .filter(Q(search=any_word) | Q(text__trigram_similar=claim.text))
        .annotate(similarity=TrigramSimilarity("text", claim.text))
        .order_by("-similarity", "-id")[:CANDIDATES]
    )
    key = normalise(claim.text)
    return [SimilarClaim(c, round(c.similarity, 4), normalise(c.text) == key) for c in candidates]
