"""Atom feeds of published progress updates (R23, R31): all, per commune, per commitment."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

from action_plans.models import ActionPlan
from commitments.models import QuarterlyUpdate
from log_portal.public import selectors

FEED_SIZE = 50


class LatestUpdatesFeed(Feed):
    """The latest published progress updates of every commune."""

    feed_type = Atom1Feed
    title = _("LOG Portal: latest progress updates")
    subtitle = _("Quarterly progress updates of OGP Local commitments.")

    def link(self, obj=None) -> str:
        return reverse("public:home")

    def updates(self, obj=None):
        return selectors.public_updates()

    def items(self, obj=None):
        return selectors.latest_updates(self.updates(obj), limit=FEED_SIZE)

    def item_title(self, item: QuarterlyUpdate) -> str:
        return f"{item.commitment.title} – {item.year}-Q{item.quarter}"

    def item_description(self, item: QuarterlyUpdate) -> str:
        # Atom's summary is typed "html": the typed text is escaped so that readers show it as text.
        return linebreaks(item.progress, autoescape=True)

    def item_link(self, item: QuarterlyUpdate) -> str:
        return reverse("public:commitment", args=[item.commitment_id]) + f"#update-{item.pk}"

    def item_pubdate(self, item: QuarterlyUpdate):
        return item.submitted_at or item.created_at

    def item_updateddate(self, item: QuarterlyUpdate):
        return item.updated_at


class CommuneUpdatesFeed(LatestUpdatesFeed):
    """R31: the updates on a member's plans (its own and joint commitments, R20)."""

    def get_object(self, request, slug: str):
        return get_object_or_404(selectors.public_communes(), slug=slug)

    def title(self, obj) -> str:
        return _("%(commune)s: progress updates") % {"commune": obj.name}

    def link(self, obj=None) -> str:
        return reverse("public:commune", args=[obj.slug])

    def updates(self, obj=None):
        plans = ActionPlan.objects.filter(communes=obj).values("pk")
        return selectors.public_updates().filter(
            Q(commitment__commune=obj)
            | Q(commitment__commune__isnull=True, commitment__plan__in=plans)
        )


class CommitmentUpdatesFeed(LatestUpdatesFeed):
    """The updates of one commitment."""

    def get_object(self, request, pk: int):
        return get_object_or_404(selectors.public_commitments(), pk=pk)

    def title(self, obj) -> str:
        return _("%(commitment)s: progress updates") % {"commitment": obj.title}

    def link(self, obj=None) -> str:
        return reverse("public:commitment", args=[obj.pk])

    def updates(self, obj=None):
        return selectors.public_updates().filter(commitment=obj)
