"""Crawl the fixture site with the real WARC capture middleware (run as a subprocess).

Usage: ``python crawl_fixture.py BASE_URL WARC_DIR DB_PATH OUT_JSONL``. The Twisted reactor
starts only once per process, so tests run each crawl in its own interpreter. The spider
follows the index links and POSTs three pages of a form, writing one JSON line per
response with what the middleware left in ``request.meta``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

import scrapy
from scrapy.crawler import CrawlerProcess


class FixtureSpider(scrapy.Spider):
    name = "fixture"

    def __init__(self, base_url: str, out_path: str, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url
        self.out = open(out_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in closed()

    async def start(self):
        yield scrapy.Request(self.base_url + "/", callback=self.parse_index)
        for page in (1, 2, 3):
            yield scrapy.FormRequest(self.base_url + "/dataproxy.jsp", formdata={"page": str(page)},
                                     callback=self.record)

    def parse_index(self, response):
        self.record(response)
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, callback=self.record)

    def record(self, response):
        capture = response.meta.get("capture")
        self.out.write(json.dumps({
            "url": response.url,
            "method": response.request.method,
            "status": response.status,
            "redirected_from": response.meta.get("redirect_urls", []),
            "decoded_body_length": len(response.body),
            "capture": asdict(capture) if capture else None,
            "capture_id": response.meta.get("capture_id"),
        }) + "\n")

    def closed(self, reason):
        self.out.close()


def main(base_url: str, warc_dir: str, db_path: str, out_path: str) -> None:
    process = CrawlerProcess(settings={
        "ROBOTSTXT_OBEY": True,
        "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": False,
        "DOWNLOADER_MIDDLEWARES": {"crawler.middlewares.warc_capture.WarcCaptureMiddleware": 950},
        "NIANBAO_WARC_DIR": warc_dir,
        "NIANBAO_DB_PATH": db_path,
        "NIANBAO_RUN_ID": None,
        "NIANBAO_WARC_MAX_BYTES": 1_000_000_000,
    })
    process.crawl(FixtureSpider, base_url=base_url, out_path=out_path)
    process.start()


if __name__ == "__main__":
    main(*sys.argv[1:5])
