"""PDF documents from Django templates (WeasyPrint), shared by every app that offers one: the
competence plan, the learning agreement, the conversation summary and host letter, the course
certificate."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


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
    template: str, context: dict[str, Any], *, request: HttpRequest | None = None
) -> bytes:
    """The PDF of `template` rendered with `context` (and `request`, when there is one: its
    context processors, and relative URLs resolved against the site root). Without a request
    (the access export's documents) the template must be self-contained, as the PDF templates
    are (inline styles, no static files). WeasyPrint is imported on the first PDF only."""
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return bytes(HTML(string=html, base_url=base_url).write_pdf())
