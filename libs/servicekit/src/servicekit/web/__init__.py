"""The HTTP edge: the app builder, auth, problem+json, idempotency, deadline, RED metrics,
read-your-writes, versions (ETag/If-Match) and the audit API.

The top floor of a service; only ``servicekit.dev`` is above it.
"""
