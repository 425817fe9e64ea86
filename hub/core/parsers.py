"""The API's JSON parser: DRF's, behind a nesting-depth guard, so that no body however made gives a
server error (security.md item 21).

Python's JSON decoder recurses once per level of nesting, so a body of 3,000 nested brackets ends in a
RecursionError. The depth is measured first, without recursion, and a body nested deeper than any the
API takes is refused (400) with a message that says so. (The size is Django's to limit: DRF reads the
body through ``request.body``, which refuses one over ``DATA_UPLOAD_MAX_MEMORY_SIZE``; the API's
exception handler, ``hub.accounts.api_common.exception_handler``, answers that with a 413 that says so.)
"""

from __future__ import annotations

import io
import re
from typing import IO, Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# The API's deepest body (a plan with its factors) is four levels deep; anything past this is not ours.
MAX_DEPTH = 32

# A JSON string, escapes included (written unrolled, so it runs in linear time).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def nesting_depth(text: str, *, stop_after: int | None = None) -> int:
    """How deeply arrays and objects nest in ``text`` (brackets inside strings do not count). Stops
    counting once past ``stop_after``."""
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_STRING.sub("", text)):
        if bracket.group() in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_after is not None and deepest > stop_after:
                    break
        else:
            depth -= 1
    return deepest


class GuardedJSONParser(JSONParser):
    def parse(self, stream: IO[bytes], media_type: str | None = None, parser_context: Any = None) -> Any:
        body = stream.read()
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = body.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(f"JSON parse error - the body is not {encoding} text.") from exc
        if nesting_depth(text, stop_after=MAX_DEPTH) > MAX_DEPTH:
            raise ParseError(
                f"JSON parse error - arrays and objects are nested more than {MAX_DEPTH} levels deep: "
                "no request to this API needs that many."
            )
        try:
            return super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError as exc:  # not expected below MAX_DEPTH; never a server error
            raise ParseError("JSON parse error - nested too deeply.") from exc
