"""Printable PDFs: Chinese text set in the system's Noto CJK fonts and embedded, A4 with page numbers, and
nothing fetched from the network however the document asks."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.template import engines

from skilled_township.core.pdf import RefusedAddress, html_to_pdf, local_only_fetcher

from .. import pdf_text


def render(body: str) -> bytes:
    template = engines["django"].from_string(
        '{% extends "core/pdf/base.html" %}{% block content %}' + body + "{% endblock %}"
    )
    return html_to_pdf(template.render({"title": "测试"}))


def test_chinese_text_is_embedded_as_a_subset_of_noto_cjk_on_a4_pages_with_numbers():
    content = render("<h1>一个电话，上门服务</h1>" + "<p>柑桔栽培与管理 三级/高级工</p>" * 80)

    text = pdf_text.text(content)
    assert "一个电话，上门服务" in text
    assert "柑桔栽培与管理 三级/高级工" in text
    pages = int(pdf_text.info(content)["Pages"])
    assert pages >= 2 and pdf_text.is_a4(content)
    assert f"1/{pages}" in text.replace(" ", "")
    fonts = pdf_text.fonts(content)
    assert fonts and all(font["emb"] == "yes" and font["sub"] == "yes" for font in fonts)
    assert any("Noto-Sans-CJK-SC" in font["name"] for font in fonts)


class CountingHandler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        CountingHandler.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = HTTPServer(("127.0.0.1", 0), CountingHandler)
    CountingHandler.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_a_document_cannot_make_the_server_fetch_anything_from_the_network(local_server):
    content = render(
        f'<img src="{local_server}/photo.png"><link rel="stylesheet" href="{local_server}/style.css">'
        f'<p style="background: url({local_server}/bg.png)">正文</p>'
        '<img src="file:///etc/passwd"><img src="/static/../../../etc/hostname">'
    )

    assert "正文" in pdf_text.text(content)
    assert CountingHandler.requests == []
    fetcher = local_only_fetcher()
    for address in (f"{local_server}/x", "https://example.com/x.png", "ftp://example.com/x", "file:///etc/passwd"):
        with pytest.raises(RefusedAddress):
            fetcher(address)
    assert CountingHandler.requests == []


def test_static_files_and_data_uris_are_served():
    fetcher = local_only_fetcher()
    favicon = fetcher("file:///static/favicon.svg")
    assert favicon.content_type == "image/svg+xml" and b"<svg" in favicon.read()
    assert fetcher("data:text/plain;base64,5YW4").read() == "典".encode()
