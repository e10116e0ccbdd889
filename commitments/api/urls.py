"""Routes of the commitment endpoints, included by log_portal/api_urls.py."""

from rest_framework.routers import SimpleRouter

from commitments.api import views

router = SimpleRouter()
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("updates", views.QuarterlyUpdateViewSet, basename="update")
router.register("evidence", views.EvidenceViewSet, basename="evidence")
router.register("comments", views.CommentViewSet, basename="comment")

urlpatterns = router.urls
