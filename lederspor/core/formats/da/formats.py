"""Danish dates: "5. december 2026", "5. dec 2026", "lørdag 5. december 2026 kl. 14:30"."""

DATE_FORMAT = "j. F Y"
SHORT_DATE_FORMAT = "j. b Y"
DATETIME_FORMAT = "j. F Y H:i"
SHORT_DATETIME_FORMAT = "j. b Y H:i"
MONTH_DAY_FORMAT = "j. F"
TIME_FORMAT = "H:i"

WEEKDAY_DATE_FORMAT = "l j. F Y"
WEEKDAY_DATETIME_FORMAT = r"l j. F Y \k\l. H:i"
