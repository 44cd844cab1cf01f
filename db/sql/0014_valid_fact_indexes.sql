-- Every INVALID index of the CRM schemas is rebuilt. A partitioned table's index that is INVALID
-- lacks it on some partitions (the demo seed made them with `ON ONLY`): dropped and created
-- again without ONLY, it is built on every partition, attached and valid. Any other INVALID
-- index (an interrupted CREATE INDEX CONCURRENTLY) is reindexed.
DO $repair$
DECLARE
    v_index record;
BEGIN
    SET LOCAL maintenance_work_mem = '512MB';
    FOR v_index IN
        SELECT i.indexrelid::regclass AS name, c.relkind, pg_get_indexdef(i.indexrelid) AS definition
          FROM pg_index i
          JOIN pg_class c ON c.oid = i.indexrelid
         WHERE NOT i.indisvalid
           AND c.relnamespace IN ('crm'::regnamespace, 'crm_daily'::regnamespace)
           -- an invalid partition index is rebuilt with its parent
           AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)
         ORDER BY 1
    LOOP
        IF v_index.relkind = 'I' THEN
            EXECUTE format('DROP INDEX %s', v_index.name);
            EXECUTE replace(v_index.definition, ' ON ONLY ', ' ON ');
        ELSE
            EXECUTE format('REINDEX INDEX %s', v_index.name);
        END IF;
    END LOOP;
END
$repair$;
