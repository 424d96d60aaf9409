"""Printable PDFs from Django templates: service cards, reports.

``render_pdf(template_name, context)`` renders a template that extends ``core/pdf/base.html`` (A4, margins, page
numbers, the Chinese font stack) and returns the PDF's bytes. The text is set in the system's Noto CJK fonts,
found through fontconfig (Debian's ``fonts-noto-cjk``) and embedded as subsets of the glyphs used; with HarfBuzz's
subsetting library (``libharfbuzz-subset0``) a page renders in a fraction of a second, without it in seconds.

Nothing is fetched from the network while rendering: the document may use ``data:`` URIs (an inline image) and
the project's static files (``{% static %}``), and every other address (http, https, ftp, a file outside the
static files) is refused, so that a name or a note typed by a user can never make the server fetch something.
Inline SVG (charts, QR codes) needs no fetching at all.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

#: The base URL relative addresses in a document are read against: ``/static/x.css`` becomes
#: ``file:///static/x.css``, which :class:`LocalOnlyFetcher` serves from the static files.
BASE_URL = "file:///"


class RefusedAddress(ValueError):
    """An address a PDF may not load: anything but a ``data:`` URI or one of the project's static files."""


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        """Serves ``data:`` URIs and static files; refuses everything else before any connection is made."""

        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = unquote(urlsplit(url).path)
                if path.startswith(settings.STATIC_URL):
                    found = finders.find(path.removeprefix(settings.STATIC_URL))
                    if found:
                        with open(found, "rb") as file:
                            body = file.read()
                        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                        return URLFetcherResponse(url, body, {"Content-Type": content_type})
            raise RefusedAddress(f"A PDF may not load {url!r}: only static files and data: URIs.")

    return LocalOnlyFetcher


def local_only_fetcher():
    """The URL fetcher every PDF of the project is rendered with."""
    return _fetcher_class()()


def html_to_pdf(html: str) -> bytes:
    """A PDF of ``html``, fetching nothing but static files and ``data:`` URIs."""
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=local_only_fetcher()).write_pdf()


def render_pdf(template_name: str, context: dict | None = None, request=None) -> bytes:
    """Render ``template_name`` (extending ``core/pdf/base.html``) with ``context`` and return the PDF."""
    return html_to_pdf(render_to_string(template_name, context or {}, request=request))
