"""Date and time formats per language (settings.FORMAT_MODULE_PATH).

Templates write `{{ day|date }}`, `|date:"SHORT_DATE_FORMAT"`, `|time` and so on, never a
format string of their own, so a page reads "5. december 2026" in Danish and "5 December 2026"
in English. Django looks a name passed to `|date` or `date_format()` up in these modules first,
so besides Django's names each language defines the two Lederspor adds:

- `WEEKDAY_DATE_FORMAT`: "lørdag 5. december 2026" / "Saturday 5 December 2026"
- `WEEKDAY_DATETIME_FORMAT`: "lørdag 5. december 2026 kl. 14:30" / "Saturday 5 December 2026
  at 14:30"

Every language in settings.LANGUAGES has a module here that defines both (a test checks it); a
name Django cannot find would otherwise be read as a format string. Input formats are not
defined here: forms keep accepting what Django's own locale accepts (and ISO dates, which the
`<input type="date">` widgets send).
"""

# The names Lederspor adds to Django's (DATE_FORMAT, SHORT_DATE_FORMAT, ...).
CUSTOM_FORMATS = ("WEEKDAY_DATE_FORMAT", "WEEKDAY_DATETIME_FORMAT")
