"""Merge fields (issue #16 §3): a fixed whitelist, never template code from user input."""

import pytest
from django.core.exceptions import ValidationError

from lederspor.mailings import merge


def test_known_fields_are_replaced_and_the_rest_is_left_as_written():
    text = "Kære {fornavn}, velkommen til {hold} ({forløb}). 100% {{ not code }}"
    with pytest.raises(ValidationError):
        merge.check(text)  # the doubled braces are not a field
    ok = "Kære {fornavn}, velkommen til {hold} ({forløb}). 100 % <b>"
    merge.check(ok)
    assert (
        merge.render(ok, {"fornavn": "Anna", "hold": "Hold 1", "forløb": "Aspirant"})
        == "Kære Anna, velkommen til Hold 1 (Aspirant). 100 % <b>"
    )


def test_django_template_syntax_is_not_evaluated():
    text = "{% load static %}{{ settings.SECRET_KEY }}"
    with pytest.raises(ValidationError):
        merge.check(text)
    # even unchecked, render never evaluates it: a bad field stays text
    assert "settings.SECRET_KEY" in merge.render(text, {})


def test_an_unknown_field_names_it_and_lists_the_allowed_ones():
    with pytest.raises(ValidationError) as error:
        merge.check("Hej {efternavn}")
    message = error.value.messages[0]
    assert "Ukendt flettefelt {efternavn}" in message
    assert "{fornavn}" in message and "{næste_mødegang}" in message


@pytest.mark.parametrize("text", ["Hej {fornavn", "Hej fornavn}", "{}", "{ukendt felt}"])
def test_malformed_text_is_refused_in_danish(text):
    with pytest.raises(ValidationError) as error:
        merge.check(text)
    assert error.value.code == "merge_field"
    assert "Mulige felter" in error.value.messages[0]


def test_a_missing_value_renders_empty():
    assert merge.render("Leder: {nærmeste_leder}.", {}) == "Leder: ."
