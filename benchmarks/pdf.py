"""What tagging every PDF as PDF/UA-1 costs a render (issue #14 §2).

    uv run python benchmarks/pdf.py [--pages 3] [--runs 7]

Renders one document of about `--pages` A4 pages through `core.pdf.pdf_bytes` — a learning
agreement's shape: headings, paragraphs, bullet lists, tables with header cells, a page
number in the margin — as a plain PDF (`variant=None`) and as PDF/UA-1 (the default), the
median of `--runs` renders each after a warm-up (WeasyPrint's first render loads its fonts),
the two taking turns so that a busy machine slows both alike.

Prints CSV: `variant,pages,median_ms,cpu_ms,bytes,ratio_to_plain`: wall-clock and process CPU
milliseconds; the ratio is of CPU time, which the shared machine's load moves least.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pagebench import setup_django  # noqa: E402

DOCUMENT = """<!doctype html>
<html lang="da">
<head><meta charset="utf-8"><title>Læringsaftale – Anna Aspirant</title>
<style>
  @page { size: A4; margin: 18mm 16mm; @bottom-right { content: "Side " counter(page) " af "
    counter(pages); font-size: 8pt; } }
  body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.4; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border: 1px solid #bbb; padding: 3pt 5pt; text-align: left; vertical-align: top; }
</style></head>
<body>
<h1>Læringsaftale – Anna Aspirant</h1>
<p>Ledertrainee 2027 · Version 2 · Status: Godkendt 6. december 2026</p>
{% for section in sections %}
<h2>{{ section }}. Byggeklodser og læringsmål</h2>
<p>Aftalen beskriver de læringsmål, byggeklodser og den støtte fra nærmeste leder, som
traineen og lederen er blevet enige om. Den godkendes af traineen, lederen og konsulenten.</p>
<ul>{% for n in items %}<li>Læringsmål {{ n }}: lede et tværgående projekt med tydelig
kommunikation til medarbejdere og samarbejdspartnere</li>{% endfor %}</ul>
<table>
  <thead><tr><th scope="col">Periode</th><th scope="col">Byggeklods</th>
  <th scope="col">Status</th></tr></thead>
  <tbody>{% for n in items %}<tr><td>1. feb 2027 – 1. mar 2027</td>
  <td>Praktik i en anden forvaltning, med refleksion bagefter</td><td>Planlagt</td></tr>
  {% endfor %}</tbody>
</table>
{% endfor %}
</body>
</html>
"""


def measure(*, variants: list[str | None], sections: int, runs: int) -> dict[str | None, Figures]:
    """Render each of `variants` once to warm up, then `runs` times in turn (plain, tagged,
    plain, …: a busy machine slows both alike) and return each one's figures."""
    import io

    from django.test import override_settings
    from pypdf import PdfReader

    from lederspor.core.pdf import pdf_bytes

    templates = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [("django.template.loaders.locmem.Loader", {"bench.html": DOCUMENT})]
            },
        }
    ]
    context = {"sections": range(1, sections + 1), "items": range(1, 6)}
    wall: dict[str | None, list[float]] = {v: [] for v in variants}
    cpu: dict[str | None, list[float]] = {v: [] for v in variants}
    pdfs: dict[str | None, bytes] = {}
    with override_settings(TEMPLATES=templates):
        for variant in variants:
            pdfs[variant] = pdf_bytes("bench.html", context, variant=variant)
        for _ in range(runs):
            for variant in variants:
                start, start_cpu = time.perf_counter(), time.process_time()
                pdfs[variant] = pdf_bytes("bench.html", context, variant=variant)
                wall[variant].append((time.perf_counter() - start) * 1000)
                cpu[variant].append((time.process_time() - start_cpu) * 1000)
    return {
        v: Figures(
            statistics.median(wall[v]),
            statistics.median(cpu[v]),
            len(pdfs[v]),
            len(PdfReader(io.BytesIO(pdfs[v])).pages),
        )
        for v in variants
    }


@dataclass(frozen=True)
class Figures:
    """One variant's medians (milliseconds), its size in bytes and its pages."""

    wall_ms: float
    cpu_ms: float
    size: int
    pages: int


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3, help="about this many A4 pages")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    setup_django("pdf")
    from lederspor.core.pdf import PDF_VARIANT

    sections = max(1, round(args.pages * 1.7))
    figures = measure(variants=[None, PDF_VARIANT], sections=sections, runs=args.runs)
    plain = figures[None]
    print("variant,pages,median_ms,cpu_ms,bytes,ratio_to_plain")
    for variant, f in figures.items():
        print(
            f"{variant or 'plain'},{f.pages},{f.wall_ms:.0f},{f.cpu_ms:.0f},{f.size},"
            f"{f.cpu_ms / plain.cpu_ms:.2f}"
        )


if __name__ == "__main__":
    main()
