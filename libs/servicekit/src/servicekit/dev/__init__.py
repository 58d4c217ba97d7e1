"""For tests, benchmarks and the embedded default: a nats-server of one's own, service processes.

Nothing of a deployed service imports it; ``kpd up`` uses its nats-server for
the single-machine default.
"""
