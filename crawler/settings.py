"""Scrapy settings for nianbao's crawler.

Defaults are polite enough for real government sites (robots.txt obeyed, two requests
at a time per host, a one-second delay, AutoThrottle). `nianbao crawl --fast` and the
demo lower them for the bundled portal on 127.0.0.1, which is ours to load.
"""

import os

from scrapy.settings.default_settings import EXTENSIONS_BASE as _SCRAPY_EXTENSIONS

BOT_NAME = "nianbao"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "nianbao/0.1 (+government information disclosure report archive)"
ROBOTSTXT_OBEY = True
ROBOTSTXT_PARSER = "scrapy.robotstxt.ProtegoRobotParser"

CONCURRENT_REQUESTS = 16
# Scrapy starts this many asyncio tasks for the output of *every* response (default 100:
# ~35 000 tasks for a 350-page crawl, a fifth of its CPU). A page yields a handful of
# requests and at most one item, and the ingest pipeline hands extraction to workers
# without waiting, so a few suffice.
CONCURRENT_ITEMS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # ±50 % around DOWNLOAD_DELAY
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 200 * 1024 * 1024
DOWNLOAD_WARNSIZE = 50 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 10
DEPTH_LIMIT = 12
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # no control port: a crawler opens no listening sockets

# The asyncio reactor is Scrapy's default since 2.13; scrapy-playwright needs it, and a
# wrong reactor makes a crawl "finish" with 0 items and exit 0, so keep it explicit.
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"

# Chromium only for requests with meta["playwright"] (list pages built by script, see
# crawler/platforms/browser_list.py); all others go through the handler's parent, Scrapy's
# HTTP/1.1 handler, unchanged. The driver starts when the first such request is scheduled. Debian's
# chromium, never `playwright install` (research/dependencies.md §2).
DOWNLOAD_HANDLERS = {
    "http": "crawler.browser.LazyPlaywrightDownloadHandler",
    "https": "crawler.browser.LazyPlaywrightDownloadHandler",
}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
# Playwright on its own event loop in a thread (scrapy-playwright's, as on Windows): the
# driver's messages are not kept waiting by the crawl's busy loop (crawler.browser.on_browser_loop).
_PLAYWRIGHT_THREADED_LOOP = True
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": os.environ.get("NIANBAO_CHROMIUM", "/usr/bin/chromium"),
    "headless": True,
    "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
}
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 20_000
PLAYWRIGHT_MAX_CONTEXTS = 1
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2
PLAYWRIGHT_ABORT_REQUEST = "crawler.browser.abort_browser_request"

DOWNLOADER_MIDDLEWARES = {
    # Refuses links and redirects into private/loopback ranges unless the seed is there.
    "crawler.middlewares.private_redirects.PrivateAddressMiddleware": 45,
    # Drops requests that leave the seed's site (scheme + host + port).
    "crawler.middlewares.site_scope.SiteScopeMiddleware": 50,
    # Strips session ids; per-site and per-URL-shape budgets bound calendars and traps.
    "crawler.middlewares.trap_guard.TrapGuardMiddleware": 60,
    # A resumed run gets what it already archived from the WARCs, not the network.
    "crawler.middlewares.resume_replay.ResumeReplayMiddleware": 120,
    # Records what was finally not fetched, and why (just inside RetryMiddleware, 550).
    "crawler.middlewares.failure_log.FailureLogMiddleware": 540,
    # Redirect loops refused with a recorded reason (just outside RedirectMiddleware, 600).
    "crawler.middlewares.trap_guard.RedirectLoopMiddleware": 605,
    # Exponential backoff before each retry.
    "crawler.middlewares.retry_backoff.RetryBackoffMiddleware": 545,
    # After decompression (590): relabel lying charsets; flag anti-bot challenge pages.
    "crawler.middlewares.charset_guard.CharsetGuardMiddleware": 570,
    "crawler.middlewares.challenge_pages.ChallengePageMiddleware": 580,
    # Per-kind download caps; inflated-size cap checked before HttpCompressionMiddleware inflates.
    "crawler.middlewares.size_caps.SizeCapsMiddleware": 595,
    # Conditional GET from the capture history; a 304 reaches the spider as the archived 200.
    "crawler.middlewares.conditional_get.ConditionalGetMiddleware": 930,
    # Just after the capture: truncated bodies are retried and never reach the spider.
    "crawler.middlewares.truncation_guard.TruncationGuardMiddleware": 940,
    # 950 > 590 (HttpCompressionMiddleware): process_response sees the body as received.
    "crawler.middlewares.warc_capture.WarcCaptureMiddleware": 950,
    # Browser-rendered list pages: archives what Chromium fetched, and the DOM as a resource.
    "crawler.middlewares.browser_capture.BrowserCaptureMiddleware": 960,
}
# A body cut short is kept (flagged "dataloss", archived with WARC-Truncated) rather than
# thrown away; TruncationGuardMiddleware retries it and keeps it from the spider.
DOWNLOAD_FAIL_ON_DATALOSS = False
NIANBAO_RETRY_BACKOFF = 2.0
NIANBAO_RETRY_BACKOFF_MAX = 60.0
NIANBAO_PAGE_MAXSIZE = 16 * 1024 * 1024
NIANBAO_TRAP_SHAPE_BUDGET = 100
NIANBAO_SITE_PAGE_BUDGET = 20_000
NIANBAO_PRIVATE_ADDRESSES = "seed"  # "seed" | "allow" | "refuse"
SPIDER_MIDDLEWARES = {
    # Priorities from what a request is (browser renders, then discovery, details, attachments);
    # before DepthMiddleware (900), so a DEPTH_PRIORITY would still apply on top.
    "crawler.middlewares.crawl_priority.CrawlPriorityMiddleware": 950,
}
ITEM_PIPELINES = {
    "crawler.pipelines.report_ingest.ReportIngestPipeline": 300,
}
# Scrapy's own extensions but the remote control (off above, REMOTE_CONTROL_ENABLED): its
# module imports aiohttp, ~0.16 s of every crawl's start-up for an extension that then
# declines to run. Disabling it in EXTENSIONS would not do: Scrapy imports every class
# named there, a None one too, to match names with classes.
EXTENSIONS_BASE = {path: order for path, order in _SCRAPY_EXTENSIONS.items() if not path.endswith(".RemoteControl")}
EXTENSIONS = {
    "crawler.extensions.progress.ProgressDisplay": 500,
    # When the lists are exhausted, fetch known reports no list led to (moves, deletions).
    "crawler.extensions.recheck_known.RecheckKnownReports": 510,
}

# Where things go: --data DIR on the CLI, or NIANBAO_DATA, default ./data.
NIANBAO_DATA_DIR = os.environ.get("NIANBAO_DATA", "data")
NIANBAO_WARC_DIR = os.path.join(NIANBAO_DATA_DIR, "warcs")
NIANBAO_DB_PATH = os.path.join(NIANBAO_DATA_DIR, "nianbao.db")
NIANBAO_RUN_ID = None
NIANBAO_WARC_MAX_BYTES = 1_000_000_000
NIANBAO_PROGRESS = True
NIANBAO_EXTRACT_WORKERS = 0  # processes extracting reports during a crawl; 0 = one per core (at most 4)

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
