"""Typst templates and rendering of governed documents (plans) to PDF."""
