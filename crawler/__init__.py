"""nianbao's Scrapy project: the only package that knows Scrapy."""

from crawler.offline_psl import use_bundled_suffix_list

use_bundled_suffix_list()
