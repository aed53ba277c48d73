"""Analyst outputs."""
