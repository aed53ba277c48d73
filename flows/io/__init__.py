"""IO adapters: HTTP and file fetching, sources, the raw store, DuckDB."""
