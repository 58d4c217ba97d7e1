"""Assessment HTTP API."""
