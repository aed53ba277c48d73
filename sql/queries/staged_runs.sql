-- Which of the run ids found in the staging area ($run_ids) are runs of this database.
SELECT run_id FROM runs WHERE list_contains($run_ids, run_id) ORDER BY run_id;
