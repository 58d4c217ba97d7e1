"""Workbook imports: the template people fill and reading it back."""
