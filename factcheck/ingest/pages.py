"""The article in an HTML page, with the page's own metadata, through trafilatura."""

from __future__ import annotations

import warnings
from typing import NamedTuple

import trafilatura

from ..errors import FactcheckError

# Only dates the page states in its markup (meta tags, JSON-LD, <time>): the text's
# own datelines are read later, with their evidence.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


class Page(NamedTuple):
    """What an HTML page gives: its main text and its metadata (None when absent)."""

    text: str
    title: str | None
    site_name: str | None
    published: str | None
    url: str | None


def extract_page(html: str, url: str | None = None) -> Page:
    """The main text of ``html`` without navigation, ads and comments.

    Raises FactcheckError when the page holds no text at all.
    """
    with warnings.catch_warnings():
        # lxml warns about truth-testing elements inside trafilatura: not ours to fix.
        warnings.simplefilter("ignore", FutureWarning)
        try:
            document = trafilatura.bare_extraction(
                html, url=url, with_metadata=True, include_comments=False, include_tables=True,
                date_extraction_params=_DATE_PARAMS,
            )
            text = (document.text if document else "") or ""
            if not text.strip():
                # A page too small for the main-text heuristics: take its visible text.
                _, text, _ = trafilatura.baseline(html)
        except Exception as error:  # any page is data: a parser crash on one must not stop the rest
            raise FactcheckError(f"cannot parse the HTML ({type(error).__name__}: {error})") from None
    if not text or not text.strip():
        raise FactcheckError("no article text found in the HTML")
    if document is None:
        return Page(text, None, None, None, None)
    return Page(text, document.title, document.sitename, document.date, document.url)
