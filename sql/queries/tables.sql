-- The project's tables (for the run report's row counts).
SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1;
