-- Bulk-load helpers of crm.t1_apply: the secondary indexes of a table that a load is about to
-- (more than) double are dropped and rebuilt afterwards, which costs a sort per index instead
-- of ~2 us per row and index; so are its foreign keys to the tables in p_fk_targets (one join
-- instead of a lookup per row). Only tables the load locks anyway belong there: dropping a
-- foreign key locks the referenced table ACCESS EXCLUSIVE (crm.branch or crm.staff would stop
-- every session). Primary keys and unique indexes stay (ON CONFLICT needs them). Dropping an
-- index takes an ACCESS EXCLUSIVE lock on the table until commit: readers of a table that was
-- (nearly) empty wait for the load instead of seeing it half-done.
CREATE OR REPLACE FUNCTION crm.t1_bulk_detach(p_table regclass, p_fk_targets regclass[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_def record;
    v_count integer := 0;
BEGIN
    IF to_regclass('pg_temp.t1_detached') IS NULL THEN
        CREATE TEMP TABLE t1_detached (seq serial, restore text NOT NULL) ON COMMIT DROP;
    END IF;
    FOR v_def IN
        SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s', p_table, k.conname, pg_get_constraintdef(k.oid)) AS restore,
               format('ALTER TABLE %s DROP CONSTRAINT %I', p_table, k.conname) AS drop
          FROM pg_constraint k WHERE k.conrelid = p_table AND k.contype = 'f' AND k.confrelid = ANY (p_fk_targets)
        UNION ALL
        SELECT pg_get_indexdef(i.indexrelid), format('DROP INDEX %s', i.indexrelid::regclass)
          FROM pg_index i
         WHERE i.indrelid = p_table AND NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
    LOOP
        INSERT INTO pg_temp.t1_detached (restore) VALUES (v_def.restore);
        EXECUTE v_def.drop;
        v_count := v_count + 1;
    END LOOP;
    RETURN v_count;
END
$$;

REVOKE ALL ON FUNCTION crm.t1_bulk_detach(regclass, regclass[]) FROM PUBLIC;
