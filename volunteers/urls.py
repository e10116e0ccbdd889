"""URLs of the volunteers app (namespace "volunteers"), mounted at /volunteers/."""

from django.urls import path

from volunteers import views

app_name = "volunteers"

urlpatterns = [
    path(
        "calls/<int:pk>/apply/",
        views.VolunteerApplicationCreateView.as_view(),
        name="application-create",
    ),
    path("imports/new/", views.ApplicationImportCreateView.as_view(), name="import-create"),
    path("imports/<int:pk>/", views.ApplicationImportDetailView.as_view(), name="import-detail"),
]
