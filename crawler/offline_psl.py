"""Keep Scrapy's cookie middleware from fetching the Public Suffix List over the network.

Scrapy's ``CookiesMiddleware`` builds a module-level ``tldextract.TLDExtract`` that downloads
the list from publicsuffix.org on first use. A crawler must not make requests its user did
not ask for (and these machines only reach package registries), so we swap in an extractor
that uses the snapshot shipped inside the tldextract package.
"""

from __future__ import annotations

from tldextract import TLDExtract


def use_bundled_suffix_list() -> None:
    from scrapy.downloadermiddlewares import cookies

    cookies._split_domain = TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)
