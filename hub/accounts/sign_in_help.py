"""Help the sign-in pages may offer, installed from outside the accounts app.

The accounts app knows only this hook, not what fills it. The demo package (``hub/demo``) installs it,
so that someone trying a demo installation can choose an account on the sign-in page and read its
current code on the code page. Nothing is installed where the demo is not, and the pages then show
only the sign-in form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SignInHelp:
    """``accounts()`` lists the accounts to offer (each rendered by ``accounts_template`` as
    ``accounts``); ``code(username)`` is the current code to show for that account, or ``None``
    (rendered by ``code_template`` as ``code``)."""

    accounts: Callable[[], list[dict[str, Any]]]
    accounts_template: str
    code: Callable[[str], str | None]
    code_template: str


_installed: SignInHelp | None = None


def install(help_: SignInHelp) -> None:
    global _installed
    _installed = help_


def accounts_context() -> dict[str, Any]:
    """The sign-in page's help: the accounts to offer and the template to show them with (none if no
    help is installed or it has nothing to offer)."""
    accounts = _installed.accounts() if _installed else []
    if not accounts or _installed is None:
        return {"help_accounts": []}
    return {"help_accounts": accounts, "help_accounts_template": _installed.accounts_template}


def code_context(username: str) -> dict[str, Any]:
    """The code page's help for one account: its current code and the template to show it with."""
    code = _installed.code(username) if _installed else None
    if code is None or _installed is None:
        return {"help_code": None}
    return {"help_code": code, "help_code_template": _installed.code_template}
