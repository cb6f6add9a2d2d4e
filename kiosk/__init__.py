"""Citizen service kiosk for Hanoi's 24/7 public-service support points."""

__version__ = "0.1.0"
