-- Read replicas (issue #16): the replica secret of a session. Only the SHA-256 of the secret is
-- kept (the secret itself never reaches the server's disk or WAL); it replicates with the row, so
-- a standby can check a presented secret against it while the row is open.
ALTER TABLE crm.app_session ADD COLUMN replica_secret_hash bytea
    CHECK (replica_secret_hash IS NULL OR length(replica_secret_hash) = 32);

-- A replica connection finds its session by the hash, once per statement (crm.current_staff_id).
CREATE UNIQUE INDEX app_session_replica_secret_idx ON crm.app_session (replica_secret_hash)
    WHERE closed_at IS NULL AND replica_secret_hash IS NOT NULL;
