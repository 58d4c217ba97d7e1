"""The ground floor: settings, logs, metrics, clock, command context, keys, fail points.

Everything above may use it; it uses nothing of servicekit.
"""
