"""Small-number suppression (security.md item 8; ``HUB_SUPPRESSION_THRESHOLD``, default 5).

A count of children, or of what happened to them, shown to someone who is not working their cases (a
school safeguarding lead, a partnership lead) is not given below the threshold: a count of 1 to 4
becomes "fewer than 5", so that no child can be singled out. Nought is shown (there is nobody to single
out), as is every count to the roles that work cases, who see the children themselves. Every page and
document that shows such a count asks here; text stored for such an audience (an agenda item's reason
at a meeting of school leads) is written suppressed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from hub.core.roles import CASE_ROLES


def threshold() -> int:
    return settings.HUB_SUPPRESSION_THRESHOLD


def sees_exact_counts(user: Any) -> bool:
    """Whether ``user`` may see small counts: only the roles that work cases (deny by default, so a
    new role is suppressed until it is named there)."""
    return bool(user is not None and user.is_authenticated and user.has_role(*CASE_ROLES))


def is_suppressed(count: int, *, exact: bool) -> bool:
    return not exact and 0 < count < threshold()


def count_text(count: int, noun: str = "", *, exact: bool, plural: str = "") -> str:
    """``count`` (with its noun, pluralised) as it may be shown: "3 screenings" to a case role, "fewer
    than 5 screenings" to anyone else."""
    many = plural or f"{noun}s"
    if is_suppressed(count, exact=exact):
        return f"fewer than {threshold()}" + (f" {many}" if noun else "")
    if not noun:
        return str(count)
    return f"{count} {noun if count == 1 else many}"


def suppressed(count: int, noun: str = "", *, user: Any, plural: str = "") -> str:
    """The count as ``user`` may see it (see :func:`count_text`)."""
    return count_text(count, noun, exact=sees_exact_counts(user), plural=plural)


def suppressed_percent(part: int, whole: int, *, user: Any) -> str:
    """``part`` of ``whole`` as a whole percentage, for ``user``. A percentage gives away the whole,
    the part and the rest (1 of 3 is 33%), so it is not shown when any of them would be suppressed."""
    if whole == 0:
        return "none to count"
    exact = sees_exact_counts(user)
    if any(is_suppressed(n, exact=exact) for n in (whole, part, whole - part)):
        return f"not shown (fewer than {threshold()})"
    return f"{round(100 * part / whole)}%"
