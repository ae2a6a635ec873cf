"""Recruitment selectors, one module per part of the phase."""
