"""URLs of the communes app (namespace "communes")."""

from django.urls import path  # noqa: F401

app_name = "communes"

urlpatterns: list = []
