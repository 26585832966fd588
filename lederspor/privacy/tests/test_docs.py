"""docs/privacy.md's retention schedule and record kinds are generated from the registries."""

from lederspor.privacy.management.commands.privacy_docs import (
    current_section,
    doc_path,
    render_section,
)
from lederspor.privacy.registry import personal_data, retention_rules


def test_the_generated_section_of_docs_privacy_is_up_to_date():
    assert current_section(doc_path().read_text(encoding="utf-8")) == render_section(), (
        "docs/privacy.md's retention schedule or record kinds are stale: run "
        "`uv run lederspor privacy_docs --write` and commit docs/privacy.md"
    )


def test_the_section_names_every_rule_and_entry():
    section = render_section()
    for rule in retention_rules:
        assert f"`{rule.key}` |" in section and str(rule.reason).split(";")[0] in section
    for entry in personal_data:
        assert f"`{entry.key}` |" in section
