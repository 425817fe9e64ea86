from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from hub.accounts import api as accounts_api
from hub.actions import api as actions_api
from hub.children import api as children_api
from hub.intelligence import api as intelligence_api
from hub.intelligence import context_api, network_api, operation_api, places_api
from hub.missing import api as missing_api
from hub.missing import correction_api as missing_corrections
from hub.nrm import api as nrm_api
from hub.panels import api as panels_api
from hub.panels import case_api as panels_case_api
from hub.plans import api as plans_api
from hub.reference import api as reference_api
from hub.screening import api as screening_api

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/me/", accounts_api.MeView.as_view(), name="me"),
    path("v1/reference/levels/", reference_api.LevelList.as_view(), name="reference-levels"),
    path(
        "v1/reference/exploitation-types/",
        reference_api.ExploitationTypeList.as_view(),
        name="reference-exploitation-types",
    ),
    path("v1/reference/indicators/", reference_api.IndicatorList.as_view(), name="reference-indicators"),
    path(
        "v1/reference/disruption-tactics/",
        reference_api.DisruptionTacticList.as_view(),
        name="reference-disruption-tactics",
    ),
    path("v1/children/", children_api.ChildList.as_view(), name="children-list"),
    path("v1/children/<int:pk>/", children_api.ChildDetail.as_view(), name="children-detail"),
    path("v1/screenings/", screening_api.ScreeningList.as_view(), name="screenings-list"),
    path("v1/screenings/<int:pk>/", screening_api.ScreeningDetail.as_view(), name="screenings-detail"),
    path(
        "v1/screenings/<int:pk>/review/",
        screening_api.ScreeningReviewCreate.as_view(),
        name="screenings-review",
    ),
    path("v1/episodes/", missing_api.EpisodeList.as_view(), name="episodes-list"),
    path("v1/episodes/<int:pk>/", missing_api.EpisodeDetail.as_view(), name="episodes-detail"),
    path("v1/episodes/<int:pk>/return/", missing_api.EpisodeReturn.as_view(), name="episodes-return"),
    path(
        "v1/episodes/<int:pk>/correct/", missing_corrections.EpisodeCorrect.as_view(), name="episodes-correct"
    ),
    path(
        "v1/risk-grades/<int:pk>/correct/",
        missing_corrections.RiskGradeCorrect.as_view(),
        name="risk-grades-correct",
    ),
    path("v1/interviews/", missing_api.InterviewList.as_view(), name="interviews-list"),
    path("v1/interviews/<int:pk>/", missing_api.InterviewDetail.as_view(), name="interviews-detail"),
    path(
        "v1/interviews/<int:pk>/correct/",
        missing_corrections.InterviewCorrect.as_view(),
        name="interviews-correct",
    ),
    path(
        "v1/children/<int:pk>/nrm-referrals/",
        nrm_api.ChildReferrals.as_view(),
        name="children-nrm-referrals",
    ),
    path("v1/nrm-referrals/<int:pk>/", nrm_api.ReferralDetail.as_view(), name="nrm-referrals-detail"),
    path(
        "v1/nrm-referrals/<int:pk>/reasonable-grounds/",
        nrm_api.ReasonableGrounds.as_view(),
        name="nrm-referrals-reasonable-grounds",
    ),
    path(
        "v1/nrm-referrals/<int:pk>/conclusive-grounds/",
        nrm_api.ConclusiveGrounds.as_view(),
        name="nrm-referrals-conclusive-grounds",
    ),
    path("v1/nrm-referrals/<int:pk>/withdraw/", nrm_api.Withdraw.as_view(), name="nrm-referrals-withdraw"),
    path("v1/nrm-referrals/<int:pk>/correct/", nrm_api.Correct.as_view(), name="nrm-referrals-correct"),
    path("v1/plans/", plans_api.PlanList.as_view(), name="plans-list"),
    path("v1/plans/<int:pk>/", plans_api.PlanDetail.as_view(), name="plans-detail"),
    path("v1/plans/<int:pk>/review/", plans_api.PlanReview.as_view(), name="plans-review"),
    path("v1/plans/<int:pk>/lead/", plans_api.PlanLead.as_view(), name="plans-lead"),
    path("v1/meetings/", panels_api.MeetingList.as_view(), name="meetings-list"),
    path("v1/meetings/<int:pk>/", panels_api.MeetingDetail.as_view(), name="meetings-detail"),
    path("v1/meetings/<int:pk>/items/", panels_api.MeetingItems.as_view(), name="meetings-items"),
    path("v1/meetings/<int:pk>/cancel/", panels_api.MeetingCancel.as_view(), name="meetings-cancel"),
    path("v1/meetings/<int:pk>/move/", panels_api.MeetingMove.as_view(), name="meetings-move"),
    path("v1/items/<int:pk>/decisions/", panels_api.ItemDecisions.as_view(), name="items-decisions"),
    path("v1/intelligence/entities/", intelligence_api.EntityList.as_view(), name="intelligence-entities"),
    path(
        "v1/intelligence/entities/<int:pk>/",
        intelligence_api.EntityDetail.as_view(),
        name="intelligence-entities-detail",
    ),
    path(
        "v1/intelligence/entities/<int:pk>/links/",
        intelligence_api.EntityLinks.as_view(),
        name="intelligence-entity-links",
    ),
    path(
        "v1/intelligence/entities/<int:pk>/disruptions/",
        intelligence_api.EntityDisruptions.as_view(),
        name="intelligence-entity-disruptions",
    ),
    path(
        "v1/intelligence/disruptions/<int:pk>/",
        intelligence_api.DisruptionDetail.as_view(),
        name="intelligence-disruptions-detail",
    ),
    path(
        "v1/intelligence/disruptions/<int:pk>/correct/",
        intelligence_api.DisruptionCorrect.as_view(),
        name="intelligence-disruptions-correct",
    ),
    path("v1/actions/", actions_api.ActionList.as_view(), name="actions-list"),
    path("v1/actions/<int:pk>/", actions_api.ActionDetail.as_view(), name="actions-detail"),
    path("v1/entities/<int:pk>/network/", network_api.EntityNetwork.as_view(), name="entities-network"),
    path("v1/entities/<int:pk>/chain/", network_api.EntityChain.as_view(), name="entities-chain"),
    path("v1/network/communities/", network_api.NetworkCommunities.as_view(), name="network-communities"),
    path("v1/network/key-players/", network_api.NetworkKeyPlayers.as_view(), name="network-key-players"),
    path(
        "v1/intelligence/entities/<int:pk>/network/",
        network_api.EntityNetwork.as_view(),
        name="entities-network",
    ),
    path(
        "v1/intelligence/entities/<int:pk>/chain/", network_api.EntityChain.as_view(), name="entities-chain"
    ),
    path(
        "v1/intelligence/network/communities/",
        network_api.NetworkCommunities.as_view(),
        name="network-communities",
    ),
    path(
        "v1/intelligence/network/key-players/",
        network_api.NetworkKeyPlayers.as_view(),
        name="network-key-players",
    ),
    path("v1/intelligence/places/", places_api.RankedPlaces.as_view(), name="intelligence-places"),
    path(
        "v1/intelligence/cases/<int:pk>/", context_api.CaseDetail.as_view(), name="intelligence-cases-detail"
    ),
    path(
        "v1/intelligence/cases/<int:pk>/assessments/",
        context_api.CaseAssessments.as_view(),
        name="intelligence-case-assessments",
    ),
    path(
        "v1/intelligence/cases/<int:pk>/risks/",
        context_api.CaseRisks.as_view(),
        name="intelligence-case-risks",
    ),
    path(
        "v1/intelligence/cases/<int:pk>/raise/",
        panels_case_api.CaseRaise.as_view(),
        name="intelligence-case-raise",
    ),
    path(
        "v1/intelligence/assessments/<int:pk>/correct/",
        context_api.AssessmentCorrect.as_view(),
        name="intelligence-assessments-correct",
    ),
    path(
        "v1/intelligence/operations/", operation_api.OperationList.as_view(), name="intelligence-operations"
    ),
    path(
        "v1/intelligence/operations/<int:pk>/",
        operation_api.OperationDetail.as_view(),
        name="intelligence-operations-detail",
    ),
    path(
        "v1/intelligence/operations/<int:pk>/members/",
        operation_api.OperationMembers.as_view(),
        name="intelligence-operation-members",
    ),
    path(
        "v1/intelligence/operations/<int:pk>/entities/",
        operation_api.OperationEntities.as_view(),
        name="intelligence-operation-entities",
    ),
    path(
        "v1/intelligence/operations/<int:pk>/disruptions/",
        operation_api.OperationDisruptions.as_view(),
        name="intelligence-operation-disruptions",
    ),
]
