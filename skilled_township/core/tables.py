"""Table helpers shared by every list page."""

#: Column attributes that leave a column out on phones (narrower than Bootstrap's md breakpoint).
WIDE_SCREEN_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}
