"""Recruitment forms, one module per part of the phase."""
