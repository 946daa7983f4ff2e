"""PDF documents from HTML templates (WeasyPrint). Every PDF of the platform goes through here, so
each can include ``includes/eu_visibility_pdf.html`` and the bundled Cyrillic fonts.

Relative URLs in the templates (``core/fonts/DejaVuSans.ttf``) resolve to the project's static
files; nothing is ever fetched over the network while a PDF is made."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STATIC_BASE = "http://static.partnerstvo.invalid/"


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(STATIC_BASE):
                path = finders.find(url.removeprefix(STATIC_BASE).split("?")[0])
                if path:
                    with open(path, "rb") as handle:
                        body = handle.read()
                    content_type = "image/svg+xml" if path.endswith(".svg") else None
                    headers = {"Content-Type": content_type} if content_type else {}
                    return URLFetcherResponse(url, body=body, headers=headers)
            raise ValueError(f"PDFs may use only the platform's static files, not {url}")

    return StaticFilesOnly


def render_pdf(template_name: str, context: dict | None = None) -> bytes:
    """Render ``template_name`` with ``context`` to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template_name, context or {})
    return HTML(string=html, url_fetcher=_fetcher_class()(), base_url=STATIC_BASE).write_pdf()
