"""Word documents with one look: A4, heading styles, tables with a shaded header row repeated on
every page, the municipality's name in the page header and "Page X of Y" in the footer.

The body is written as WordprocessingML text and parsed once when the document is saved:
python-docx builds each element through Python and looks every style up by name, which made a
30-item minutes document take half a second; this way it takes a fraction of that."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from flask_babel import gettext as _

from mcm.core.db import utcnow

# The language tag Word and LibreOffice use for spelling and hyphenation.
LANGUAGE_TAGS = {"sq": "sq-AL", "sr": "sr-Latn-RS", "en": "en-GB"}
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADER_FILL = "DCE6F0"
STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3", "Table Grid")
# Characters XML 1.0 cannot hold (a pasted control character must not break the document).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MARK = "\x00"


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _run(text: str, bold: bool = False) -> str:
    properties = "<w:rPr><w:b/></w:rPr>" if bold else ""
    clean = escape(_NOT_XML.sub("", text))
    return f'<w:r>{properties}<w:t xml:space="preserve">{clean}</w:t></w:r>'


def a4_document() -> Any:
    """A new python-docx document on A4 paper with our margins (python-docx's default is US
    Letter): every Word document of the app starts here."""
    document = Document()
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(22)
        section.top_margin = section.bottom_margin = Mm(20)
    return document


class WordDocument:
    """A document being written: headings, text, facts, tables, signature lines."""

    def __init__(self, *, title: str, header: str, language: str, subject: str = "") -> None:
        self.document = a4_document()
        tag = LANGUAGE_TAGS.get(language, language)
        properties = self.document.core_properties
        properties.title = _NOT_XML.sub("", title)
        properties.subject = subject
        properties.author = "mcm"
        properties.language = tag
        properties.created = properties.modified = utcnow().replace(tzinfo=None)
        self._body: list[str] = []
        self._style_ids: dict[str, str] = {}
        self._set_styles(tag)
        section = self.document.sections[0]
        head = section.header.paragraphs[0]
        head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = head.add_run(_NOT_XML.sub("", header))
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0x44, 0x4C, 0x56)
        _page_numbers(section.footer.paragraphs[0])

    def _set_styles(self, language_tag: str) -> None:
        styles = self.document.styles
        normal = styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(11)
        normal.paragraph_format.space_after = Pt(4)
        # The document's language, so that spelling is checked in Albanian or Serbian.
        defaults = styles.element.find(qn("w:docDefaults"))
        run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        language = run_defaults.find(qn("w:lang"))
        if language is None:
            language = OxmlElement("w:lang")
            run_defaults.append(language)
        language.set(qn("w:val"), language_tag)
        for name, size in (("Title", 22), ("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 11)):
            styles[name].font.size = Pt(size)
        self._style_ids = {name: styles[name].style_id for name in STYLES}

    def paragraph(self, text: str = "", style: str | None = None) -> None:
        """A paragraph in a style given by name ("Heading 1" …)."""
        properties = ""
        if style:
            properties = f"<w:pPr><w:pStyle w:val={quoteattr(self._style_ids[style])}/></w:pPr>"
        self._body.append(f"<w:p>{properties}{_run(text) if text else ''}</w:p>")

    def heading(self, text: str, level: int) -> None:
        """A heading: level 0 is the document's title."""
        self.paragraph(text, "Title" if level == 0 else f"Heading {level}")

    def text(self, text: str) -> None:
        """Typed text: each line the author typed becomes a paragraph."""
        for line in text.replace("\r\n", "\n").split("\n"):
            if line.strip():
                self.paragraph(line.strip())

    def facts(self, facts: Sequence[tuple[str, str]]) -> None:
        """Label: value lines (date, place …), the label in bold; empty values are left out."""
        for label, value in facts:
            if value:
                self._body.append(
                    '<w:p><w:pPr><w:spacing w:after="40"/></w:pPr>'
                    f"{_run(f'{label}: ', bold=True)}{_run(value)}</w:p>"
                )

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths_mm: Sequence[float],
        row_height_mm: float | None = None,
    ) -> None:
        """A bordered table whose first row is a shaded header repeated on every page."""
        widths = [_twips(width) for width in widths_mm]
        style = quoteattr(self._style_ids["Table Grid"])
        parts = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val={style}/><w:tblW w:w="0" w:type="auto"/>'
            '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>',
            *(f'<w:gridCol w:w="{width}"/>' for width in widths),
            "</w:tblGrid>",
            "<w:tr><w:trPr><w:tblHeader/></w:trPr>",
            *(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:shd w:val="clear" '
                f'w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr>'
                f"<w:p>{_run(header, bold=True)}</w:p></w:tc>"
                for header, width in zip(headers, widths, strict=True)
            ),
            "</w:tr>",
        ]
        height = (
            f'<w:trPr><w:trHeight w:val="{_twips(row_height_mm)}"/></w:trPr>'
            if row_height_mm
            else ""
        )
        for values in rows:
            parts.append(f"<w:tr>{height}")
            for value, width in zip(values, widths, strict=True):
                parts.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                    f"<w:p>{_run(value) if value else ''}</w:p></w:tc>"
                )
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self._body.append("".join(parts))
        # Word wants a paragraph between two tables, or it merges them.
        self.paragraph()

    def signature_block(self, roles: Sequence[str], lines: Sequence[str]) -> None:
        """Name, signature and date lines for each signatory, side by side, without borders."""
        width = _twips(166 / len(roles))
        cells = [[_run(role, bold=True) for role in roles]]
        cells += [[_run(f"{line}: ______________________") for _role in roles] for line in lines]
        self._body.append(
            '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>'
            + "".join(f'<w:gridCol w:w="{width}"/>' for _role in roles)
            + "</w:tblGrid>"
            + "".join(
                "<w:tr>"
                + "".join(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                    f'<w:p><w:pPr><w:spacing w:before="120"/></w:pPr>{run}</w:p></w:tc>'
                    for run in row
                )
                + "</w:tr>"
                for row in cells
            )
            + "</w:tbl>"
        )
        self.paragraph()

    def to_bytes(self) -> bytes:
        """The finished .docx file."""
        body = self.document.element.body
        section = body.find(qn("w:sectPr"))
        written = parse_xml(f"<w:body {nsdecls('w')}>{''.join(self._body)}</w:body>")
        for element in list(written):
            section.addprevious(element)
        self._body = []
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) the program computes when it lays out the pages."""
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = paragraph.add_run()
        if kind == "instr":
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instruction} "
            run._r.append(text)
        elif kind == "result":
            run.text = "1"
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def _page_numbers(paragraph: Paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    text = _(
        "Page %(page)s of %(pages)s", page=f"{_MARK}PAGE{_MARK}", pages=f"{_MARK}NUMPAGES{_MARK}"
    )
    for index, part in enumerate(text.split(_MARK)):
        if index % 2:
            _field(paragraph, part)
        elif part:
            paragraph.add_run(part)
    for run in paragraph.runs:
        run.font.size = Pt(9)
