"""Recruitment views, one module per part of the phase."""
