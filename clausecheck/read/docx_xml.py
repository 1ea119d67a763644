"""Small helpers over WordprocessingML elements, shared by the .docx styles, numbering and body readers."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def val(parent: etree._Element | None, tag: str) -> str | None:
    child = parent.find(f"{W}{tag}") if parent is not None else None
    return child.get(f"{W}val") if child is not None else None


def int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def toggle(element: etree._Element | None) -> bool | None:
    """On/off property (``w:b``): absent → None; present without val → on."""
    if element is None:
        return None
    return element.get(f"{W}val", "true").lower() not in {"0", "false", "off"}


def merge_continues(tcpr: etree._Element | None, tag: str) -> bool:
    """A w:vMerge/w:hMerge without val="restart" continues the previous cell."""
    merge = tcpr.find(f"{W}{tag}") if tcpr is not None else None
    return merge is not None and merge.get(f"{W}val") != "restart"


def children(parent: etree._Element, tags: set[str]) -> Iterator[etree._Element]:
    """Children with these tags, looking through content controls and custom XML wrappers."""
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            yield from children(child, tags)
