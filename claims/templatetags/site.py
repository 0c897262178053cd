"""Template filters of the public site."""

from django import template
from django.conf import settings

from claims.querysets import named_to

register = template.Library()


@register.filter
def named(speaker):
    """The speaker if the public may read who they are (claims.querysets.named_to), else None."""
    return speaker if named_to(speaker, None) else None


@register.filter
def tone(rating) -> str:
    """Where a rating stands on its scale, for its colour: "good", "mixed" or "bad" (its label says it)."""
    scale = getattr(rating, "scale", None)
    if rating is None or rating.value is None or scale is None or scale.best_value == scale.worst_value:
        return "none"
    position = (float(rating.value) - scale.worst_value) / (scale.best_value - scale.worst_value)
    return "good" if position >= 0.7 else "bad" if position <= 0.3 else "mixed"


@register.simple_tag
def organization() -> str:
    return settings.FACTCHECK_ORGANIZATION
