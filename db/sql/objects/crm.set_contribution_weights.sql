-- HQ sets the weights of 贡献度 = 净佣金 × w1 + 利差 × w2 (each 0..10); audited by the table's trigger.
CREATE OR REPLACE FUNCTION crm.set_contribution_weights(p_net_commission_weight numeric,
                                                        p_interest_spread_weight numeric) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF coalesce(crm.sales_target_setter(), '') <> 'hq' AND NOT crm.is_operator() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'only HQ sets the contribution weights';
    END IF;
    IF p_net_commission_weight IS NULL OR p_interest_spread_weight IS NULL
       OR NOT p_net_commission_weight BETWEEN 0 AND 10 OR NOT p_interest_spread_weight BETWEEN 0 AND 10 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'each contribution weight is a number from 0 to 10';
    END IF;
    UPDATE crm.contribution_weight
       SET net_commission_weight = p_net_commission_weight, interest_spread_weight = p_interest_spread_weight,
           updated_at = now(), updated_by = session_user;
END
$$;

REVOKE ALL ON FUNCTION crm.set_contribution_weights(numeric, numeric) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.set_contribution_weights(numeric, numeric) TO crm_staff;
