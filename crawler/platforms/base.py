"""What a CMS platform adapter is.

Each government CMS hides its list mechanics differently (a pager written by a script
call, an XML island, a POST endpoint, a JSON API). An adapter recognises its platform from
what a page shows — never from configuration per site — and yields the requests that a
plain ``<a href>`` crawler would miss. Report detection itself stays generic (titles), so
an adapter only has to answer "which other list pages or list data exist?".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import scrapy
from scrapy.http import Response


class PlatformAdapter(Protocol):
    #: short name stored in the ``sites`` table (``trs``, ``hanweb`` …)
    name: str
    #: optional: True when the adapter also reads navigation (home/nav) pages, e.g. an SPA
    #: shell that lists its columns in a script (gkmlpt); otherwise only column pages.
    reads_navigation: bool = False

    def matches(self, response: Response) -> bool:
        """True when *response* shows this platform's list mechanics."""

    def list_requests(self, response: Response, spider: scrapy.Spider) -> Iterable[scrapy.Request]:
        """Requests for the further list pages or list data that *response* implies."""

    # Optional: ``embedded_documents(response) -> list[Link]``, the documents a detail page
    # shows only through its platform's scripts (VSB's ``showVsbpdfIframe``). The spider asks
    # every adapter that has it on every detail page, since such a page shows nothing else of
    # its platform; the documents are fetched as embedded forms of the page.
