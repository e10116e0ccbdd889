"""URLs of the action_plans app (namespace "action_plans"), mounted at /workspace/."""

from django.urls import path

from action_plans import views

app_name = "action_plans"

urlpatterns = [
    path("", views.home, name="home"),
    path("communes/<int:commune_pk>/plans/new/", views.PlanCreateView.as_view(), name="create"),
    path("plans/<int:pk>/edit/", views.PlanEditView.as_view(), name="edit"),
    path("plans/<int:pk>/vision/", views.VisionView.as_view(), name="vision"),
    path(
        "plans/<int:pk>/vision/<slug:section>/", views.VisionView.as_view(), name="vision-section"
    ),
    path(
        "plans/<int:pk>/vision/documents/download/",
        views.VisionDocumentView.as_view(),
        name="vision-document",
    ),
    path("plans/<int:pk>/meetings/new/", views.MeetingCreateView.as_view(), name="meeting-create"),
    path(
        "plans/<int:pk>/endorsements/new/",
        views.EndorsementCreateView.as_view(),
        name="endorsement-create",
    ),
]
