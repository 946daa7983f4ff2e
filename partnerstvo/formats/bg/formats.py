# Bulgarian dates as Bulgarian writes them: "28 ноември 2026", "28 ноември 2026, 10:00" (Django's
# own leave DATETIME_FORMAT to the English "N j, Y, P"). Month names are lower case through our
# catalogue (see partnerstvo/core/dates.py).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
