"""Writes: every change to schemes and their records goes through these services."""
