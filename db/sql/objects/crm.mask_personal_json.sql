-- Audit trail: masked, like every other read path. Rows already written are masked too (branch
-- administrators read the audit log of their branch).
CREATE OR REPLACE FUNCTION crm.mask_personal_json(p_table text, p_values jsonb) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT CASE WHEN p_values IS NULL OR jsonb_typeof(p_values) <> 'object' THEN p_values
                ELSE (SELECT coalesce(jsonb_object_agg(v.key,
                                          CASE WHEN p.mask_kind IS NULL OR jsonb_typeof(v.value) <> 'string'
                                               THEN v.value
                                               ELSE to_jsonb(crm.mask_personal(p.mask_kind, v.value #>> '{}')) END),
                                      '{}')
                        FROM jsonb_each(p_values) v
                        LEFT JOIN crm.personal_column p ON p.table_name = p_table AND p.column_name = v.key)
           END
$$;

REVOKE ALL ON FUNCTION crm.mask_personal_json(text, jsonb) FROM PUBLIC;
