"""A JSON parser that refuses what PostgreSQL and Python numbers cannot hold."""

import math

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class StrictJSONParser(JSONParser):
    """JSON whose strings hold no NUL character, whose numbers are finite (1e400 is not) and whose
    nesting Python can follow."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON parse error - nested too deeply.") from error
        problem = _problem(data)
        if problem:
            raise ParseError(f"JSON parse error - {problem}")
        return data


def _problem(value) -> str | None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and "\x00" in item:
            return "NUL characters are not allowed in strings."
        if isinstance(item, float) and not math.isfinite(item):
            return "numbers must be finite."
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None
