"""The replica sites, one module per government portal / CMS platform.

Adding a site = writing its module (a ``build(epoch) -> Site`` function) and listing it in
:data:`SITE_BUILDERS`; the server and the truth pick it up from here. Order matters only
for port numbering when a base port is given (site *i* binds ``port + i``).
"""

from __future__ import annotations

from collections.abc import Callable

from portal.site import Site
from portal.sites import (
    fujian_city,
    gkmlpt_city,
    hanweb_county,
    spa_district,
    trs_county,
    trs_gbk_county,
    vsb_bureau,
    xxgk_module_county,
)

SITE_BUILDERS: list[Callable[[int], Site]] = [trs_county.build, hanweb_county.build, fujian_city.build,
                                               vsb_bureau.build, gkmlpt_city.build, trs_gbk_county.build,
                                               spa_district.build, xxgk_module_county.build]


def build_sites(epoch: int = 1) -> list[Site]:
    """Every site as published in ``epoch``."""
    return [build(epoch) for build in SITE_BUILDERS]
