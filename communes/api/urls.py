"""Routes of the commune endpoints, included by log_portal/api_urls.py."""

from rest_framework.routers import SimpleRouter

from communes.api import views

router = SimpleRouter()
router.register("cohorts", views.CohortViewSet, basename="cohort")
router.register("communes", views.CommuneViewSet, basename="commune")

urlpatterns = router.urls
