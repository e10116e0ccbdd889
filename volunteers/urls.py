"""URLs of the volunteers app (namespace "volunteers")."""

from django.urls import path  # noqa: F401

app_name = "volunteers"

urlpatterns: list = []
