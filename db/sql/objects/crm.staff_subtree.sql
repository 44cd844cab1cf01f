-- A staff member's subtree in the 上级员工 hierarchy, themselves included.
CREATE OR REPLACE FUNCTION crm.staff_subtree(p_staff_id integer) RETURNS integer[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    WITH RECURSIVE tree(id) AS (
        SELECT p_staff_id
        UNION
        SELECT s.id FROM crm.staff s JOIN tree t ON s.superior_id = t.id
    )
    SELECT array_agg(id) FROM tree WHERE id IS NOT NULL
$$;

REVOKE ALL ON FUNCTION crm.staff_subtree(integer) FROM PUBLIC;
