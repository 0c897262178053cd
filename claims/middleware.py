"""Refuse requests whose path, query string or form body carries a NUL byte.

PostgreSQL text cannot hold NUL, so such a value would fail deep in a query; it is answered
here, before any view runs, with a 400 and a JSON body.
"""

import time

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.urls import reverse

from claims.models import RequestCount
from claims.throttling import client_address


class RejectNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return JsonResponse({"detail": "NUL characters are not allowed in URLs."}, status=400)
        if request.content_type in FORM_TYPES and (b"\x00" in request.body or b"%00" in request.body):
            return JsonResponse({"detail": "NUL characters are not allowed in form fields."}, status=400)
        return self.get_response(request)


# JSON bodies are checked by claims.parsers.StrictJSONParser; these are read here.
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


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
