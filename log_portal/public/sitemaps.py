"""sitemap.xml of the public site: the fixed pages, communes, plans and commitments."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from log_portal.public import selectors


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["public:home", "public:communes", "public:commitments", "public:data"]

    def location(self, item):
        return reverse(item)


class CommuneSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return selectors.public_communes().only("slug", "updated_at").order_by("pk")

    def location(self, item):
        return reverse("public:commune", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class PlanSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return selectors.public_plans().only("pk", "updated_at").order_by("pk")

    def location(self, item):
        return reverse("public:plan", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


class CommitmentSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return selectors.public_commitments().only("pk", "updated_at").order_by("pk")

    def location(self, item):
        return reverse("public:commitment", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "communes": CommuneSitemap,
    "plans": PlanSitemap,
    "commitments": CommitmentSitemap,
}
