"""nianbao's Scrapy project: the only package that knows Scrapy."""

# Imported first, under a shallow stack: Scrapy's deprecated-class shims in these modules
# call inspect.stack(), whose cost grows with the depth of the import chain (measured:
# ~0.1-0.2 CPU-s when the download handler's imports reach them instead).
import scrapy.core.downloader.contextfactory  # noqa: F401

from crawler.offline_psl import use_bundled_suffix_list

use_bundled_suffix_list()
