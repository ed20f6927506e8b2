-- Which process runs an experiment run: the name of the lock file ($DSLAB_HOME/runs/owners/<owner>.lock) that
-- process holds until the run ends. The OS releases the lock when the process ends, however it ends (kill -9
-- included), so a RUNNING run whose lock can be taken is dead and what it made on the target can be removed.
-- NULL for runs started before this column existed.
ALTER TABLE experiment_run ADD COLUMN owner TEXT;
