"""Errors services raise for a person to read: each message says what happened and what to do."""

from django.core.exceptions import PermissionDenied
from django.http import Http404


class StaleVersion(Exception):
    """Someone else saved the record since it was opened (HTTP 409 in the API)."""

    def __init__(self, what: str = "this record") -> None:
        super().__init__(
            f"Someone else changed {what} while you were editing it. Your changes have not been saved: "
            "reload the page to see theirs, then make yours again."
        )


class RuleRefused(Exception):
    """A change the domain's rules do not allow; the message explains why."""


class FieldRefused(RuleRefused):
    """A refusal about one field's value; ``field`` names it, so a page puts the message beside the field
    and the API returns it under that field."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


# A refused write, translated the same way by pages and API (the house rule, stated once):
#
# - ``NotVisible``: the actor may not see the record at all. 404 on the page and in the API, so its
#   existence is not revealed (security.md item 2).
# - ``Forbidden``: the actor may see the record (or the list it belongs to) but may not take this
#   action. 403 on the page and in the API, with the service's message saying why.
# - ``RuleRefused`` (and ``FieldRefused``): the actor may act, but not this way: the form shows the
#   message (beside its field), the API answers 400.
# - ``StaleVersion``: someone else saved first: the page re-shows the input with the message, the API 409.
#
# ``NotVisible`` and ``Forbidden`` are Django's ``Http404`` and ``PermissionDenied``, which Django's
# handlers (``hub.core.views``) and DRF's (``hub.accounts.api_common.exception_handler``) both already
# answer with 404 and 403: neither a page nor an API view needs a line of its own to translate them.


class NotVisible(Http404):
    """The actor may not see this record: 404, whoever asks and however."""


class Forbidden(PermissionDenied):
    """The actor may see this record but may not do this to it: 403, with the reason."""

    def __init__(self, message: str = "Your role does not allow this action.") -> None:
        super().__init__(message)
