"""The event store floor: the application base, recorder glue, mapper, transcodings, unit of work.

``KpdApplication`` seals each new event into its aggregate's hash chain
(``servicekit.audit``) and stamps the command context (``servicekit.core``).
"""
