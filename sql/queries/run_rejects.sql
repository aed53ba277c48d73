-- A run's rejects by stage and reason, most frequent first (the run report).
SELECT stage, reason, count(*) FROM rejects WHERE run_id = $run_id GROUP BY ALL ORDER BY 3 DESC, 1, 2;
