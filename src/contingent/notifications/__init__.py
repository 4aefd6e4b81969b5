"""Outbound email through a durable outbox, acknowledgements of receipt, and review reminders."""
