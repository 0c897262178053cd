"""Who may see what beyond published data, and who may store suggestions."""

from rest_framework import permissions


def can_see_unpublished(request) -> bool:
    """Staff with a role see drafts, suggestions and private names; everyone else, published data."""
    return bool(request and request.user.is_authenticated and request.user.has_perm("claims.view_claim"))


class CanAnnotate(permissions.BasePermission):
    """Storing suggestions creates quotes: it takes the right to add them."""

    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.has_perm("claims.add_quote")
