"""Claims as JSON built by PostgreSQL, for the hot read paths.

A page of claims through ClaimSerializer costs tens of milliseconds of Python per 50 rows (model
instances, a nested serializer per row, prefetch queries). Here the view pages the filtered
queryset's ids, then one prepared statement returns each of the page's claims as its JSON text, in
the serializer's exact shape and formats, and the renderer joins the texts. Filters, ordering,
pagination and permissions stay the DRF view's; tests/test_rows.py holds the two paths equal.

The two steps are separate statements on purpose. How best to find a page depends on its values
(a rare search word or a common one), so that query is planned each time; writing the JSON for
given ids does not, so that statement is prepared once per connection and its plan reused.
"""

from contextlib import contextmanager
from typing import NamedTuple

from django.contrib.postgres.aggregates.mixins import OrderableAggMixin
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchHeadline
from django.core.exceptions import FullResultSet
from django.db import connection
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.models import Aggregate, BooleanField, F, Func, OuterRef, Subquery, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from claims.api.filters import HEADLINE, search_query
from claims.models import Claim, Measure, Quantity, Quote
from claims.querysets import named_to_sql, sees_unpublished


class JSONObject(Func):
    """A JSON object, keys in the order given, written compactly as DRF writes it: row_to_json of a
    one-row select (json_build_object writes "key" : value; jsonb would sort the keys)."""

    output_field = TextField()  # json in SQL; only ever read as text

    def __init__(self, **fields):
        assert all(key.isidentifier() for key in fields)  # our own field names, nothing to quote
        self.keys = list(fields)
        super().__init__(*fields.values())

    def as_sql(self, compiler, connection, **extra_context):
        columns, params = [], []
        for key, expression in zip(self.keys, self.get_source_expressions(), strict=True):
            sql, expression_params = compiler.compile(expression)
            columns.append(f'{sql} AS "{key}"')
            params += expression_params
        return f"(SELECT row_to_json(fields) FROM (SELECT {', '.join(columns)}) AS fields)", params


class AsText(Func):
    template = "(%(expressions)s)::text"
    output_field = TextField()


class Instant(Func):
    """A timestamp as DRF writes it: ISO 8601 in UTC with a Z, microseconds only when there are some."""

    # A CASE rather than cutting ".000000" off with regexp_replace, which cost several times more.
    # The expression appears four times: it must be a column, with no parameters of its own.
    template = (
        "CASE WHEN date_trunc('second', %(expressions)s) = %(expressions)s "
        "THEN to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
        "ELSE to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') END"
    )
    output_field = TextField()


class PlainNumber(Func):
    """630.00000 -> "630": a bound without the scale PostgreSQL arithmetic gives it (as text, or null)."""

    template = "trim_scale(%(expressions)s)::text"
    output_field = TextField()


class RangeBound(Func):
    output_field = BooleanField()


class JSONAgg(OrderableAggMixin, Aggregate):
    """A JSON array of the rows' values, compact (json_agg puts ", \\n " between them)."""

    function = "array_agg"
    template = "array_to_json(%(function)s(%(expressions)s %(order_by)s))"
    output_field = TextField()


def quantities_json() -> Subquery:
    """The claim's quantities as NestedQuantitySerializer writes them, ordered like Quantity.Meta."""
    # Looked up by key: a join to measures was planned as a hash of every measure, once per claim.
    measure_slug = Subquery(Measure.objects.filter(pk=OuterRef("measure_id")).order_by().values("slug"))
    quantity = JSONObject(
        id=F("id"),
        uid=Cast("uid", TextField()),
        surface=F("surface"),
        qualifier=F("qualifier"),
        value=AsText(F("value")),
        value_to=AsText(F("value_to")),
        lower=PlainNumber(Func(F("interval"), function="lower")),
        upper=PlainNumber(Func(F("interval"), function="upper")),
        lower_inclusive=RangeBound(F("interval"), function="lower_inc"),
        upper_inclusive=RangeBound(F("interval"), function="upper_inc"),
        unit=F("unit"),
        measured=F("measured"),
        measure=measure_slug,
        as_of=F("as_of"),
        created_at=Instant(F("created_at")),
        updated_at=Instant(F("updated_at")),
    )
    rows = (
        Quantity.objects.filter(claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(items=JSONAgg(quantity, order_by="id"))
        .values("items")
    )
    return Func(Subquery(rows), template="coalesce(%(expressions)s, '[]'::json)", output_field=TextField())


def _claim_json(reader, *, snippet) -> Func:
    """A claim as JSON text, shaped like ClaimSerializer's output for this reader."""
    quotes = Quote.objects.visible_to(reader).filter(claims=OuterRef("pk"))
    return AsText(JSONObject(
        id=F("id"),
        uid=Cast("uid", TextField()),
        text=F("text"),
        claimant=named_to_sql("claimant", "slug", reader),
        appearances=ArraySubquery(quotes.order_by("source_id", "start", "id").values("id")),
        topics=F("topics"),
        status=F("status"),
        checkworthiness=F("checkworthiness"),
        quantities=quantities_json(),
        created_at=Instant(F("created_at")),
        updated_at=Instant(F("updated_at")),
        context=F("context"),
        stated_on=F("stated_on"),
        appearance_urls=F("appearance_urls"),
        snippet=snippet,
    ))  # fmt: skip


class RowSQL(NamedTuple):
    """The statement writing given claims, with the parameters that come before the ids (and the words
    searched for) and those that come after them."""

    sql: str
    head: tuple
    tail: tuple


# One statement for staff and one for everyone else: visible_to turns on sees_unpublished alone.
_row_sql_by_staff: dict[bool, RowSQL] = {}


def _row_sql(reader) -> RowSQL:
    """The SQL writing claims for this reader, compiled once: building it through the ORM on every
    request cost more than running it."""
    staff = sees_unpublished(reader)
    if staff not in _row_sql_by_staff:
        _row_sql_by_staff[staff] = _compile_row_sql(reader)
    return _row_sql_by_staff[staff]


def _compile_row_sql(reader) -> RowSQL:
    # The snippet is cut here, for the page's claims only: a query finding the page that also read
    # the claims' text could not walk the search index alone (claim_published_search).
    # Null when there is no search: both functions are strict.
    snippet = SearchHeadline("text", search_query(RawSQL("search.q", [])), **HEADLINE)
    claims = Claim.objects.order_by().annotate(row=_claim_json(reader, snippet=snippet))
    sql, params = claims.values_list("row", "version").query.sql_with_params()
    # A page's ids are already filtered by the reader's rule; a claim asked for by id is read only if it passes.
    where, where_params = _where(Claim.objects.visible_to(reader))
    sql += (' INNER JOIN unnest(%s::bigint[]) WITH ORDINALITY AS page(id, n) ON page.id = "claims_claim"."id" '
            f"CROSS JOIN (SELECT %s::text AS q) AS search {where}ORDER BY page.n")  # fmt: skip
    return RowSQL(sql, tuple(params), tuple(where_params))


def _where(claims) -> tuple[str, list]:
    """The queryset's conditions as a WHERE clause (or nothing), on the claims table alone."""
    query = claims.query
    assert set(query.alias_map) <= {Claim._meta.db_table}, "the rule must read the claim's own columns"
    try:
        sql, params = query.get_compiler(connection=connection).compile(query.where)
    except FullResultSet:  # no condition: every claim
        return "", []
    return f"WHERE {sql} ", params


class PreparedCursor(ServerBindingCursor):
    """Parameters bound by the server, and the statement prepared on the connection at first use.

    For statements whose plan does not depend on their parameters: PostgreSQL soon plans a
    prepared statement once for all values. (Django's query log shows such a statement's SQL as
    None: psycopg keeps no text for a prepared execution.)
    """

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


@contextmanager
def prepared_cursor():
    """A Django cursor (errors translated, queries logged like any other) over a PreparedCursor."""
    connection.ensure_connection()
    raw = PreparedCursor(connection.connection)
    with connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw) as cursor:
        yield cursor


def claims_json(ids: list[int], *, reader, search: str | None = None) -> list[tuple["RawJSON", int]]:
    """The claims of the given ids that the reader may see, in that order, as (JSON text, version);
    their snippets mark the words searched for, if any."""
    if not ids:
        return []
    row_sql = _row_sql(reader)
    with prepared_cursor() as cursor:
        cursor.execute(row_sql.sql, (*row_sql.head, ids, search, *row_sql.tail))
        return [(RawJSON(row), version) for row, version in cursor.fetchall()]


def claim_json(raw_id: str, *, reader) -> tuple["RawJSON", int] | None:
    """The claim of an id as a URL gives it, if it is one the reader may see: (JSON text, version)."""
    try:  # the id as the ORM reads it; what it cannot read names no claim, as get_object_or_404 finds
        pk = Claim._meta.pk.get_prep_value(raw_id)
    except (TypeError, ValueError):
        return None
    if not -(2**63) <= pk < 2**63:  # no such id in a bigint column
        return None
    rows = claims_json([pk], reader=reader)
    return rows[0] if rows else None


class RawJSON(str):
    """A JSON text PostgreSQL built: the renderer writes it as it is (claims.api.renderers.JSONRenderer)."""


class RawJSONList(list):
    """A list of RawJSON texts, written as a JSON array."""
