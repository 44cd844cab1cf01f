-- Sets (or replaces) one sales target (销售任务) and returns its id. p_subject_kind 'staff' or
-- 'team' names a staff member (a team = its leader and everyone below them), 'branch' a branch;
-- p_period_kind 'month' (p_period_start the 1st) or 'year' (1 January); p_metric new_accounts
-- (a count), net_inflow, commission or contribution (cents). HQ sets any target, its own too; a
-- 营销总监 those of their own branch's staff and teams but not their own (nor a team they lead);
-- nobody else sets any. Audited (crm.audit_row on crm.sales_target).
CREATE OR REPLACE FUNCTION crm.set_sales_target(p_subject_kind text, p_subject_id integer, p_period_kind text,
                                                p_period_start date, p_metric text, p_target_value bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v_setter text := crm.sales_target_setter();
    v_staff crm.staff;
    v_branch smallint;
    v_id bigint;
BEGIN
    IF v_me IS NULL OR v_setter IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'only HQ and a branch''s marketing director set sales targets';
    END IF;
    IF p_subject_kind IS NULL OR p_subject_kind NOT IN ('staff', 'team', 'branch') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a target is for a staff member, a team or a branch';
    END IF;
    IF p_period_kind IS NULL OR p_period_kind NOT IN ('month', 'year') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a target is for a month or a year';
    END IF;
    IF p_period_start IS NULL OR p_period_start <> date_trunc(p_period_kind, p_period_start)::date
       OR p_period_start NOT BETWEEN DATE '2000-01-01' AND DATE '2099-12-01' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'a month starts on its 1st and a year on 1 January (2000 to 2099)';
    END IF;
    IF p_metric IS NULL OR p_metric NOT IN ('new_accounts', 'net_inflow', 'commission', 'contribution') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'the metric is new_accounts, net_inflow, commission or contribution';
    END IF;
    IF p_target_value IS NULL OR p_target_value < 0 OR p_target_value > 100000000000000000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a target is a number from 0 to 10^17';
    END IF;

    IF p_subject_kind = 'branch' THEN
        IF v_setter <> 'hq' THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'only HQ sets a branch''s targets';
        END IF;
        SELECT b.id INTO v_branch FROM crm.branch b WHERE b.id = p_subject_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no branch %s', p_subject_id);
        END IF;
    ELSE
        SELECT * INTO v_staff FROM crm.staff s WHERE s.id = p_subject_id;
        IF NOT FOUND OR v_staff.status = 'closed' THEN
            RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no open staff account %s', p_subject_id);
        END IF;
        IF v_setter <> 'hq' THEN
            IF v_staff.id = v_me THEN
                RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'nobody but HQ sets their own targets';
            END IF;
            IF v_staff.branch_id <> (SELECT s.branch_id FROM crm.staff s WHERE s.id = v_me) THEN
                RAISE EXCEPTION USING ERRCODE = '42501',
                    MESSAGE = 'a marketing director sets targets of their own branch''s staff only';
            END IF;
            IF p_subject_kind = 'team' AND v_me = ANY (crm.staff_subtree(v_staff.id)) THEN
                RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'nobody but HQ sets a target of a team they are in';
            END IF;
        END IF;
        v_branch := v_staff.branch_id;
    END IF;

    INSERT INTO crm.sales_target AS t (subject_kind, staff_id, branch_id, period_kind, period_start, metric,
                                       target_value)
    VALUES (p_subject_kind, CASE WHEN p_subject_kind <> 'branch' THEN p_subject_id END, v_branch, p_period_kind,
            p_period_start, p_metric, p_target_value)
    ON CONFLICT (subject_kind, coalesce(staff_id, 0), branch_id, period_kind, period_start, metric)
    DO UPDATE SET target_value = EXCLUDED.target_value, set_by = session_user, set_at = now(),
                  version = t.version + 1
    RETURNING t.id INTO v_id;
    RETURN v_id;
END
$$;

REVOKE ALL ON FUNCTION crm.set_sales_target(text, integer, text, date, text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.set_sales_target(text, integer, text, date, text, bigint) TO crm_staff;
