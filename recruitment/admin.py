"""Recruitment in the admin: each part of the phase registers its own models."""

from . import admin_placements  # noqa: F401
