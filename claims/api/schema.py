"""OpenAPI post-processing: document every error status the API can answer, and public reads."""

ERROR = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA = {
    "type": "object",
    "description": 'An error: {"detail": "..."} or, for invalid input, the messages by field name.',
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
DESCRIPTIONS = {
    "400": "Invalid input: the messages say which field and why.",
    "401": "Authentication credentials were not provided or are invalid.",
    "403": "Your role does not allow this.",
    "404": "No such record, or not published.",
    "406": "No format the Accept header names can be served (JSON, CSV).",
    "409": "Other records depend on this one, or the record is not in a state this move starts from.",
    "412": "The record changed since your read (If-Match is stale).",
    "413": "The request body is too large.",
    "415": "The body must be JSON (Content-Type: application/json).",
    "428": "Send If-Match with the ETag of your read.",
    "429": "Too many requests: wait Retry-After seconds.",
}
CONDITIONAL = ("put", "patch", "delete")
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "description": 'The ETag of your last read of the record, like "3" ("*" for whatever is current).',
    "schema": {"type": "string", "minLength": 1},
}


def document_errors(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            for status in _statuses(path, method, operation):
                operation["responses"].setdefault(status, {
                    "description": DESCRIPTIONS[status],
                    "content": {"application/json": {"schema": ERROR}},
                })  # fmt: skip
            if _conditional(path, method):
                operation.setdefault("parameters", []).append(IF_MATCH)
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True  # an empty filter is no filter, as in django-filter
            if method == "get" and {} not in operation.get("security", [{}]):
                operation["security"] = [*operation.get("security", []), {}]  # anonymous clients read
    return result


# Dates a client sends lie in the years 1001 to 8999 as written: in any time zone, that is 1000 to 9000
# in UTC, the range the models keep (claims.models.within_calendar).
CALENDAR_DATE = r"^(100[1-9]|10[1-9][0-9]|1[1-9][0-9]{2}|[2-7][0-9]{3}|8[0-9]{3})-"


def calendar_dates(result, generator, request, public):
    """Say in request bodies which years a date or an instant may have."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if not name.endswith("Request"):
            continue
        for field in component.get("properties", {}).values():
            if field.get("format") in ("date", "date-time") and "pattern" not in field:
                field["pattern"] = CALENDAR_DATE
    return result


def _statuses(path: str, method: str, operation: dict) -> list[str]:
    statuses = ["400", "406", "429"]
    if method != "get":
        statuses += ["401", "403", "413"]
    if method in ("post", "put", "patch"):
        statuses.append("415")
    if "{" in path:
        statuses.append("404")
    if _conditional(path, method):
        statuses += ["412", "428"]
    if method == "delete" or path.endswith(("/transition/", "/publish/")):
        statuses.append("409")
    return statuses


def _conditional(path: str, method: str) -> bool:
    """Writes to an existing record, which need If-Match."""
    return method in CONDITIONAL or path.endswith(("/transition/", "/publish/"))
