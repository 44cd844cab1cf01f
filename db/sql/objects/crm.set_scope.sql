-- 客户范围 and 营业部范围 together. NULL arguments keep the current value.
CREATE OR REPLACE FUNCTION crm.set_scope(p_login text, p_scope text, p_public_pool boolean DEFAULT NULL,
                                         p_branch_scope text[] DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
    x text;
BEGIN
    PERFORM crm.refuse_own_account(v, 'customer or branch scope');
    IF p_scope IS NOT NULL AND p_scope NOT IN ('own', 'subordinates', 'branch', 'all') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown customer scope "%s"', p_scope);
    END IF;
    -- Widening beyond one's own branches is HQ's decision.
    IF p_scope = 'all' THEN
        PERFORM crm.require_operator_or_hq();
    END IF;
    UPDATE crm.staff SET customer_scope = coalesce(p_scope, customer_scope),
                         public_pool = coalesce(p_public_pool, public_pool),
                         version = version + 1
     WHERE id = v.id;
    IF p_branch_scope IS NOT NULL THEN
        FOREACH x IN ARRAY p_branch_scope LOOP
            IF NOT crm.can_administer(crm.branch_id_of(x)) THEN
                RAISE EXCEPTION USING ERRCODE = '42501',
                    MESSAGE = format('you do not administer branch %s', upper(x));
            END IF;
        END LOOP;
        DELETE FROM crm.staff_branch_scope b WHERE b.staff_id = v.id;
        INSERT INTO crm.staff_branch_scope (staff_id, branch_id)
            SELECT DISTINCT v.id, crm.branch_id_of(b) FROM unnest(p_branch_scope) b;
    END IF;
END
$$;

REVOKE ALL ON FUNCTION crm.set_scope(text, text, boolean, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.set_scope(text, text, boolean, text[]) TO crm_staff;
