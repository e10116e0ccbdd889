"""Routes of the action plan endpoints, included by log_portal/api_urls.py."""

from rest_framework.routers import SimpleRouter

from action_plans.api import views

router = SimpleRouter()
router.register("plans", views.ActionPlanViewSet, basename="plan")
router.register("visions", views.StrategicVisionViewSet, basename="vision")

urlpatterns = router.urls
