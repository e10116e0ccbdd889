"""URLs of the action_plans app (namespace "action_plans")."""

from django.urls import path  # noqa: F401

app_name = "action_plans"

urlpatterns: list = []
