from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import analyses, consultations, meetings, partnerships, practices, strategies, views

router = DefaultRouter()
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("events", views.EventViewSet, basename="event")
router.register("practices", practices.PracticeViewSet, basename="practice")
router.register("consultations", consultations.ConsultationViewSet, basename="consultation")
router.register(
    "consultation-proposals", consultations.ProposalViewSet, basename="consultation-proposal"
)
router.register("decisions", meetings.DecisionViewSet, basename="decision")
router.register("actions", meetings.ActionViewSet, basename="action")
router.register("agreements", partnerships.AgreementViewSet, basename="agreement")
router.register("councils", partnerships.CouncilViewSet, basename="council")
router.register("analyses", analyses.ProblemAnalysisViewSet, basename="analysis")
router.register("strategies", strategies.StrategyViewSet, basename="strategy")
router.register("strategy-measures", strategies.MeasureViewSet, basename="strategy-measure")

app_name = "api"

urlpatterns = [
    path("openapi.json", views.SchemaView.as_view(), name="schema"),
    path("", include(router.urls)),
]
