"""Raising a place, group or person of concern for a panel's agenda through the API: the twin of the
raise page (``case_views.py``), through the same check and service (``cases.py``): 404 for a case or
meeting the caller may not see, 403 for a case they may see but not raise, 400 for a rule (a panel that
takes no contexts, a meeting already held, the case already on the agenda, no reason)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.accounts.api_common import BadRequest, errors, require_role
from hub.accounts.signed_in import SignedInApiRequest
from hub.core.errors import NotVisible, RuleRefused
from hub.intelligence.access import CASE_WRITERS
from hub.intelligence.contexts import case_get_for_user
from hub.panels import cases
from hub.panels.models import Meeting


class RaiseInputSerializer(serializers.Serializer[Any]):
    meeting = serializers.IntegerField(
        help_text="The meeting: of an MEP, SEP or Youth Risk panel of the area."
    )
    reason = serializers.CharField(max_length=2000, allow_blank=True, help_text="What the panel is asked.")


class RaisedSerializer(serializers.Serializer[Any]):
    item = serializers.IntegerField()
    meeting = serializers.IntegerField()
    order = serializers.IntegerField()
    reason = serializers.CharField()


class CaseRaise(APIView):
    @extend_schema(
        summary="Raise a place, group or person of concern for a panel's agenda",
        request=RaiseInputSerializer,
        responses={201: RaisedSerializer, **errors(400, 403, 404)},
    )
    def post(self, request: SignedInApiRequest, pk: int) -> Response:
        require_role(request, CASE_WRITERS, "Your role does not raise cases for panels.")
        case, _ = case_get_for_user(request.user, pk)
        cases.case_raise_check(by=request.user, entity=case)
        body = RaiseInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        meeting = (
            Meeting.objects.select_related("panel__meeting_type")
            .filter(pk=body.validated_data["meeting"])
            .first()
        )
        if meeting is None:
            raise serializers.ValidationError({"meeting": ["There is no such meeting."]})
        try:
            item = cases.case_raise(
                by=request.user, entity=case, meeting=meeting, reason=body.validated_data["reason"]
            )
        except NotVisible:
            raise serializers.ValidationError(
                {"meeting": ["There is no such meeting you may see."]}
            ) from None
        except RuleRefused as refused:
            raise BadRequest(refused) from refused
        return Response(
            {"item": item.pk, "meeting": meeting.pk, "order": item.order, "reason": item.reason},
            status=status.HTTP_201_CREATED,
        )
