"""Events between services: the NATS JetStream bus, the outbox relay and its lock, the consumer.

Stands on the event store (the relay reads the log, the consumer saves with a
tracking position); never on the read side or the web floor.
"""
