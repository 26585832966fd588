"""PDF documents from Django templates (WeasyPrint), shared by every app that offers one: the
competence plan, the learning agreement, the conversation summary and host letter, the course
certificate.

Every PDF is tagged PDF/UA-1 (ISO 14289-1, issue #14 §2): WeasyPrint's `pdf_variant="pdf/ua-1"`
writes a structure tree built from the HTML (h1–h6 → H1–H6, ul/ol → L/LI, table → Table/TH/TD
with each cell's headers, img → Figure with its `alt`), the document's language from
`<html lang>` (catalogue /Lang), its title from `<title>` (shown by the reader instead of the
file name: /DisplayDocTitle), /MarkInfo /Marked true and the XMP `pdfuaid:part` 1; borders and
backgrounds are marked as artifacts. What the tags can say depends on the template: a PDF
template has `<html lang="da">`, a meaningful `<title>`, real headings in order, lists and tables
with `<th scope>`. `core.pdf_testing` reads a PDF back for tests.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

#: the PDF variant every document is written as (WeasyPrint's name for PDF/UA-1)
PDF_VARIANT = "pdf/ua-1"

#: a user stylesheet under every PDF template's own styles (which win where they say otherwise).
#: List markers sit inside their item: WeasyPrint draws an outside marker after the page's text,
#: so a reader's copy-paste (and pypdf) got the items first and a row of lone "•" or "1." after
#: them; inside, the marker is the first text of its item and still tagged as its label (Lbl).
#: The hanging indent keeps the item's wrapped lines clear of the marker. A heading or a term
#: does not end a page apart from what it heads, and the page number in the margin is in the
#: documents' font.
PDF_STYLESHEET = """
@page { font-family: "DejaVu Sans", sans-serif; }
ul, ol { list-style-position: inside; padding-left: 0; }
li * { text-indent: 0; }
li { padding-left: 1.1em; text-indent: -1.1em; }
h1, h2, h3, h4, dt { break-after: avoid; }
"""


def pdf_response(
    request: HttpRequest, template: str, context: dict[str, Any], filename: str
) -> HttpResponse:
    """Render `template` with `context` and return it as an inline PDF named `filename`.

    Relative URLs in the template (static files) resolve against the site root. WeasyPrint is
    imported here, not at start-up: loading it (and its fonts) costs about a second the first
    time, and only PDF requests should pay it.
    """
    pdf = pdf_bytes(template, context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def pdf_bytes(
    template: str,
    context: dict[str, Any],
    *,
    request: HttpRequest | None = None,
    variant: str | None = PDF_VARIANT,
) -> bytes:
    """The PDF of `template` rendered with `context` (and `request`, when there is one: its
    context processors, and relative URLs resolved against the site root). Without a request
    (the access export's documents) the template must be self-contained, as the PDF templates
    are (inline styles, no static files). WeasyPrint is imported on the first PDF only.

    `variant` is WeasyPrint's `pdf_variant`: PDF/UA-1 (tagged, see the module docstring) unless
    a caller asks otherwise; `None` writes a plain, untagged PDF (only the benchmark
    `benchmarks/pdf.py` does, to measure what the tags cost).
    """
    from weasyprint import CSS, HTML

    html = render_to_string(template, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    document = HTML(string=html, base_url=base_url)
    return bytes(document.write_pdf(stylesheets=[CSS(string=PDF_STYLESHEET)], pdf_variant=variant))
