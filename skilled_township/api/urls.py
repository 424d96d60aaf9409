"""REST API v1. Each endpoint is one viewset from a topic module; a new app adds its module and a line here."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import auth, cadres, docs, learning, regions, skills

app_name = "api"

# No format-suffix patterns: JSON is the only format clients need, and the browsable API negotiates itself.
router = SimpleRouter()
router.register("regions", regions.RegionViewSet, basename="region")
router.register("skill-categories", skills.SkillCategoryViewSet, basename="skill-category")
router.register("skills", skills.SkillViewSet, basename="skill")
router.register("demand", skills.DemandViewSet, basename="demand")
router.register("cadres", cadres.CadreViewSet, basename="cadre")
router.register("secondments", cadres.SecondmentViewSet, basename="secondment")
router.register("learning-plans", learning.LearningPlanViewSet, basename="learning-plan")
router.register("study-records", learning.StudyRecordViewSet, basename="study-record")

urlpatterns = [
    path("auth/token/", auth.ObtainTokenView.as_view(), name="token"),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(), name="docs"),
    *router.urls,
]
