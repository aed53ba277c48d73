INSERT INTO runs (run_id, flow, parameters, started_at, status)
VALUES ($run_id, $flow, $parameters, $started_at, 'running')
ON CONFLICT (run_id) DO UPDATE SET started_at = excluded.started_at, status = 'running';
