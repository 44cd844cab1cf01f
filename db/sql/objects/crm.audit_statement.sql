-- The audit of a table written in bulk (a hand-over changes thousands of relationships in one
-- statement): the rows crm.audit_row writes -- one per inserted, deleted or changed row, who
-- (session_user, never the definer), old -> new of the changed columns, the same row key and
-- branch -- but from the statement's transition tables in one set-based INSERT instead of a
-- PL/pgSQL call per row. One trigger per event (transition tables name one event's rows):
--   AFTER INSERT ... REFERENCING NEW TABLE AS new_rows
--   AFTER UPDATE ... REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
--   AFTER DELETE ... REFERENCING OLD TABLE AS old_rows
--   FOR EACH STATEMENT EXECUTE FUNCTION crm.audit_statement('<key column>', ...)
-- The key columns must identify a row and never change: an update's old and new versions are
-- paired by them (grouped, not joined: the transition tables have no statistics and a join of
-- the two became a nested loop); an update that changes a key (a version without exactly one
-- partner) fails rather than leave a change unaudited.
CREATE OR REPLACE FUNCTION crm.audit_statement() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_keys text[] := TG_ARGV;
    v_versions text;
    -- crm.mask_personal_json returns an object unchanged when its table has no personal column
    -- (a relationship has none): not calling it twice per row is a third of the audit's time.
    v_masked boolean := EXISTS (SELECT 1 FROM crm.personal_column p WHERE p.table_name = TG_TABLE_NAME);
BEGIN
    IF coalesce(cardinality(v_keys), 0) = 0 THEN
        RAISE EXCEPTION 'crm.audit_statement on %: name the key columns', TG_TABLE_NAME;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        PERFORM 1 FROM (SELECT true AS is_old, to_jsonb(o) AS r FROM old_rows o
                        UNION ALL SELECT false, to_jsonb(n) FROM new_rows n) v
         GROUP BY ARRAY(SELECT v.r ->> k FROM unnest(v_keys) AS k)
        HAVING count(*) FILTER (WHERE v.is_old) <> 1 OR count(*) FILTER (WHERE NOT v.is_old) <> 1
         LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'crm.audit_statement on %: an update changed or duplicated the key (%)',
                TG_TABLE_NAME, array_to_string(v_keys, ', ');
        END IF;
    END IF;
    v_versions := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT NULL::jsonb AS old_row, to_jsonb(n) AS new_row FROM new_rows n'
        WHEN 'DELETE' THEN 'SELECT to_jsonb(o) AS old_row, NULL::jsonb AS new_row FROM old_rows o'
        ELSE 'SELECT (array_agg(v.r) FILTER (WHERE v.is_old))[1] AS old_row,
                     (array_agg(v.r) FILTER (WHERE NOT v.is_old))[1] AS new_row
                FROM (SELECT true AS is_old, to_jsonb(o) AS r FROM old_rows o
                      UNION ALL SELECT false, to_jsonb(n) FROM new_rows n) v
               GROUP BY ARRAY(SELECT v.r ->> k FROM unnest($1::text[]) AS k)' END;
    EXECUTE format($q$
        WITH versions AS (%s),
        audited AS (SELECT p.*, coalesce(p.new_row, p.old_row) AS row_values FROM versions p)
        INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, old_values, new_values)
        SELECT session_user, $3, lower($2), k.row_key,
               coalesce((p.row_values ->> 'branch_id')::smallint,
                        CASE WHEN p.row_values ? 'staff_id' THEN
                            (SELECT s.branch_id FROM crm.staff s WHERE s.id = (p.row_values ->> 'staff_id')::integer) END),
               CASE WHEN $4 THEN crm.mask_personal_json($3, o.old_values) ELSE o.old_values END,
               CASE WHEN $4 THEN crm.mask_personal_json($3, o.new_values) ELSE o.new_values END
          FROM audited p
         CROSS JOIN LATERAL (SELECT string_agg(p.row_values ->> k, '/') AS row_key FROM unnest($1::text[]) AS k) k
         CROSS JOIN LATERAL (SELECT jsonb_object_agg(e.key, e.value) AS old_values,
                                    jsonb_object_agg(e.key, p.new_row -> e.key) AS new_values
                               FROM jsonb_each(CASE WHEN $2 = 'UPDATE' THEN p.old_row END) e
                              WHERE e.value IS DISTINCT FROM p.new_row -> e.key) d
         CROSS JOIN LATERAL (SELECT CASE WHEN $2 = 'UPDATE' THEN d.old_values ELSE p.old_row END AS old_values,
                                    CASE WHEN $2 = 'UPDATE' THEN d.new_values ELSE p.new_row END AS new_values) o
         WHERE $2 <> 'UPDATE' OR d.old_values IS NOT NULL  -- an update that changed nothing
        $q$, v_versions)
    USING v_keys, TG_OP, TG_TABLE_NAME, v_masked;
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION crm.audit_statement() FROM PUBLIC;
COMMENT ON FUNCTION crm.audit_statement() IS
    'Statement-level audit trigger (transition tables): the rows crm.audit_row writes, set-based';
