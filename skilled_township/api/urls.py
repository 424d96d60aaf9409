from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("skill-categories", views.SkillCategoryViewSet, basename="skill-category")
router.register("skills", views.SkillViewSet, basename="skill")
router.register("cadres", views.CadreViewSet, basename="cadre")
router.register("secondments", views.SecondmentViewSet, basename="secondment")
router.register("learning-plans", views.LearningPlanViewSet, basename="learning-plan")
router.register("study-records", views.StudyRecordViewSet, basename="study-record")
router.register("demand", views.DemandViewSet, basename="demand")

urlpatterns = [
    path("auth/token/", views.ObtainTokenView.as_view(), name="token"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
    *router.urls,
]
