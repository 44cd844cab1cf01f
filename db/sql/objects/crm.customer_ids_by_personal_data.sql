-- Exact search by a full mobile (counter or extended) or ID number (check letter in either
-- case), in every one of them or in one (p_field: 'mobile', 'ext_mobile' or 'id_no'): the ids of
-- the matching customers the caller sees, nothing else. Index lookups on the raw columns
-- (customer_mobile_idx, customer_id_no_idx, customer_ext_mobile_c_idx).
CREATE OR REPLACE FUNCTION crm.customer_ids_by_personal_data(p_value text, p_field text DEFAULT NULL) RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT coalesce(array_agg(DISTINCT v ORDER BY v), '{}')
      FROM crm.visible_customer_ids(ARRAY(
               SELECT c.id FROM crm.customer c
                WHERE coalesce(p_field, 'mobile') = 'mobile' AND c.mobile = p_value
               UNION ALL
               SELECT c.id FROM crm.customer c
                WHERE coalesce(p_field, 'id_no') = 'id_no' AND c.id_no IN (upper(p_value), lower(p_value))
               UNION ALL
               SELECT x.customer_id FROM crm.customer_ext x
                WHERE coalesce(p_field, 'ext_mobile') = 'ext_mobile' AND x.mobile COLLATE "C" = p_value)) AS v
     WHERE length(p_value) BETWEEN 5 AND 40
$$;

REVOKE ALL ON FUNCTION crm.customer_ids_by_personal_data(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.customer_ids_by_personal_data(text, text) TO crm_staff;
