"""Scheduling HTTP API."""
