"""Pydantic records of samarbeid's data: no I/O here."""
