"""Every report page the bundled portal publishes extracts to its truth (HTML and PDF).

The sites (``portal/sites``) wrap the rendered reports in each CMS's real page furniture
(TRS metas and ``TRS_Editor``, Hanweb, VSB ``#vsb_content``, gkmlpt, a GBK site), so
this is the extractor meeting the pages a crawl will capture. A report published only as
an attachment cannot know its page's date, so ``published`` is compared for pages only.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import portal.sites
from extract.api import extract_bytes
from portal.site import Request


def _sites():
    for module_info in pkgutil.iter_modules(portal.sites.__path__):
        module = importlib.import_module(f"portal.sites.{module_info.name}")
        build = getattr(module, "build", None)
        if build is None or any(p.default is p.empty for p in inspect.signature(build).parameters.values()):
            continue  # a site that needs a fault injector is tested with the faults
        yield module_info.name, build


SITES = list(_sites())


@pytest.mark.slow
@pytest.mark.parametrize(("name", "build"), SITES, ids=[name for name, _ in SITES])
def test_site_reports_extract_to_truth(name: str, build) -> None:
    site = build()
    checked = 0
    for truth in site.reports:
        resource = site.resources.get(truth.doc_path)
        if resource is None and truth.doc_path == truth.page_path:  # a page a JSP renders (年报 module)
            path, _, query = truth.doc_path.partition("?")
            resource = site.lookup(Request("GET", path, query, {}))
        if resource is None:
            continue  # an attachment served by the site's dynamic handler (download.jsp …)
        record = extract_bytes(resource.body, content_type=resource.content_type, filename=truth.doc_path)
        assert record.cells == truth.cells, truth.doc_path
        assert record.raw_cells == truth.raw_cells, truth.doc_path
        assert (record.agency, record.year, record.template) == (truth.agency, truth.year, truth.template)
        if truth.doc_path == truth.page_path:
            assert (record.title, record.published) == (truth.title, truth.published), truth.doc_path
        checked += 1
    assert checked > 0
