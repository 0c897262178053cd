"""Who may see what beyond published data, and who may store suggestions."""

from rest_framework import permissions

from claims.querysets import sees_unpublished


def reader(serializer_context: dict):
    """Who a serializer writes for: the request's user, or no one outside a request."""
    request = serializer_context.get("request")
    return None if request is None else request.user


def can_see_unpublished(request) -> bool:
    """Whether the request's user sees drafts, suggestions and private names (`sees_unpublished`)."""
    return request is not None and sees_unpublished(request.user)


class CanAnnotate(permissions.BasePermission):
    """Storing suggestions creates quotes: it takes the right to add them."""

    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.has_perm("claims.add_quote")


class ModelPermissionsOrAnonReadOnly(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """DRF's rule: anyone reads; a write takes the model permission of the user's role.

    A read needs no model permission, but DRF builds the view's queryset to learn its model before
    it finds that out: this answers reads without building it.
    """

    def has_permission(self, request, view):
        if (request.method in permissions.SAFE_METHODS and self.perms_map.get(request.method) == []
                and not self.authenticated_users_only):  # fmt: skip
            return bool(request.user)
        return super().has_permission(request, view)
