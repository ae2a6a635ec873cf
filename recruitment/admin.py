"""Recruitment's records in the admin: each part of the phase registers its own."""

from . import admin_applications, admin_placements  # noqa: F401
