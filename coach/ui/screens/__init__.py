"""Screens and dialogs of the coach: one module per screen a person can see."""
