"""Recruitment services, one module per part of the phase."""
