UPDATE runs SET finished_at = $finished_at, counts = $counts, status = $status WHERE run_id = $run_id;
