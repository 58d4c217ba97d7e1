"""Issues HTTP API."""
