"""Reading a PDF back in tests (pypdf): its text, its PDF/UA tags, and whether it reads as a
finished Danish document (issue #14 §2). Used by the apps' PDF tests and by
`site/tests/test_documents.py`, which runs every document a person receives through
`document_problems`.

    text = pdf_text(response.content)
    info = pdf_structure(response.content)
    assert info.lang == "da" and info.tags.count("H1") == 1
    assert document_problems(response.content) == []
"""

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    """The text of every page (pypdf's extraction, page after page) with all whitespace,
    line breaks included, collapsed to single spaces."""
    return " ".join(" ".join(page.extract_text() or "" for page in _reader(data).pages).split())


def pdf_lines(data: bytes) -> list[str]:
    """The text's lines as pypdf extracts them, stripped, without the empty ones."""
    lines = (
        line.strip() for page in _reader(data).pages for line in page.extract_text().split("\n")
    )
    return [line for line in lines if line]


@dataclass(frozen=True)
class PdfStructure:
    """What a PDF says about itself for assistive technology (PDF/UA-1, ISO 14289-1)."""

    #: /Title of the document information (WeasyPrint: the HTML `<title>`)
    title: str | None
    #: the catalogue's /Lang (WeasyPrint: `<html lang>`)
    lang: str | None
    #: /MarkInfo /Marked: the content is tagged
    marked: bool
    #: /ViewerPreferences /DisplayDocTitle: readers show the title, not the file name
    display_doc_title: bool
    #: the XMP metadata's `pdfuaid:part` (1 for PDF/UA-1), None when absent
    pdfua_part: int | None
    #: the structure tree's element types, depth first in reading order, without the slash
    #: ("Document", "H1", "P", "Span", "L", "LI", "Lbl", "LBody", "Table", "TH", …)
    tags: tuple[str, ...]
    #: the headings in reading order: (level 1–6 of the H1–H6 element, its text as the reader's
    #: outline shows it)
    headings: tuple[tuple[int, str], ...]
    #: Figure elements without an /Alt text (images a screen reader cannot describe)
    figures_without_alt: int
    #: TD cells whose /Headers list is empty (a table cell no header describes)
    cells_without_headers: int

    @property
    def tagged(self) -> bool:
        """The document has a structure tree and says it is tagged."""
        return self.marked and bool(self.tags) and self.tags[0] == "Document"


def _elements(node: Any) -> Iterator[DictionaryObject]:
    """Structure elements under `node` (a /K value), depth first, in order."""
    if isinstance(node, IndirectObject):
        node = node.get_object()
    if isinstance(node, ArrayObject):
        for kid in node:
            yield from _elements(kid)
    elif isinstance(node, DictionaryObject) and "/S" in node:
        yield node
        yield from _elements(node.get("/K"))


def _outline(items: list[Any]) -> Iterator[str]:
    """The titles of the outline (WeasyPrint writes one entry per h1–h6), in order."""
    for item in items:
        if isinstance(item, list):
            yield from _outline(item)
        else:
            yield str(item.title)


def pdf_structure(data: bytes) -> PdfStructure:
    """Read the tags and metadata of the PDF `data` (see `PdfStructure`)."""
    reader = _reader(data)
    root = reader.root_object
    tree = root.get("/StructTreeRoot")
    elements = list(_elements(tree.get_object().get("/K"))) if tree is not None else []
    mark_info = root.get("/MarkInfo") or {}
    viewer = root.get("/ViewerPreferences") or {}
    xmp = reader.xmp_metadata
    part = None
    if xmp is not None:
        found = re.search(rb'pdfuaid:part="?>?(\d+)', xmp.stream.get_data())
        part = int(found.group(1)) if found else None
    tags = tuple(str(e["/S"]).lstrip("/") for e in elements)
    attributes = [e.get("/A") or {} for e in elements]
    levels = [int(tag[1]) for tag in tags if re.fullmatch(r"H[1-6]", tag)]
    titles = list(_outline(list(reader.outline)))
    if len(titles) != len(levels):  # not expected from WeasyPrint; the levels still tell
        titles = [""] * len(levels)
    lang = root.get("/Lang")
    title = reader.metadata.title if reader.metadata is not None else None
    return PdfStructure(
        title=str(title) if title is not None else None,
        lang=str(lang) if lang is not None else None,
        marked=bool(mark_info.get("/Marked", False)),
        display_doc_title=bool(viewer.get("/DisplayDocTitle", False)),
        pdfua_part=part,
        tags=tags,
        headings=tuple(zip(levels, titles, strict=True)),
        figures_without_alt=sum(
            1 for tag, e in zip(tags, elements, strict=True) if tag == "Figure" and "/Alt" not in e
        ),
        cells_without_headers=sum(
            1
            for tag, a in zip(tags, attributes, strict=True)
            if tag == "TD" and not a.get("/Headers")
        ),
    )


# --- does it read as a finished Danish document? ------------------------------------------------

#: what a template leaks when a value is missing or a field is printed as it is stored
_RAW_VALUES = re.compile(
    r"\b(None|True|False|nan|null|undefined)\b|\[\]|\{\}|\{\{|\}\}|\{%|%\}|<[a-zA-Z]+ object|"
    r"object at 0x|QuerySet"
)
#: a snake_case name (`learning_goals`): Danish prose never has one
_FIELD_NAME = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
_ENGLISH_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
)
#: dates a Danish reader would not write: English month or day names, ISO or US dates, a.m./p.m.
_FOREIGN_DATE = re.compile(
    rf"\b({_ENGLISH_MONTHS}|(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.)(?=[\s,]|$)"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}(:\d{2})?\s?[ap]\.?m\.?(?=\s|$)"
)
_DANISH_MONTHS = (
    "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
)
#: Django's Danish SHORT_DATE_FORMAT months ("19. nov 2026")
_SHORT_MONTHS = "jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec"
#: a line starting with an ordinal number that is not a date: "2. Læringsmål", "3."
_NUMBERED = re.compile(rf"^(\d{{1,2}})\.(?!\d)(?!\s+(?:{_DANISH_MONTHS}|{_SHORT_MONTHS})\b)(?!$)")
#: a number printed twice: an <ol> marker in front of a text that has its own ("1. 1. dag")
_DOUBLE_NUMBER = re.compile(r"(?<![\d.])(\d{1,2})\.\s+\1\.(?!\d)")
#: a line that is only a list marker or a separator: the marker came apart from its item
#: ("–" alone is the documents' sign for a field left empty, not a marker)
_LONE_MARKER = re.compile(r"^(?:[•·*]|\d{1,2}[.)]|[a-z][.)])$")
#: a list label "a)" or "1)" (alone, before a space) closes no parenthesis
_LABEL = re.compile(r"(?:^|(?<=\s))(?:\d{1,2}|[a-zA-Z])\)(?=\s)")
#: English words a Danish heading does not contain
_ENGLISH_WORDS = frozenset(
    "the and of with summary agreement goals conversation certificate letter participants "
    "actions none approval blocks page untitled".split()
)


def _parenthesis_problems(lines: list[str]) -> list[str]:
    problems = []
    depth = 0
    opened_at = ""
    for line in lines:
        body = _LABEL.sub("", line)
        for char in body:
            if char == "(":
                if depth == 0:
                    opened_at = line
                depth += 1
            elif char == ")":
                if depth == 0:
                    problems.append(f"a ')' closes nothing: {line!r}")
                else:
                    depth -= 1
    if depth:
        problems.append(f"a '(' is never closed: {opened_at!r}")
    return problems


def _numbering_problems(lines: list[str]) -> list[str]:
    """Numbered lines ("1. …", "2. …") of one run count 1, 2, 3 … without a gap or repeat."""
    problems = []
    last = 0
    for line in lines:
        found = _NUMBERED.match(line)
        if not found:
            continue
        number = int(found.group(1))
        if number == 1 or number == last + 1:
            last = number
        else:
            problems.append(f"numbering jumps from {last} to {number}: {line!r}")
            last = number
    return problems


def text_problems(lines: list[str]) -> list[str]:
    """What keeps the text `lines` (a document's lines, in order) from reading as a finished
    Danish document: raw field names or values (`learning_goals`, `None`, `[]`), template
    syntax, a list marker apart from its item, a number printed twice or numbering that jumps,
    an empty "()" or an unbalanced parenthesis, two separators in a row or a line starting with
    one (an empty value between), a placeholder "?", dates not in Danish.
    Returns one message per problem (an empty list: none found)."""
    problems: list[str] = []
    text = " ".join(lines)
    for pattern, what in (
        (_RAW_VALUES, "a raw value"),
        (_FIELD_NAME, "a field name"),
        (_FOREIGN_DATE, "a date not in Danish"),
        (_DOUBLE_NUMBER, "a number printed twice"),
    ):
        for found in pattern.finditer(text):
            around = text[max(0, found.start() - 40) : found.end() + 40]
            problems.append(f"{what} {found.group(0)!r}: …{around}…")
    if re.search(r"\(\s*\)", text):
        problems.append("an empty '()'")
    for found in re.finditer(r"[·,;:]\s*[·,;]|·\s*$", text):
        around = text[max(0, found.start() - 40) : found.end() + 40]
        problems.append(f"an empty value between separators: …{around}…")
    for line in lines:
        if _LONE_MARKER.match(line):
            problems.append(f"a list marker apart from its item: {line!r}")
        if re.match(r"^[,;:·]", line):
            problems.append(f"an empty value before a separator: {line!r}")
        if re.search(r"(^|\s)\?(\s|$)", line):
            problems.append(f"a placeholder '?': {line!r}")
        if re.search(r"\s[,.;:](?=\s|$)", line) or ",," in line or "··" in line.replace(" ", ""):
            problems.append(f"stray punctuation (a value missing between): {line!r}")
    problems += _parenthesis_problems(lines)
    problems += _numbering_problems(lines)
    return problems


def heading_problems(headings: tuple[tuple[int, str], ...]) -> list[str]:
    """Headings that do not read as Danish headings: empty, English, not starting with one H1,
    or skipping a level (H1 → H3)."""
    problems = []
    if not headings or headings[0][0] != 1:
        problems.append(f"the document does not start with one top heading: {headings[:1]}")
    if sum(1 for level, _ in headings if level == 1) > 1:
        problems.append("more than one top heading (H1)")
    last = 0
    for level, text in headings:
        if level > last + 1:
            problems.append(f"heading level skipped (H{last} → H{level}): {text!r}")
        last = level
        words = set(re.findall(r"[a-zA-Z]+", text.lower()))
        if not text.strip():
            problems.append("an empty heading")
        elif words & _ENGLISH_WORDS:
            problems.append(f"an English word in a heading: {text!r}")
    return problems


def document_problems(data: bytes) -> list[str]:
    """Everything that keeps the PDF `data` from being a finished, tagged Danish document: not
    PDF/UA-1 tagged in Danish with a title, its headings (`heading_problems`) and its text
    (`text_problems`). Returns one message per problem; [] when it reads right."""
    info = pdf_structure(data)
    problems = []
    if not info.tagged or info.pdfua_part != 1:
        problems.append("not tagged as PDF/UA-1")
    if info.lang != "da":
        problems.append(f"language is {info.lang!r}, not 'da'")
    if not info.title or not info.display_doc_title:
        problems.append(f"no title shown by the reader: {info.title!r}")
    if info.figures_without_alt:
        problems.append(f"{info.figures_without_alt} image(s) without alt text")
    if info.cells_without_headers:
        problems.append(f"{info.cells_without_headers} table cell(s) without a header")
    problems += heading_problems(info.headings)
    problems += text_problems(pdf_lines(data))
    return problems
