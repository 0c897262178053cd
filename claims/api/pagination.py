"""Page-number pagination that never counts the whole table.

Lists answer ``{"next", "previous", "results"}``. Counting every matching row costs as much as
the page itself on large tables, so a page is read with one extra row to learn whether a next
page exists. A queryset of values (the claims' keys, claims.api.claim_json) is paged as it is.
"""

from django.db.models import QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE = 1_000_000  # keeps OFFSET far inside PostgreSQL's bigint
DEEP_OFFSET = 1_000  # rows skipped from which a page reads its keys first


def _small_number(raw: str) -> bool:
    return raw.isascii() and raw.isdigit() and len(raw) <= 9


def _reads_records(queryset) -> bool:
    """A queryset of model instances, whose deep pages read their keys first; values (such as the keys
    themselves) are read as they are."""
    return isinstance(queryset, QuerySet) and not queryset.query.values_select


class PageNumberNoCountPagination(BasePagination):
    page_query_param = "page"
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request) -> int:
        """The requested size, capped at max_page_size; a size that is not a positive number is a 400."""
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:  # absent or empty, as django-filter treats an empty filter
            return api_settings.PAGE_SIZE
        digits = raw.lstrip("0")
        if not (raw.isascii() and raw.isdigit()) or not digits:
            raise ValidationError({self.page_size_query_param: [f"A page size from 1 (at most {self.max_page_size} "
                                                                "are returned)."]})  # fmt: skip
        return self.max_page_size if len(digits) > 9 else min(int(digits), self.max_page_size)

    def get_page_number(self, request) -> int:
        raw = request.query_params.get(self.page_query_param) or "1"
        if not _small_number(raw) or not 1 <= int(raw) <= MAX_PAGE:
            raise ValidationError({self.page_query_param: [f"A page number from 1 to {MAX_PAGE}."]})
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.page = self.get_page_number(request)
        offset = (self.page - 1) * self.page_size
        if offset >= DEEP_OFFSET and _reads_records(queryset):
            rows = self.deep_page(queryset, offset)
        else:
            rows = list(queryset[offset : offset + self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        return rows[: self.page_size]

    def deep_page(self, queryset, offset: int) -> list:
        """A page far down a list: its primary keys first, skipping rows on the ordering's index
        alone, then those rows with their related records (rather than joining every skipped row)."""
        keys = list(queryset.values_list("pk", flat=True)[offset : offset + self.page_size + 1])
        found = {row.pk: row for row in queryset.order_by().filter(pk__in=keys)}
        return [found[key] for key in keys if key in found]

    def get_next_link(self):
        if not self.has_next:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, self.page + 1)

    def get_previous_link(self):
        if self.page == 1:
            return None
        url = self.request.build_absolute_uri()
        if self.page == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.page - 1)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page; larger sizes return {self.max_page_size}.",
                "schema": {"type": "integer", "minimum": 1},
            },
        ]
