"""The small-number rule (issue #13 §1)."""

from lederspor.core.smallnumbers import is_suppressed, min_cell, suppressed_label


def test_default_hides_one_to_four_answers(settings):
    settings.LEDERSPOR_REPORTS_MIN_CELL = 5
    assert min_cell() == 5
    assert [is_suppressed(n) for n in (None, 0, 1, 4, 5, 40)] == [
        False,
        False,
        True,
        True,
        False,
        False,
    ]
    assert suppressed_label() == "< 5"


def test_the_minimum_is_a_setting(settings):
    settings.LEDERSPOR_REPORTS_MIN_CELL = 3
    assert is_suppressed(2) and not is_suppressed(3)
    assert suppressed_label() == "< 3"
    settings.LEDERSPOR_REPORTS_MIN_CELL = 0  # a nonsense value still hides nothing wrongly
    assert min_cell() == 1
