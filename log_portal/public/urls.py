"""URLs of the public site (namespace "public")."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from log_portal.public import exports, feeds, sitemaps, views

app_name = "public"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("communes/", views.CommuneListView.as_view(), name="communes"),
    path("communes/<slug:slug>/", views.CommuneDetailView.as_view(), name="commune"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path("commitments/", views.CommitmentSearchView.as_view(), name="commitments"),
    path("commitments/<int:pk>/", views.CommitmentDetailView.as_view(), name="commitment"),
    path("updates/<int:pk>/comments/", views.CommentCreateView.as_view(), name="comment-create"),
    path("evidence/<int:pk>/download/", views.EvidenceDownloadView.as_view(), name="evidence"),
    path("data/", exports.DataView.as_view(), name="data"),
    path("data/datapackage.json", exports.datapackage, name="datapackage"),
    path("data/<slug:name>.<str:fmt>", exports.download, name="data-download"),
    path("feeds/updates/", feeds.LatestUpdatesFeed(), name="feed-updates"),
    path("feeds/communes/<slug:slug>/", feeds.CommuneUpdatesFeed(), name="feed-commune"),
    path("feeds/commitments/<int:pk>/", feeds.CommitmentUpdatesFeed(), name="feed-commitment"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "public:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap-section",
    ),
]
