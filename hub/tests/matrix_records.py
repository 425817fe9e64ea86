"""Records for the authorization matrix test: for each record kind a matrix row names, a builder
that makes one in the given authority, and a function that relates a user to it.

Apps add their kinds here as they add routes about one record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hub.accounts.models import Authority, User

Builder = Callable[[Authority], Any]
Relater = Callable[[Any, User, str], None]

BUILDERS: dict[str, Builder] = {}
RELATERS: dict[str, Relater] = {}
