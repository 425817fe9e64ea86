"""Reads about children, always through the reader's scope. Every read of a record, and every search,
writes the access log before the caller renders anything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from hub.accounts import access
from hub.accounts.access import Action, Decision
from hub.accounts.models import Authority, User
from hub.audit.services import log_consultation, log_search
from hub.children import names
from hub.children.models import Alias, Allocation, Child, PossibleDuplicate
from hub.children.rules import SEARCH_THRESHOLD, match_score


def child_get_for_user(
    user: User, pk: Any, *, action: Action = Action.READ, purpose: str = ""
) -> tuple[Child, Decision]:
    """One child the user may see (404 otherwise), with the consultation logged."""
    child, decision = access.get_for_user(
        user, Child, pk, action=action, queryset=Child.objects.select_related("level", "authority")
    )
    if action == Action.READ:
        log_consultation(records=child, justification=decision.justification, detail=purpose)
    return child, decision


def children_visible(user: User) -> QuerySet[Child]:
    return access.visible(user, Child.objects.all())


@dataclass(frozen=True)
class SearchResult:
    child: Child
    score: float
    reasons: tuple[str, ...]


def _normalise_identifier(value: str) -> str:
    return "".join(value.split()).upper()


def child_search(
    user: User, *, name: str = "", date_of_birth: date | None = None, identifier: str = "", limit: int = 50
) -> list[SearchResult]:
    """Children the user may see that match, best first. Tolerates spelling and nicknames in names;
    identifiers (child id, UPN, NHS number, police reference) match exactly."""
    scoped = children_visible(user).select_related("level")
    results: list[SearchResult] = []
    if identifier:
        code = _normalise_identifier(identifier)
        matches = scoped.filter(
            Q(local_child_id__iexact=code)
            | Q(upn__iexact=code)
            | Q(nhs_number=code)
            | Q(police_reference__iexact=code)
        )
        results = [SearchResult(child, 1.0, ("identifier matches",)) for child in matches[:limit]]
    elif name.strip():
        parts = name.split()
        first, last = (parts[0], parts[-1]) if len(parts) > 1 else ("", parts[0])
        first_keys = names.first_name_keys(first) if first else set()
        last_key = names.sound_key(last)
        single_keys = names.first_name_keys(last) | {last_key}
        if first:
            q = (
                Q(last_name_key=last_key)
                | Q(aliases__last_name_key=last_key)
                | Q(last_name__istartswith=last[:3])  # Thomson / Thompson: different sounds, close spelling
            )
            if date_of_birth:  # a changed surname: same first name and date of birth
                q |= Q(first_name_key__in=first_keys, date_of_birth=date_of_birth)
        else:  # one word: a first name, a last name or an alias
            q = (
                Q(last_name_key__in=single_keys)
                | Q(first_name_key__in=single_keys)
                | Q(aliases__first_name_key__in=single_keys)
                | Q(aliases__last_name_key__in=single_keys)
            )
        if date_of_birth:  # estimated dates of birth can be a year out
            window = timedelta(days=400)
            q &= Q(date_of_birth__isnull=True) | Q(
                date_of_birth__range=(date_of_birth - window, date_of_birth + window)
            )
        candidates = (
            scoped.filter(q)
            .prefetch_related(Prefetch("aliases", queryset=Alias.objects.all()))
            .distinct()[:500]
        )
        for child in candidates:
            best = match_score(
                first_name=first,
                last_name=last,
                date_of_birth=date_of_birth,
                candidate_first=child.first_name,
                candidate_last=child.last_name,
                candidate_dob=child.date_of_birth,
            )
            for alias in child.aliases.all():
                alias_parts = alias.name.split()
                alias_score = match_score(
                    first_name=first,
                    last_name=last,
                    date_of_birth=date_of_birth,
                    candidate_first=alias_parts[0] if len(alias_parts) > 1 else "",
                    candidate_last=alias_parts[-1] if alias_parts else "",
                    candidate_dob=child.date_of_birth,
                )
                if alias_score.score > best.score:
                    best = type(best)(alias_score.score, (*alias_score.reasons, f"alias {alias.name}"))
            if not first:  # a single word: score it against either name, or any word of an alias
                single = max(
                    names.similarity(last, child.last_name),
                    names.first_name_similarity(last, child.first_name),
                )
                best = type(best)(single, ("name matches",))
                for alias in child.aliases.all():
                    words = alias.name.split()
                    alias_single = max((names.similarity(last, word) for word in words), default=0.0)
                    if alias_single > best.score:
                        best = type(best)(alias_single, (f"alias {alias.name}",))
            if best.score >= SEARCH_THRESHOLD:
                results.append(SearchResult(child, best.score, best.reasons))
        results.sort(key=lambda result: (-result.score, result.child.last_name, result.child.first_name))
        results = results[:limit]
    elif date_of_birth:
        results = [
            SearchResult(child, 1.0, ("same date of birth",))
            for child in scoped.filter(date_of_birth=date_of_birth)[:limit]
        ]
    query = " ".join(
        part
        for part in [name, date_of_birth.isoformat() if date_of_birth else "", identifier and "identifier"]
        if part
    )
    log_search(
        model=Child, query=query, result_ids=[result.child.pk for result in results], justification="search"
    )
    return results


# The identifiers no two children's records may share, as a person names them.
IDENTIFIER_LABELS = {"upn": "UPN", "nhs_number": "NHS number", "local_child_id": "child ID"}


def identifiers_taken(
    *,
    upn: str = "",
    nhs_number: str = "",
    local_child_id: str = "",
    authority: Authority | None = None,
    exclude: Child | None = None,
) -> set[str]:
    """Which of these identifiers another child's record already holds (the UPN and NHS number across
    the Hub, the child ID within ``authority``), as ``IDENTIFIER_LABELS`` keys.

    The answer tells the asker that such a record exists, even one outside their scope (so that a
    second record is not made for the same child), so every check is logged as a search, with the
    records found. Values the record being changed already holds are not checked: no other record can
    hold them, and re-saving a record is not a search.
    """
    wanted = {"upn": upn, "nhs_number": nhs_number}
    if authority is not None:
        wanted["local_child_id"] = local_child_id
    if exclude is not None:
        wanted = {name: value for name, value in wanted.items() if value != getattr(exclude, name)}
    wanted = {name: value for name, value in wanted.items() if value}
    if not wanted:
        return set()
    conditions = [
        Q(local_child_id=value, authority=authority) if name == "local_child_id" else Q(**{name: value})
        for name, value in wanted.items()
    ]
    others = Child.objects.filter(reduce(or_, conditions))
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    found = list(others.values("pk", *wanted))
    taken = {name for row in found for name, value in wanted.items() if row[name] == value}
    log_search(
        model=Child,
        query="identifier check: " + ", ".join(IDENTIFIER_LABELS[name] for name in wanted),
        result_ids=[row["pk"] for row in found],
        justification="identifier check",
    )
    return taken


def duplicates_for(user: User, child: Child) -> list[PossibleDuplicate]:
    """Open possible duplicates of a child, found from either record, only where the reader may
    see the other record too. Each carries ``counterpart``: the other child, seen from this one."""
    visible_ids = children_visible(user).values("pk")
    found = (
        PossibleDuplicate.objects.filter(dismissed_at__isnull=True)
        .filter(Q(child=child, other__in=visible_ids) | Q(other=child, child__in=visible_ids))
        .select_related("child", "other")
    )
    duplicates = []
    for duplicate in found:
        duplicate.counterpart = duplicate.other if duplicate.child_id == child.pk else duplicate.child
        duplicates.append(duplicate)
    return duplicates


def current_allocation(child: Child) -> Allocation | None:
    return child.allocations.filter(end__isnull=True).select_related("worker", "worker__agency").first()
