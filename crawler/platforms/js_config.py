"""Reading the configuration objects CMS list pages pass to their JavaScript.

List components are configured with object literals written into the page
(``ajaxParam:{col:1,webid:27,path:'/'}``, ``listArgs: {channelid: SiteInfo.searchId}``).
We never run the script; we read its literal values. Only flat ``key: value`` pairs are
read — numbers, quoted strings, and dotted names (``SiteInfo.searchId``) that the caller
may resolve against another object on the page.
"""

from __future__ import annotations

import re

PAIR = re.compile(
    r"""["']?(?P<key>[A-Za-z_$][\w$]*)["']?\s*:\s*"""
    r"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>-?[\w.$]+))"""
)


def object_after(text: str, name: str) -> str | None:
    """The body (between the braces) of the flat object literal assigned to *name*.

    Finds ``name: {…}`` or ``name = {…}``; nested braces end the search at the first
    closing brace, which is enough for the flat objects CMS templates write.
    """
    match = re.search(rf"(?<![\w$.]){re.escape(name)}\s*[:=]\s*\{{([^{{}}]*)\}}", text)
    return match.group(1) if match else None


def pairs(body: str) -> dict[str, str]:
    """``key: value`` pairs of an object body, values as written (quotes removed), in order."""
    found: dict[str, str] = {}
    for m in PAIR.finditer(body):
        value = m.group("dq") if m.group("dq") is not None else m.group("sq")
        found[m.group("key")] = value if value is not None else m.group("bare")
    return found


def number_after(text: str, name: str) -> int | None:
    """The integer in ``name: 40`` / ``name: '40'`` / ``name = 40``, or None."""
    match = re.search(rf"(?<![\w$]){re.escape(name)}\s*[:=]\s*[\"']?(\d+)", text)
    return int(match.group(1)) if match else None


def resolve(value: str, text: str) -> str:
    """A dotted name (``SiteInfo.searchId``) replaced by what that object says; else *value*."""
    if "." not in value or not re.fullmatch(r"[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+", value):
        return value
    owner, _, field = value.rpartition(".")
    body = object_after(text, owner.rsplit(".", 1)[-1])
    if body is None:
        return value
    return pairs(body).get(field, value)
