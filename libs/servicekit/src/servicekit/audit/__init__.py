"""Accountability: hash chains, signed checkpoints, verification and the audit API."""
