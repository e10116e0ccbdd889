"""PDF rendering (log_portal/pdf.py): templates to PDF, with only our static files fetchable."""

import datetime
import http.server
import io
import logging
import threading

import pytest
from pypdf import PdfReader

from log_portal.pdf import StaticFilesFetcher, render_pdf

REPORT = """{% extends "pdf/base.html" %}{% load i18n %}
{% block title %}Report{% endblock %}
{% block content %}<h1>{{ commune }}</h1><p>{{ day|date:"j F Y" }}</p>{{ extra|safe }}{% endblock %}
"""


@pytest.fixture
def report_template(tmp_path, settings):
    """A small template extending pdf/base.html, in a temporary template folder."""
    (tmp_path / "pdf_test").mkdir()
    (tmp_path / "pdf_test" / "report.html").write_text(REPORT, encoding="utf-8")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    return "pdf_test/report.html"


@pytest.fixture
def leak_server():
    """A local HTTP server serving a stylesheet that would print LEAKED, counting its requests."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # http.server API
            requests.append(self.path)
            body = b'main::after { content: "LEAKED-HTTP"; }'
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def render_report(template_name, language="fr", extra=""):
    context = {"commune": "Dan-Kassari", "day": datetime.date(2025, 7, 14), "extra": extra}
    return render_pdf(template_name, context, language=language)


def test_renders_the_context_with_the_header_and_page_numbers_from_pdf_css(report_template):
    # when
    pdf = render_report(report_template, language="en")

    # then
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "Dan-Kassari" in text
    assert "LOG Portal · AfricTivistes" in text
    # "1 / 1" comes from pdf.css's counters: the stylesheet was served by the static fetcher
    assert "Page 1 / 1" in text


def test_renders_in_the_language_asked_for(report_template):
    french = pdf_text(render_report(report_template, language="fr"))
    english = pdf_text(render_report(report_template, language="en"))

    assert "14 juillet 2025" in french
    assert "14 July 2025" in english
    assert "juillet" not in english
    # the shared header is translated too (locale/fr)
    assert "Portail LOG · AfricTivistes" in french
    assert "LOG Portal · AfricTivistes" in english


def test_http_urls_are_refused_and_never_requested(report_template, leak_server, caplog):
    # given
    base, requests = leak_server
    extra = f'<img src="{base}/x.png" alt=""><link rel="stylesheet" href="{base}/leak.css">'

    # when
    with caplog.at_level(logging.WARNING, logger="log_portal.pdf"):
        pdf = render_report(report_template, extra=extra)

    # then: the PDF still renders, without anything from the server
    text = pdf_text(pdf)
    assert "Dan-Kassari" in text
    assert "LEAKED" not in text
    assert requests == []
    assert f"refused to fetch {base}/x.png" in caplog.text
    assert f"refused to fetch {base}/leak.css" in caplog.text


def test_file_urls_are_refused(report_template, tmp_path, caplog):
    # given: a readable file on the server that would print its mark if it were loaded
    secret = tmp_path / "secret.css"
    secret.write_text('main::after { content: "LEAKED-FILE"; }', encoding="utf-8")
    extra = (
        f'<link rel="stylesheet" href="{secret.as_uri()}">'
        '<img src="file:///etc/passwd" alt="">'
        '<img src="/static/../../../etc/passwd" alt="">'
    )

    # when
    with caplog.at_level(logging.WARNING, logger="log_portal.pdf"):
        pdf = render_report(report_template, extra=extra)

    # then
    text = pdf_text(pdf)
    assert "Dan-Kassari" in text
    assert "LEAKED" not in text
    assert f"refused to fetch {secret.as_uri()}" in caplog.text
    assert "refused to fetch file:///etc/passwd" in caplog.text


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "file:///etc/passwd",
        "data:text/css,main{}",
        "https://pdf.log-portal.invalid/static/../settings.py",
        "https://pdf.log-portal.invalid/static/%2e%2e/%2e%2e/pyproject.toml",
        "https://pdf.log-portal.invalid/static/css/missing.css",
        "https://pdf.log-portal.invalid/media/upload.png",
    ],
)
def test_fetcher_raises_for_anything_but_an_existing_static_file(url):
    fetcher = StaticFilesFetcher()

    with pytest.raises(ValueError, match="only reads the project's static files"):
        fetcher.fetch(url)

    assert fetcher.refused == [url]


def test_fetcher_serves_a_static_file_with_its_type():
    response = StaticFilesFetcher().fetch("https://pdf.log-portal.invalid/static/css/pdf.css")

    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_fetcher_serves_the_hashed_copy_collected_for_production(settings, tmp_path):
    # given collectstatic's hashed copy under STATIC_ROOT, as {% static %} names it when DEBUG is off
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "pdf.0123abcd.css").write_text("@page { size: A4 }")
    settings.STATIC_ROOT = str(tmp_path)
    # when
    response = StaticFilesFetcher().fetch(
        "https://pdf.log-portal.invalid/static/css/pdf.0123abcd.css"
    )
    # then
    assert b"size: A4" in response.read()
