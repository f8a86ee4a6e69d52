"""Records and results -> text, tables, iCalendar and e-mail."""
