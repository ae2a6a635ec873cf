"""Scheme pages: the record itself, planning, and maintenance."""
