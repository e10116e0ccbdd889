"""Routes of the monitoring endpoints, included by log_portal/api_urls.py."""

from rest_framework.routers import SimpleRouter

from monitoring.api import views

router = SimpleRouter()
router.register("assessments", views.AssessmentViewSet, basename="assessment")

urlpatterns = router.urls
