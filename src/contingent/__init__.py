"""Contingent: business continuity and disaster recovery management."""

__version__ = "0.1.0"
