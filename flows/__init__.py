"""Orchestration and IO: Prefect flows, tasks, fetching, the raw store and DuckDB."""
