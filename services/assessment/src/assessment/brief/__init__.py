"""Rendering of the monthly brief (一月一专报): charts, Markdown, HTML, DOCX, PDF."""
