"""Refuse requests whose path, query string or form body carries a NUL byte.

PostgreSQL text cannot hold NUL, so such a value would fail deep in a query; it is answered
here, before any view runs, with a 400 and a JSON body.
"""

from django.http import JsonResponse


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
