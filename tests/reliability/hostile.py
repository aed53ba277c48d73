"""Hostile pages, generated: each is under the 10 MB fetch cap and built to make one stage blow up."""

from __future__ import annotations

import random

# Article markup (og:type, a dated JSON-LD NewsArticle), so the page is judged as an article and every
# stage after the page-kind check runs on it.
_HEAD = ("<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>{title}</title>"
         "<meta property=\"og:type\" content=\"article\">"
         "<script type=\"application/ld+json\">{{\"@type\": \"NewsArticle\", \"headline\": \"{title}\", "
         "\"datePublished\": \"2026-01-05T08:00:00+01:00\"}}</script></head>"
         "<body><article><h1>{title}</h1>{body}</article></body></html>")
_WORDS = ("Bundeskanzler Merkel Berlin Hamburg Regierung Minister Wirtschaft Zeitung Meyer Schulz "
          "Europa Kommission Parlament Bericht Agentur Deutschland Sprecher Bank Gericht").split()


def _page(title: str, body: str) -> bytes:
    return _HEAD.format(title=title, body=body).encode("utf-8")


def huge_paragraph(chars: int = 3_000_000, seed: int = 1) -> bytes:
    """One paragraph of capitalised words: a 400,000-token document for the NER model."""
    rng = random.Random(seed)
    words, size = [], 0
    while size < chars:
        w = rng.choice(_WORDS)
        words.append(w)
        size += len(w) + 1
    return _page("Ein sehr langer Absatz", f"<p>{' '.join(words)}</p>")


def open_quotes(n: int = 200_000) -> bytes:
    """Unbalanced opening quotation marks, spread over a few paragraphs of text."""
    paras = "".join("<p>" + " ".join(f"\u201eSagte Meyer {k * 1000 + i}" for i in range(1000)) + "</p>"
                    for k in range(n // 1000))
    return _page("Zitate ohne Ende", paras)


def many_figures(n: int = 30_000) -> bytes:
    intro = "<p>" + " ".join(_WORDS * 5) + "</p>"
    figs = "".join(f'<figure><img src="/img/{i}.jpg" alt="Bild {i}"><figcaption>Foto {i}: Meyer in Berlin '
                   f'(Foto: dpa)</figcaption></figure>' for i in range(n))
    return _page("Bildergalerie", intro + figs)


def many_paragraphs(n: int = 60_000) -> bytes:
    paras = "".join(f"<p>Absatz {i}: Minister Schulz sagte in Berlin, die Regierung werde handeln.</p>"
                    for i in range(n))
    return _page("Viele Absätze", paras)


HOSTILE = {"huge-paragraph": huge_paragraph, "open-quotes": open_quotes, "many-figures": many_figures,
           "many-paragraphs": many_paragraphs}
