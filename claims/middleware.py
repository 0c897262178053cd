"""The project's middleware: NUL bytes refused, API URLs no route matches answered in JSON, a
Content-Security-Policy, the admin login's lockout, the public pages' ETag and Cache-Control, and
private names blacked out of every public page and every API answer to a reader without a role."""

import time

from django.contrib.auth.signals import user_login_failed
from django.db import DatabaseError
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag

from claims.api.permissions import can_see_unpublished
from claims.api.throttling import client_address
from claims.models import RequestCount
from claims.privacy import TEXT_TYPES, private_names, redact


class RejectNulBytesMiddleware:
    """Refuse a path, query string or form body with a NUL byte: PostgreSQL text cannot hold one, so
    the value would fail deep in a query. Answered before any view runs, with a 400 and a JSON body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return JsonResponse({"detail": "NUL characters are not allowed in URLs."}, status=400)
        if request.content_type in FORM_TYPES and (b"\x00" in request.body or b"%00" in request.body):
            return JsonResponse({"detail": "NUL characters are not allowed in form fields."}, status=400)
        return self.get_response(request)


# JSON bodies are checked by claims.api.parsers.StrictJSONParser; these are read here.
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


class ApiNotFoundMiddleware:
    """A URL under /api/ that no route matches answers JSON, with DEBUG on too (where Django's
    handler404 is not called and its HTML debug page would answer). Views' own 404s are JSON already."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (response.status_code == 404 and request.path.startswith("/api/")
                and response.get("Content-Type", "").startswith("text/html")):  # fmt: skip
            return JsonResponse({"detail": "Not found."}, status=404)
        return response


# Everything from this site only; no inline script anywhere (admin, Swagger UI split view), inline
# styles allowed for the admin's widgets; no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class AdminLoginThrottleMiddleware:
    """Failed admin logins are counted per client address, in PostgreSQL so every worker shares the
    count; past the limit, more tries get 429."""

    LIMIT, WINDOW = 10, 60  # failures per client address per minute

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == reverse("admin:login"):
            if failures(request) >= self.LIMIT:
                response = HttpResponse("Too many failed logins: wait a minute.", status=429,
                                        content_type="text/plain")  # fmt: skip
                response["Retry-After"] = str(self.WINDOW)
                return response
        return self.get_response(request)


def failure_key(request) -> str:
    return f"admin-login-failures:{client_address(request)}"


def failures(request) -> int:
    since = time.time() - AdminLoginThrottleMiddleware.WINDOW
    return RequestCount.objects.filter(key=failure_key(request), at__gt=since).count()


@receiver(user_login_failed)
def count_failed_login(sender, credentials, request=None, **kwargs):
    if request is not None and request.path == reverse("admin:login"):
        RequestCount.objects.create(key=failure_key(request), at=time.time())


def is_public_page(path: str) -> bool:
    """The public site (claims.urls): everything but the API, the admin and static files. Its pages
    are the same for every reader, whoever is signed in."""
    return not path.startswith(("/api/", "/admin/", "/static/"))


PUBLIC_MAX_AGE = 300  # seconds a browser or CDN may keep a public page before asking again (with its ETag)


class PublicPageCachingMiddleware:
    """Public pages carry an ETag of what is sent and `Cache-Control: public`; a request whose
    If-None-Match names the current ETag is answered 304 with no body, so a CDN can carry a page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (not is_public_page(request.path) or request.method not in ("GET", "HEAD") or response.streaming
                or response.status_code != 200):  # fmt: skip
            return response
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        set_response_etag(response)
        return get_conditional_response(request, etag=response["ETag"], response=response)


class PrivateNameRedactionMiddleware:
    """Black out private names in every public page, and in every /api/ answer to a reader who may
    not see them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        public_page = is_public_page(request.path)
        if not (public_page or request.path.startswith("/api/")) or response.streaming or response.status_code >= 500:
            return response  # server errors carry no data (and the database may be down)
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(TEXT_TYPES) or (not public_page and can_see_unpublished(request)):
            return response
        try:
            names = private_names()
        except DatabaseError:  # fail closed: no answer rather than one that may name someone
            return JsonResponse({"detail": "The database is unavailable; try again shortly."}, status=503)
        if names:
            charset = response.charset or "utf-8"
            response.content = redact(response.content.decode(charset), names).encode(charset)
        return response
