"""Hotline Desk: the workstation and central server of a 12345 government hotline."""

__version__ = "0.1.0"
