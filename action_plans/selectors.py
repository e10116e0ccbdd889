"""Reads for the workspace's action plan pages."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from communes.models import Commune, Organisation


def organisations_for(communes: Iterable[Commune]) -> QuerySet[Organisation]:
    """R12: the non-governmental stakeholders of the communes, and those of no commune in their countries."""
    communes = list(communes)
    countries = {c.country.code for c in communes}
    return Organisation.objects.filter(
        Q(commune__in=communes) | Q(commune__isnull=True, country__in=countries)
    ).order_by("name")
