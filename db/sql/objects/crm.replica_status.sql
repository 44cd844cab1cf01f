-- How far this server is behind its primary, for the client's routing of heavy reads: NULL
-- seconds on a primary; 0 on a standby that is streaming and has less than one WAL segment
-- (16 MB) received but not yet replayed (it is replaying it now; a fresh standby has replayed
-- no transaction yet, so there is no timestamp to compare); else the age of the last replayed
-- transaction, Infinity when there is none (a standby cut off from its primary ages instead of
-- looking current). A definer because pg_stat_wal_receiver shows its state only to
-- pg_read_all_stats (crm_owner is a member).
CREATE OR REPLACE FUNCTION crm.replica_status(OUT in_recovery boolean, OUT lag_seconds double precision)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT pg_is_in_recovery(),
           CASE WHEN NOT pg_is_in_recovery() THEN NULL
                WHEN EXISTS (SELECT 1 FROM pg_stat_wal_receiver w WHERE w.status = 'streaming')
                     AND pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) < 16 * 1024 * 1024
                    THEN 0
                ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()),
                              'Infinity'::double precision)
           END
$$;

REVOKE ALL ON FUNCTION crm.replica_status() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.replica_status() TO crm_staff;
COMMENT ON FUNCTION crm.replica_status() IS
    'Whether this server is a standby and how many seconds its replay is behind (0 when caught up)';
