"""Accountability, pure: hash chains, Merkle roots, signed checkpoints, verification.

Works on stored events as bytes; knows nothing of stores, buses or HTTP (the
checkpoint worker is in ``servicekit.runtime``, the audit API in ``servicekit.web``).
"""
