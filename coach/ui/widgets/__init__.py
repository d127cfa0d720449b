"""Reusable widgets, shared by the run and later by "present" and "follow" modes."""
