"""Charts for the daily digest as SVG text, ready to inline in HTML. Pure: data in, markup out.

matplotlib's object API (Figure) is used instead of pyplot: no global figure registry, no backend
switching, nothing kept between calls. Output is byte-for-byte reproducible: no date metadata,
a fixed id salt per chart (distinct per chart, so two inlined SVGs never share element ids), and
text kept as <text> (svg.fonttype none) so the page stays small and searchable.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

COLOR = "#3b6ea8"
PALETTE = ("#3b6ea8", "#d9822b", "#4f9d69", "#b5485d", "#7d5ba6", "#8c8c8c")
WIDTH_IN = 6.4


def _svg(fig: Figure, salt: str) -> str:
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": salt, "svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buf.getvalue()
    # Inline SVG needs no XML prolog or DOCTYPE; they are not allowed inside HTML.
    return text[text.index("<svg"):].strip()


def _empty(fig: Figure, message: str) -> None:
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", color="#666666")


def bar_chart(labels: Sequence[str], values: Sequence[int], title: str, salt: str,
              xlabel: str = "articles") -> str:
    """Horizontal bars, largest on top; an empty input gives a small 'no data' chart."""
    height = 0.9 + 0.32 * max(len(labels), 2)
    fig = Figure(figsize=(WIDTH_IN, height))
    if not labels:
        _empty(fig, "no data for this day")
    else:
        ax = fig.add_subplot()
        ys = list(range(len(labels)))[::-1]
        bars = ax.barh(ys, values, color=COLOR)
        ax.set_yticks(ys, [_short(label) for label in labels])
        ax.bar_label(bars, padding=3, fontsize=8)
        ax.set_xlabel(xlabel)
        ax.margins(x=0.12)
        ax.spines[["top", "right"]].set_visible(False)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.suptitle(title, x=0.01, ha="left", fontsize=11)
    return _svg(fig, salt)


def trend_chart(days: Sequence[date], series: Mapping[str, Sequence[int]], title: str, salt: str) -> str:
    """One line per entity over `days` (every series has one value per day)."""
    fig = Figure(figsize=(WIDTH_IN, 3.2))
    if not series:
        _empty(fig, "no entities in these 14 days")
    else:
        ax = fig.add_subplot()
        xs = list(range(len(days)))
        for i, (name, values) in enumerate(series.items()):
            ax.plot(xs, list(values), marker="o", markersize=3, linewidth=1.6,
                    color=PALETTE[i % len(PALETTE)], label=_short(name))
        step = max(1, len(days) // 7)
        ax.set_xticks(xs[::step], [d.strftime("%d %b") for d in days][::step], fontsize=8)
        ax.set_ylabel("articles")
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.suptitle(title, x=0.01, ha="left", fontsize=11)
    return _svg(fig, salt)


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
