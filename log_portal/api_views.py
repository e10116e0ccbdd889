"""Views of the API that belong to no app: the JSON 404 and the user's token page (R32)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from rest_framework import exceptions, permissions, status
from rest_framework.authtoken.models import Token
from rest_framework.decorators import api_view, permission_classes, schema
from rest_framework.response import Response


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([permissions.AllowAny])
@schema(None)
def not_found(request, *args: Any, **kwargs: Any) -> Response:
    """Any other address under /api/v1/ answers the JSON error shape, not an HTML page."""
    raise exceptions.NotFound()


# --- tokens (created and revoked by their user) -------------------------------------------------


class TokenView(LoginRequiredMixin, TemplateView):
    """R32: a logged-in user creates, sees and revokes their one API token."""

    template_name = "api/tokens.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["token"] = Token.objects.filter(user=self.request.user).first()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action")
        if action == "create":
            Token.objects.filter(user=request.user).delete()
            Token.objects.create(user=request.user)
            messages.success(
                request, _("Your new API token is ready. The old one no longer works.")
            )
        elif action == "revoke":
            Token.objects.filter(user=request.user).delete()
            messages.success(request, _("Your API token is revoked."))
        else:
            return HttpResponse(status=status.HTTP_400_BAD_REQUEST)
        return redirect("api:tokens")
