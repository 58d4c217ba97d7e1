"""Channels: e-mail (SMTP or a maildir) and group robots; the inbox is the store itself."""
