"""PDF documents from HTML templates (WeasyPrint). Every PDF of the platform goes through here, so
each can include ``includes/eu_visibility_pdf.html`` and the bundled Cyrillic fonts."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def _static_fetcher(url: str, *args, **kwargs):
    from weasyprint.urls import default_url_fetcher

    # Serve /static/... straight from the files, so PDFs never fetch over the network.
    if url.startswith("static:"):
        path = finders.find(url.removeprefix("static:"))
        if path:
            with open(path, "rb") as handle:
                return {"string": handle.read(), "filename": path}
    return default_url_fetcher(url, *args, **kwargs)


def render_pdf(template_name: str, context: dict | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context or {})
    return HTML(string=html, url_fetcher=_static_fetcher, base_url="static:").write_pdf()
