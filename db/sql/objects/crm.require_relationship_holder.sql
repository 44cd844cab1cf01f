-- Development and service relationships only for staff whose type holds them.
CREATE OR REPLACE FUNCTION crm.require_relationship_holder(p_staff_id integer) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v record;
BEGIN
    SELECT s.name, s.login, t.name_zh, t.name_en, t.holds_relationships INTO v
      FROM crm.staff s JOIN crm.staff_type t ON t.code = s.staff_type WHERE s.id = p_staff_id;
    IF NOT coalesce(v.holds_relationships, false) THEN
        RAISE EXCEPTION USING ERRCODE = 'CR034', MESSAGE = format(
            '%s (%s) is %s: only marketing staff and brokers can hold a development or service relationship',
            v.name, v.login, v.name_en);
    END IF;
END
$$;

REVOKE ALL ON FUNCTION crm.require_relationship_holder(integer) FROM PUBLIC;
