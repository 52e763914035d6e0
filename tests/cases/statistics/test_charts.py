"""Server-drawn SVG bar charts: accessible, no inline style or script, and a figure that is not
published drawn so that its length says nothing about it."""

from __future__ import annotations

import html
import re
from datetime import date
from xml.etree import ElementTree

from mcm.cases.statistics import charts
from mcm.cases.statistics.charts import HIDDEN_MARK, bar_chart
from mcm.cases.statistics.suppression import Count, State, suppress
from tests.conftest import text_of

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup: str) -> ElementTree.Element:
    return ElementTree.fromstring(str(markup))  # noqa: S314 - our own markup


def _bars(svg: ElementTree.Element) -> list[ElementTree.Element]:
    return [r for r in svg.iter(f"{SVG}rect") if r.get("y") is not None]


def _chart(app, bars, title: str = "Forms of violence") -> ElementTree.Element:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        return _parse(bar_chart("chart-test", title, bars))


def test_chart_is_an_image_named_by_its_title_and_description(app) -> None:
    svg = _chart(
        app,
        [
            ("Physical", Count(State.SHOWN, 12)),
            ("Sexual", Count(State.SMALL)),
            ("Stalking", Count(State.HIDDEN)),
            ("Economic", Count(State.SHOWN, 0)),
        ],
    )
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Forms of violence"
    assert desc.text == (
        "Physical: 12; Sexual: fewer than 5; Stalking: withheld so that a small figure cannot "
        "be worked out; Economic: 0"
    )
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ["Physical", "12", "Sexual", "<5", "Stalking", HIDDEN_MARK, "Economic", "0"]


def test_bars_follow_the_shown_figures_and_a_zero_has_none(app) -> None:
    svg = _chart(
        app,
        [("A", Count(State.SHOWN, 20)), ("B", Count(State.SHOWN, 5)), ("C", Count(State.SHOWN, 0))],
    )
    widths = [int(r.get("width")) for r in _bars(svg)]
    assert len(widths) == 2  # nothing drawn for the zero
    assert widths[0] == charts.WIDTH - charts.VALUE_SPACE and widths[1] * 4 == widths[0]


def test_unpublished_figures_are_a_fixed_hatched_mark(app) -> None:
    """Two tables whose small figures differ publish the very same chart."""
    drawn = []
    for cells in ([[1, 9, 12]], [[4, 9, 12]]):
        table = suppress(cells, column_totals=False)
        bars = list(zip(("Physical", "Sexual", "Threats"), table.cells[0], strict=True))
        drawn.append(ElementTree.tostring(_chart(app, bars)))
        marks = [r for r in _bars(_chart(app, bars)) if "hatch" in (r.get("fill") or "")]
        assert [float(r.get("width")) for r in marks] == [charts.MARK, charts.MARK]
    assert drawn[0] == drawn[1]


def test_labels_are_escaped_and_nothing_is_inline(app) -> None:
    with app.test_request_context():
        markup = str(bar_chart("c", "T <b>", [("<script>x</script>", Count(State.SHOWN, 3))]))
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert "style=" not in markup and not re.search(r"\son\w+=", markup)


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(colour: str, background: str = "#ffffff") -> float:
    lighter, darker = sorted((_luminance(colour), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_colours_contrast_with_the_page() -> None:
    assert _contrast(charts.INK) >= 4.5  # text
    assert _contrast(charts.BAR_FILL) >= 3  # graphics (WCAG 1.4.11)
    assert _contrast(charts.NEUTRAL) >= 3


def test_each_chart_has_a_table_with_the_same_figures(
    client, make_user, make_discussed_cases
) -> None:
    make_discussed_cases("PEJ", 12, (date(2026, 2, 10),))
    make_discussed_cases("PEJ", 3, (date(2026, 5, 12),))
    client.login_user(make_user("coordinator", "PEJ"))
    page = client.get("/m/PEJ/cases/statistics?year=2026").get_data(as_text=True)
    sections = re.findall(r'<section class="card stat".*?</section>', page, re.S)
    assert len(sections) == 9
    for section in sections:
        svg = _parse(re.search(r"<svg.*?</svg>", section, re.S).group(0))
        spoken = svg.find(f"{SVG}desc").text
        body = re.search(r"<tbody>.*?</tbody>", section, re.S).group(0)
        rows = re.findall(r'<th scope="row">(.*?)</th><td class="num">(.*?)</td>', body, re.S)
        assert len(rows) == len(list(svg.iter(f"{SVG}text"))) // 2  # a row per bar
        for label, figure in rows:
            shown = html.unescape(
                re.sub(r'<span class="visually-hidden">.*?</span>|<[^>]+>', "", figure)
            )
            words = {"<5": "fewer than 5", HIDDEN_MARK: "withheld"}.get(shown, shown)
            assert f"{html.unescape(label)}: {words}" in spoken
    assert "style=" not in page


def test_the_page_explains_both_marks(client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    page = text_of(client.get("/m/PEJ/cases/statistics"))
    assert "How to read these figures" in page and "Between 1 and 4" in page
