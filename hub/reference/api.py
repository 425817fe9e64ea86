from __future__ import annotations

from rest_framework import generics, serializers

from hub.reference.models import DisruptionTactic, ExploitationType, LevelOfConcern, ScreeningIndicator


class LevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = LevelOfConcern
        fields = ["code", "name", "description", "rank", "min_score"]


class ExploitationTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExploitationType
        fields = ["code", "name", "description", "cin_factor"]


class IndicatorSerializer(serializers.ModelSerializer):
    exploitation_types: serializers.SlugRelatedField[ExploitationType] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = ScreeningIndicator
        fields = ["code", "question", "description", "weight", "order", "exploitation_types"]


class DisruptionTacticSerializer(serializers.ModelSerializer):
    class Meta:
        model = DisruptionTactic
        fields = ["code", "name", "legal_basis", "description", "for_persons", "for_groups", "for_locations"]


class LevelList(generics.ListAPIView):
    """Levels of concern in order of severity."""

    serializer_class = LevelSerializer
    pagination_class = None
    queryset = LevelOfConcern.objects.filter(active=True).order_by("rank")


class ExploitationTypeList(generics.ListAPIView):
    serializer_class = ExploitationTypeSerializer
    pagination_class = None
    queryset = ExploitationType.objects.filter(active=True)


class IndicatorList(generics.ListAPIView):
    """The screening tool's indicators, with their weights."""

    serializer_class = IndicatorSerializer
    pagination_class = None
    queryset = ScreeningIndicator.objects.filter(active=True).prefetch_related("exploitation_types")


class DisruptionTacticList(generics.ListAPIView):
    """The disruption toolkit's tactics and orders, with their legal basis and what each is used against."""

    serializer_class = DisruptionTacticSerializer
    pagination_class = None
    queryset = DisruptionTactic.objects.filter(active=True)
