"""URLs of the public site (namespace "public")."""

from django.urls import path

from log_portal import views

app_name = "public"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
]
