"""Places, groups and persons of concern on panels' agendas (contexts as cases): raising one for an MEP,
SEP or Youth Risk meeting, and what the case page shows of the agendas it is on. Raising is the hub's
and the police's, who see the intelligence; the meeting's chair runs the item as any other (decisions,
actions), and its attendees see the case while the meeting's window lasts (``relationships.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from hub.accounts import access
from hub.accounts.models import User
from hub.audit.models import LogAction
from hub.audit.services import log_change, log_refusal
from hub.core import clock
from hub.core.errors import NotVisible, RuleRefused
from hub.intelligence import context_services
from hub.intelligence.contexts import CaseAction, CaseSection, register_action, register_section
from hub.intelligence.models import ContextCase, Entity
from hub.panels import rules
from hub.panels.models import AgendaItem, ItemDecision, Meeting, SubjectKind

RULE = "raised-case"


def item_subject_visible(user: User, item: AgendaItem) -> bool:
    """Whether the reader may see what an item is about: its child or its case (a school or theme is
    the meeting's)."""
    if item.child is not None:
        return access.decide(user, item.child).allowed
    if (
        item.kind == SubjectKind.CONTEXT
        and item.context_id is not None
        and item.context_type_id == _entity_type().pk
    ):
        case = ContextCase.objects.filter(pk=item.context_id).first()
        return case is not None and access.decide(user, case).allowed
    return True


def _entity_type() -> ContentType:
    return ContentType.objects.get_for_model(Entity)


def meetings_to_raise_for(entity: Entity) -> QuerySet[Meeting, Any]:
    """The meetings of the case's area whose panels take contexts, still to come or meeting today (an
    item may be added on the day, until the minutes are issued)."""
    start_of_today = timezone.localtime(clock.now()).replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        Meeting.objects.filter(
            panel__authority_id=entity.authority_id,
            panel__meeting_type__code__in=rules.CONTEXT_MEETING_TYPES,
            held_at__gte=start_of_today,
        )
        .exclude(status__in=rules.LOCKED)
        .select_related("panel")
        .order_by("held_at", "pk")
    )


def case_raise_check(*, by: User, entity: Entity) -> None:
    """Who raises a case for a panel: hub staff and the police who may see it as a case
    (``context_services.case_change_check``)."""
    context_services.case_change_check(by=by, entity=entity)


def case_raise_allowed(*, by: User, entity: Entity) -> bool:
    return context_services.case_change_allowed(by=by, entity=entity)


def case_raise(*, by: User, entity: Entity, meeting: Meeting, reason: str) -> AgendaItem:
    """Put a place, group or person of concern on a meeting's agenda, at the end, with what the panel is
    asked to consider. The meeting is one of an MEP, SEP or Youth Risk panel of the case's area, still
    to come or meeting today; a case is on an agenda once."""
    case_raise_check(by=by, entity=entity)
    if not meetings_to_raise_for(entity).filter(pk=meeting.pk).exists():
        if meeting.panel.authority_id not in access.authority_ids(by):
            log_refusal(record=meeting, action="raise case", actor=by)
            raise NotVisible
        rules.meeting_editable_check(meeting)
        rules.context_meeting_check(meeting, entity)
        raise RuleRefused("This meeting was held before today: choose one still to come.")
    values, rule, reason = rules.item_subject_check(
        meeting=meeting,
        kind=SubjectKind.CONTEXT,
        child=None,
        school=None,
        theme="",
        context=entity,
        reason=reason,
        rule=RULE,
        placed_in=lambda child: False,
        on_agenda=lambda child: False,
        proposed=lambda child: None,
    )
    content_type = _entity_type()
    with transaction.atomic():
        if meeting.items.filter(context_type=content_type, context_id=entity.pk).exists():
            raise rules.already_on_agenda(entity)
        last = meeting.items.aggregate(last=Max("order"))["last"] or 0
        try:
            with transaction.atomic():
                item = AgendaItem.objects.create(
                    meeting=meeting, order=last + 1, added_by=by, reason=reason, rule=rule, **values
                )
        except IntegrityError as exc:
            raise rules.already_on_agenda(entity) from exc
        log_change(record=item, action=LogAction.COLLECT, detail=f"case raised for the agenda ({rule})")
    return item


@dataclass(frozen=True)
class CaseItem:
    item: AgendaItem
    decisions: list[ItemDecision]


def case_items(user: User, entity: Entity) -> list[CaseItem]:
    """The agenda items about the case that the reader may see, soonest meeting last."""
    items = list(
        access.visible(
            user,
            AgendaItem.objects.filter(context_type=_entity_type(), context_id=entity.pk).exclude(
                meeting__status=Meeting.Status.CANCELLED
            ),
        )
        .select_related("meeting__panel")
        .order_by("-meeting__held_at", "pk")
    )
    decisions: dict[int, list[ItemDecision]] = {}
    for decision in ItemDecision.objects.filter(item__in=items).order_by("pk"):
        decisions.setdefault(decision.item_id, []).append(decision)
    return [CaseItem(item, decisions.get(item.pk, [])) for item in items]


def _section(user: User, case: ContextCase) -> dict[str, Any] | None:
    return {
        "case_items": case_items(user, case),
        "may_raise": case_raise_allowed(by=user, entity=case),
        "case": case,
    }


def _raise_url(entity: Entity, why: str) -> str:
    url = reverse("panels:raise_case", args=[entity.pk])
    return f"{url}?{urlencode({'reason': why})}" if why else url


def register_case_section() -> None:
    register_section(CaseSection("panels", "panels/_case_section.html", _section))
    # An emerging context's alert about a place can become an agenda item (the alert's words as the
    # reason, for the raiser to finish).
    register_action(
        CaseAction(
            "raise",
            "Raise {name} for a panel's agenda",
            _raise_url,
            lambda user, entity: case_raise_allowed(by=user, entity=entity),
        )
    )
