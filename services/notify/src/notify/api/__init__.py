"""The notify service's HTTP API: the inbox, units' contacts, the delivery queue, the sweep."""
