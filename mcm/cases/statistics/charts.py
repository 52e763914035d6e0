"""Bar charts drawn on the server as SVG: no script, no library, readable by screen readers
(role="img" with a title and a description listing every figure), and a figure that is not
published ("<5", or withheld) drawn as a small hatched mark whose length says nothing."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import format_number
from flask_babel import gettext as _
from markupsafe import Markup, escape

from mcm.cases.statistics.figures import Series
from mcm.cases.statistics.suppression import Count, State

WIDTH = 560
ROW = 46  # a label line above each bar
BAR = 18
VALUE_SPACE = 64  # room after the longest bar for its figure
MARK = 14  # the length of a bar whose figure is not published
INK = "#1d232b"
BAR_FILL = "#5b2a86"  # the brand purple: 9:1 against white
NEUTRAL = "#4d5866"  # the hatching of unpublished figures: 7:1 against white
SMALL_MARK = "<5"
HIDDEN_MARK = "\u00d7"  # a multiplication sign: withheld so that a small figure stays hidden


def figure(count: Count) -> str:
    """A figure as the chart and its table print it."""
    if count.shown:
        return format_number(count.value)
    if count.state is State.SMALL:
        return SMALL_MARK
    if count.state is State.HIDDEN:
        return HIDDEN_MARK
    return "\u2014"


def spoken(count: Count) -> str:
    """A figure in words, for the chart's description."""
    if count.shown:
        return format_number(count.value)
    if count.state is State.SMALL:
        return _("fewer than 5")
    if count.state is State.HIDDEN:
        return _("withheld so that a small figure cannot be worked out")
    return _("not published")


def bar_chart(chart_id: str, title: str, bars: Sequence[tuple[str, Count]]) -> Markup:
    """A horizontal bar chart of the published figures; bar lengths follow shown figures only."""
    largest = max((c.value for _label, c in bars if c.shown and c.value), default=1)
    room = WIDTH - VALUE_SPACE
    height = ROW * len(bars) + 4
    desc = "; ".join(f"{label}: {spoken(count)}" for label, count in bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
        f' patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{NEUTRAL}" stroke-width="2"/></pattern></defs>',
    ]
    for n, (label, count) in enumerate(bars):
        top = n * ROW
        bar_top = top + 22
        parts.append(
            f'<text x="0" y="{top + 15}" fill="{INK}" class="chart__label">{escape(label)}</text>'
        )
        if count.shown:
            length = round(room * (count.value or 0) / largest)
            if length:
                parts.append(
                    f'<rect x="0" y="{bar_top}" width="{length}" height="{BAR}" fill="{BAR_FILL}"/>'
                )
        else:
            length = MARK
            parts.append(
                f'<rect x="0.5" y="{bar_top + 0.5}" width="{MARK}" height="{BAR - 1}" '
                f'fill="url(#{chart_id}-hatch)" stroke="{NEUTRAL}"/>'
            )
        parts.append(
            f'<text x="{length + 6}" y="{bar_top + 14}" fill="{INK}" class="chart__value">'
            f"{escape(figure(count))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above


def charted(series: Sequence[Series]) -> list[tuple[Series, Markup]]:
    """Each breakdown of a statistics page with its chart."""
    return [(s, bar_chart(f"chart-{s.key}", s.title, s.bars)) for s in series]
