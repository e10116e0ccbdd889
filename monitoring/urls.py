"""URLs of the monitoring app (namespace "monitoring"), mounted at /monitoring/."""

from django.urls import path

from monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan-list"),
    path("plans/<int:plan_pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("assessments/<int:pk>/", views.AssessmentPublicView.as_view(), name="assessment-detail"),
    path("assessments/<int:pk>/edit/", views.AssessmentEditView.as_view(), name="assessment-edit"),
    path(
        "assessments/<int:pk>/share/", views.AssessmentShareView.as_view(), name="assessment-share"
    ),
    path(
        "assessments/<int:pk>/submit/",
        views.AssessmentSubmitView.as_view(),
        name="assessment-submit",
    ),
    path(
        "assessments/<int:pk>/reply/", views.AssessmentReplyView.as_view(), name="assessment-reply"
    ),
    path("overdue/", views.OverdueListView.as_view(), name="overdue-list"),
    path(
        "reports/plans/<int:plan_pk>/",
        views.PlanReportRequestView.as_view(),
        name="report-plan",
    ),
    path(
        "reports/assessments/<int:pk>/",
        views.AssessmentReportRequestView.as_view(),
        name="report-assessment",
    ),
    path("reports/programme/", views.ProgrammeReportView.as_view(), name="report-programme"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<int:pk>/download/", views.ReportDownloadView.as_view(), name="report-download"),
]
