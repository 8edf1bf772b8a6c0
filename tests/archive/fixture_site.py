"""A tiny loopback government site that sends what breaks naive WARC writers.

Modelled on research/archiving.md §4.4 with content from ../shared/samples:

- ``/files/report.pdf``: a PDF of sample 000, sent gzip-encoded with a Content-Length of
  the compressed bytes, an ETag and Last-Modified;
- ``/gb2312.html``: a GB2312 page of sample 000, gzip-encoded *and* chunked, two Set-Cookie;
- ``/download.jsp?id=1``: an attachment without extension whose Content-Disposition
  filename is raw GBK bytes (VSB-style endpoints);
- ``/dataproxy.jsp``: a form POST (``page=1..3``) answering a different JSON page each;
- ``/redirect``: a 302 to ``/notice.html``;
- ``/robots.txt`` and ``/`` linking everything.

``SITE`` holds the exact bytes each path sends (``wire``) and means (``payload``), so the
tests compare replays against what the server really sent, not against our own output.
"""

from __future__ import annotations

import gzip
import io
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

SAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "000_9ebba746cc4f361b.txt"
REPORT_FILENAME = "崇川区国资办2023年政府信息公开工作年度报告.pdf"
LAST_MODIFIED = "Tue, 16 Jan 2024 02:30:00 GMT"


@dataclass
class Resource:
    """One fixture response: the payload it means and the bytes it puts on the wire."""

    payload: bytes
    wire: bytes
    headers: list[tuple[str, bytes]] = field(default_factory=list)
    status: int = 200
    chunked: bool = False


def _sample_lines(count: int) -> list[str]:
    return [line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()][:count]


def _pdf_of_sample(lines: list[str], title: str) -> bytes:
    """A deterministic PDF (reportlab, built-in STSong CID font) of the sample lines."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, invariant=1)
    pdf.setTitle(title)
    y = 800
    pdf.setFont("STSong-Light", 11)
    for line in lines:
        for start in range(0, len(line), 40):
            pdf.drawString(40, y, line[start:start + 40])
            y -= 14
            if y < 40:
                pdf.showPage()
                pdf.setFont("STSong-Light", 11)
                y = 800
    pdf.save()
    return out.getvalue()


def _html_page(lines: list[str]) -> str:
    items = "\n".join(f"<p>{line}</p>" for line in lines)
    return (
        '<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>崇川区国资办2023年政府信息公开工作年度报告</title></head>\n"
        f"<body><h1>崇川区国资办2023年政府信息公开工作年度报告</h1>\n{items}\n</body></html>\n"
    )


def _build_site() -> dict[str, Resource]:
    lines = _sample_lines(40)
    pdf = _pdf_of_sample(lines, "2023 annual report")
    pdf_gz = gzip.compress(pdf, mtime=0)
    html = _html_page([line for line in lines[:20] if _gb2312_ok(line)]).encode("gb2312")
    html_gz = gzip.compress(html, mtime=0)
    attachment = _pdf_of_sample(lines[20:40], "attachment")
    index = (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>政府信息公开年报</title></head><body>"
        '<a href="/files/report.pdf">2023年度报告(PDF)</a> <a href="/gb2312.html">2023年度报告</a> '
        '<a href="/download.jsp?id=1">附件下载</a> <a href="/redirect">旧链接</a></body></html>'
    ).encode()
    notice = "<html><body><p>年报栏目已迁移</p></body></html>".encode()
    site = {
        "/": Resource(index, index, [("Content-Type", b"text/html; charset=utf-8")]),
        "/robots.txt": Resource(b"User-agent: *\nAllow: /\n", b"User-agent: *\nAllow: /\n",
                                [("Content-Type", b"text/plain")]),
        "/files/report.pdf": Resource(pdf, pdf_gz, [
            ("Content-Type", b"application/pdf"), ("Content-Encoding", b"gzip"),
            ("ETag", b'"5f1e-2023report"'), ("Last-Modified", LAST_MODIFIED.encode()),
        ]),
        "/gb2312.html": Resource(html, html_gz, [
            ("Content-Type", b"text/html; charset=gb2312"), ("Content-Encoding", b"gzip"),
            ("Set-Cookie", b"JSESSIONID=6F2A91C0; Path=/; HttpOnly"),
            ("Set-Cookie", b"SERVERID=web02|1705372200; Path=/"),
        ], chunked=True),
        "/download.jsp?id=1": Resource(attachment, attachment, [
            ("Content-Type", b"application/octet-stream"),
            ("Content-Disposition", b'attachment; filename="' + REPORT_FILENAME.encode("gbk") + b'"'),
        ]),
        "/redirect": Resource(b"", b"", [("Location", b"/notice.html")], status=302),
        "/notice.html": Resource(notice, notice, [("Content-Type", b"text/html; charset=utf-8")]),
    }
    for page in (1, 2, 3):
        rows = [{"title": f"{2024 - page - i}年政府信息公开工作年度报告", "page": page, "row": i} for i in range(3)]
        body = json.dumps({"page": page, "total": 3, "rows": rows}, ensure_ascii=False).encode("utf-8")
        site[f"POST /dataproxy.jsp page={page}"] = Resource(body, body, [("Content-Type", b"application/json;charset=UTF-8")])
    return site


def _gb2312_ok(text: str) -> bool:
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


SITE = _build_site()
POST_PAGES = {page: SITE[f"POST /dataproxy.jsp page={page}"] for page in (1, 2, 3)}


class FixtureHandler(BaseHTTPRequestHandler):
    """Serves :data:`SITE` over HTTP/1.1 keep-alive, Nagle off (loopback latency)."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._send(SITE.get(self.path))

    def do_POST(self) -> None:  # noqa: N802 - stdlib naming
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode("ascii", "replace"))
        page = form.get("page", [""])[0]
        self._send(SITE.get(f"POST {self.path} page={page}"))

    def _send(self, resource: Resource | None) -> None:
        if resource is None:
            resource = Resource(b"not found", b"not found", [("Content-Type", b"text/plain")], status=404)
        self.send_response(resource.status)
        for name, value in resource.headers:
            self.send_header(name, value.decode("latin-1"))  # latin-1 round-trips raw GBK bytes
        if resource.chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(resource.wire), 700):
                chunk = resource.wire[start:start + 700]
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(resource.wire)))
            self.end_headers()
            self.wfile.write(resource.wire)


class FixtureSite:
    """The fixture server on a free 127.0.0.1 port, in a daemon thread."""

    def __init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), FixtureHandler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FixtureSite:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()
