-- HQ edits a flow: the ordered posts replace the old steps (pending requests keep theirs).
CREATE OR REPLACE FUNCTION crm.set_flow_steps(p_flow text, p_posts text[]) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF NOT (crm.is_operator() OR crm.has_permission('admin_all')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'only HQ administrators may edit approval flows';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM crm.approval_flow f WHERE f.code = p_flow) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('unknown approval flow "%s"', p_flow);
    END IF;
    IF coalesce(cardinality(p_posts), 0) = 0 OR EXISTS (
            SELECT 1 FROM unnest(p_posts) p WHERE NOT EXISTS (SELECT 1 FROM crm.approval_post a WHERE a.code = p)) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a flow needs one or more known approval posts';
    END IF;
    IF cardinality(p_posts) <> (SELECT count(DISTINCT p) FROM unnest(p_posts) p) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a post may appear only once in a flow';
    END IF;
    PERFORM 1 FROM crm.approval_flow f WHERE f.code = p_flow FOR UPDATE;   -- one editor at a time
    DELETE FROM crm.approval_flow_step WHERE flow_code = p_flow;
    INSERT INTO crm.approval_flow_step (flow_code, step_no, post_code)
    SELECT p_flow, o::smallint, p FROM unnest(p_posts) WITH ORDINALITY AS x(p, o);
END
$$;

REVOKE ALL ON FUNCTION crm.set_flow_steps(text, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.set_flow_steps(text, text[]) TO crm_staff;
