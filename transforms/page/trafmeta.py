"""trafilatura's text extraction and its metadata reading, without the metadata nobody here reads.

`bare_extraction(with_metadata=True)` also collects the page's categories, tags and licence: XPaths
over every link of the page, 5.5 ms of CPU a page on the dev corpus (a tenth of trafilatura's
time), for fields no stage reads. `extract` runs the extraction without metadata and then the
steps of `trafilatura.metadata.extract_metadata` that fill the fields the stages read (title,
author, url, hostname, description, sitename, date), in trafilatura's order, on the same tree.
trafilatura's metadata steps only read the tree, so reading the parsed tree instead of
trafilatura's own copy of it gives the same values; where the copy would differ (a fragment, or
elements beside the root, which lxml does not copy) they read a copy, as before.
"""

from __future__ import annotations

from copy import copy

import trafilatura
from courlan import extract_domain
from htmldate import find_date
from lxml import html as lxml_html
from trafilatura import metadata as tmeta
from trafilatura.settings import DEFAULT_CONFIG, Document, Extractor


def extract(tree: lxml_html.HtmlElement, url: str) -> Document | None:
    """What `trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
    include_tables=False, include_images=False)` returns, less categories, tags and licence."""
    if not url:  # trafilatura then extracts with the URL its metadata finds: leave it all to trafilatura
        found = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                            include_tables=False, include_images=False)
        return found if isinstance(found, Document) else None
    options = Extractor(config=DEFAULT_CONFIG, output_format="python", fast=False, precision=False, recall=False,
                        comments=False, formatting=None, links=False, images=False, tables=False, dedup=False,
                        lang=None, url=url, with_metadata=False)
    found = trafilatura.bare_extraction(tree, options=options)
    if not isinstance(found, Document):
        return None
    alone = tree.getparent() is None and not any(isinstance(s.tag, str) for s in tree.itersiblings()) \
        and not any(isinstance(s.tag, str) for s in tree.itersiblings(preceding=True))
    try:
        doc = _metadata(tree if alone else copy(tree), options)
    except (TypeError, ValueError):  # inside bare_extraction these discard the page
        return None
    # the fields bare_extraction sets on its metadata document after the extraction
    doc.text, doc.raw_text, doc.body = found.text, found.raw_text, found.body
    doc.comments, doc.commentsbody = found.comments, found.commentsbody
    return doc


def _metadata(tree: lxml_html.HtmlElement, options: Extractor) -> Document:
    """trafilatura.metadata.extract_metadata (2.3.1) as bare_extraction calls it (no author
    blacklist), without extract_catstags and extract_license."""
    date_config = {**options.date_params}
    metadata = tmeta.examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = tmeta.extract_meta_json(tree, metadata)
    except Exception:  # noqa: BLE001 - trafilatura logs and goes on: bugs in its JSON metadata code
        pass
    if not metadata.title:
        metadata.title = tmeta.extract_title(tree)
    if not metadata.author:
        metadata.author = tmeta.extract_author(tree)
    if not metadata.url:
        metadata.url = tmeta.extract_url(tree, options.url)
    if metadata.url:
        metadata.hostname = extract_domain(metadata.url, fast=True)
    date_config["url"] = metadata.url
    metadata.date = find_date(tree, **date_config)
    if not metadata.sitename:
        metadata.sitename = tmeta.extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url:
        match = tmeta.META_URL.match(metadata.url)
        if match:
            metadata.sitename = match[1]
    metadata.filedate = date_config.get("max_date")
    metadata.clean_and_trim()
    return metadata
