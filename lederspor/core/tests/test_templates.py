"""Templates stay readable: no line longer than 200 characters (djade, run by .ci/run, formats
the tags but does not wrap lines)."""

from pathlib import Path

from django.conf import settings

LIMIT = 200


def test_no_template_line_is_longer_than_200_characters():
    root = Path(settings.BASE_DIR)
    long = [
        f"{path.relative_to(root)}:{number}: {len(line)} characters"
        for path in sorted((root / "templates").rglob("*"))
        if path.suffix in {".html", ".txt"}
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if len(line) > LIMIT
    ]
    assert long == [], (
        "break these lines where white space cannot change the output (between block-level "
        "tags, inside a start tag, at a space in HTML text or inside {% blocktranslate trimmed %}):\n"
        + "\n".join(long)
    )
