"""URLs of the monitoring app (namespace "monitoring")."""

from django.urls import path  # noqa: F401

app_name = "monitoring"

urlpatterns: list = []
