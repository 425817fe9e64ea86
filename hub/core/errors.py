"""Errors services raise for a person to read: each message says what happened and what to do."""


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
    """A refusal about one field (``field`` names it), so a page puts the message beside that field and
    the API returns it under that field's name."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field
