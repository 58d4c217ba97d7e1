"""A service process: infrastructure, the runtime that starts and stops its workers, store probe,
checkpoint worker and the migration step.

Composes the floors below (event store, messaging, read side, audit).
"""
