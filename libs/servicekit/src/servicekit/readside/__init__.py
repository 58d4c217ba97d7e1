"""Read models: SQLAlchemy tables built from the log by projections, with their positions.

Stands on the event store; independent of messaging.
"""
