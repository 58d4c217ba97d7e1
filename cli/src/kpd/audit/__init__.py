"""``kpd audit``: the auditor's tool, reading the services' stores directly.

``parser`` declares the sub-commands, ``commands`` runs them; the other
modules are what they use (stores, verification, timeline, export bundles,
replay, the JetStream cross-check).
"""
