"""URLs of the commitments app (namespace "commitments"), mounted at /workspace/commitments/."""

from django.urls import path

from commitments import views

app_name = "commitments"

urlpatterns = [
    path("", views.WorkspaceHomeView.as_view(), name="home"),
    path("communes/<int:commune_pk>/", views.DashboardView.as_view(), name="dashboard"),
    path(
        "communes/<int:commune_pk>/updates/<int:year>/<int:quarter>/",
        views.QuarterUpdateView.as_view(),
        name="quarter-update",
    ),
    path("communes/<int:commune_pk>/comments/", views.CommentListView.as_view(), name="comments"),
    path(
        "comments/<int:pk>/moderate/", views.CommentModerateView.as_view(), name="comment-moderate"
    ),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path("plans/<int:pk>/submit/", views.PlanSubmitView.as_view(), name="plan-submit"),
    path("plans/<int:plan_pk>/new/", views.CommitmentEditView.as_view(), name="create"),
    path("<int:pk>/edit/", views.CommitmentEditView.as_view(), name="edit"),
    path(
        "evidence/<slug:target>/<int:pk>/new/",
        views.EvidenceCreateView.as_view(),
        name="evidence-add",
    ),
    path("evidence/<int:pk>/file/", views.EvidenceFileView.as_view(), name="evidence-file"),
    path("<int:pk>/changes/", views.ChangeRecordView.as_view(), name="change"),
]
