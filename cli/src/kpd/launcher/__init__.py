"""``kpd up``: the whole suite on one machine.

``up`` is the command; ``children`` starts and stops the service processes,
``prepare`` readies keys, ports and stores, ``watch`` waits for readiness and
for a stop, ``demo`` creates the demo accounts.
"""
