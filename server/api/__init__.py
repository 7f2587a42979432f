"""HTTP routes of the central server."""
