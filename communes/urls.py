"""URLs of the communes app (namespace "communes"), mounted at /calls/."""

from django.urls import path

from communes import views

app_name = "communes"

urlpatterns = [
    path("", views.CallListView.as_view(), name="call-list"),
    path("<int:pk>/", views.CallDetailView.as_view(), name="call-detail"),
    path(
        "<int:pk>/apply/", views.CommuneApplicationCreateView.as_view(), name="application-create"
    ),
    path("receipt/", views.ApplicationReceiptView.as_view(), name="application-receipt"),
]
