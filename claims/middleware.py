"""Refuse requests whose path or query string carries a NUL byte.

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
        return self.get_response(request)
