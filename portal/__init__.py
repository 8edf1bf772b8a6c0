"""An offline replica of Chinese government portals, served on 127.0.0.1.

It imports nothing from ``crawler``, ``archive`` or ``extract``: tests compare what those
find against :meth:`Portal.truth`, computed from the data that rendered the sites.
"""

from portal.server import Portal, SiteInfo

__all__ = ["Portal", "SiteInfo"]
