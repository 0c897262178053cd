"""Private individuals' names never reach readers without a role.

Serializers already withhold private speakers' profiles and mentions, but texts can still name
them: an article body, a quote, a claim, a search snippet, a CSV cell. Every API answer to such a
reader passes through ``redact``, which blacks out each private name and alias character for
character, so a quote's offsets into a body still point at the same characters.
"""

import re
from functools import lru_cache

from django.db import DatabaseError
from django.http import JsonResponse

from claims.models import Speaker
from claims.permissions import can_see_unpublished

MASK = "█"
MIN_NAME_LENGTH = 3  # shorter aliases ("Al") would black out ordinary words
TEXT_TYPES = ("application/json", "application/ld+json", "text/csv", "text/html", "text/plain")


def private_names() -> tuple[str, ...]:
    rows = Speaker.objects.filter(is_private=True).values_list("name", "aliases")
    names = {name.strip() for name, aliases in rows for name in [name, *aliases]}
    return tuple(sorted((n for n in names if len(n) >= MIN_NAME_LENGTH), key=lambda n: (-len(n), n)))


@lru_cache(maxsize=16)
def _pattern(names: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(r"\s+".join(map(re.escape, name.split())) for name in names)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def redact(text: str, names: tuple[str, ...]) -> str:
    if not names:
        return text
    return _pattern(names).sub(lambda match: MASK * len(match.group()), text)


class PrivateNameRedactionMiddleware:
    """Black out private names in every /api/ answer to a reader who may not see them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.streaming or response.status_code >= 500:
            return response  # server errors carry no data (and the database may be down)
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(TEXT_TYPES) or can_see_unpublished(request):
            return response
        try:
            names = private_names()
        except DatabaseError:  # fail closed: no answer rather than one that may name someone
            return JsonResponse({"detail": "The database is unavailable; try again shortly."}, status=503)
        if names:
            charset = response.charset or "utf-8"
            response.content = redact(response.content.decode(charset), names).encode(charset)
        return response
