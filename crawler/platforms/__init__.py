"""CMS platform adapters, one module per platform; :data:`ADAPTERS` lists them in the
order they are asked. See :mod:`crawler.platforms.base` for what an adapter does."""

from crawler.platforms.browser_list import BrowserListAdapter
from crawler.platforms.fujian_trs import FujianTrsAdapter
from crawler.platforms.gkmlpt import GkmlptAdapter
from crawler.platforms.hanweb import HanwebAdapter
from crawler.platforms.trs import TrsAdapter
from crawler.platforms.vsb import VsbAdapter
from crawler.platforms.xxgk_module import XxgkModuleAdapter

ADAPTERS = [TrsAdapter(), VsbAdapter(), GkmlptAdapter(), HanwebAdapter(), FujianTrsAdapter(), XxgkModuleAdapter(),
            BrowserListAdapter()]  # last resort: renders only when no other adapter applies


def adapters_for(response):
    """The adapters whose platform *response* shows.

    The last resort applies only where no other adapter does (its ``matches`` checks that
    itself), so it is not asked at all once another one has answered.
    """
    found = [adapter for adapter in ADAPTERS[:-1] if adapter.matches(response)]
    return found or [adapter for adapter in ADAPTERS[-1:] if adapter.matches(response)]
