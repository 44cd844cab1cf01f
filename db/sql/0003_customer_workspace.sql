-- Customers tab workspace (issue #4): saved filters, customer groups (客户群) and the export log.
-- Runs as crm_owner. Plain per-user data is direct DML under RLS; the export right is checked
-- by definer functions, because "may export" is a permission, not a row.

-- Saved filters: named, per staff member, private.
CREATE TABLE crm.saved_filter (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_id     integer NOT NULL DEFAULT crm.current_staff_id() REFERENCES crm.staff,
    name         text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 100),
    definition   jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    modified_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (staff_id, name)
);

-- 客户群: owned by a staff member; managers read their subtree's groups.
CREATE TABLE crm.customer_group (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_id     integer NOT NULL DEFAULT crm.current_staff_id() REFERENCES crm.staff,
    name         text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 100),
    note         text,
    version      integer NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    modified_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (staff_id, name)
);

CREATE TABLE crm.customer_group_member (
    group_id     bigint NOT NULL REFERENCES crm.customer_group ON DELETE CASCADE,
    customer_id  bigint NOT NULL REFERENCES crm.customer,
    added_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, customer_id)
);
CREATE INDEX customer_group_member_customer_idx ON crm.customer_group_member (customer_id);

-- Every export: who, what (kind, filter, columns), how many rows, how it ended.
CREATE TABLE crm.export_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_id     integer NOT NULL REFERENCES crm.staff,
    branch_id    smallint NOT NULL REFERENCES crm.branch,
    actor        text NOT NULL DEFAULT session_user,
    kind         text NOT NULL CHECK (kind IN ('customers', 'summary', 'group_statistics', 'analysis')),
    details      jsonb NOT NULL DEFAULT '{}',
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    row_count    bigint,
    status       text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'cancelled', 'failed'))
);
CREATE INDEX export_log_staff_idx ON crm.export_log (staff_id, started_at DESC);

-- Owner and timestamps are not the client's to choose.
CREATE FUNCTION crm.owned_row_stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT crm.is_operator() THEN
            NEW.staff_id := crm.current_staff_id();
        END IF;
        NEW.created_at := clock_timestamp();
    ELSE
        NEW.staff_id := OLD.staff_id;
        NEW.created_at := OLD.created_at;
    END IF;
    NEW.modified_at := clock_timestamp();
    RETURN NEW;
END
$$;
CREATE TRIGGER owned_row_stamp BEFORE INSERT OR UPDATE ON crm.saved_filter
    FOR EACH ROW EXECUTE FUNCTION crm.owned_row_stamp();
CREATE TRIGGER owned_row_stamp BEFORE INSERT OR UPDATE ON crm.customer_group
    FOR EACH ROW EXECUTE FUNCTION crm.owned_row_stamp();

CREATE FUNCTION crm.customer_group_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE OLD.version + 1 END;
    RETURN NEW;
END
$$;
CREATE TRIGGER customer_group_version BEFORE INSERT OR UPDATE ON crm.customer_group
    FOR EACH ROW EXECUTE FUNCTION crm.customer_group_version();

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON crm.customer_group
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON crm.export_log
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('id');

-- Export: the right is checked here and every export leaves a row (and an audit row).
CREATE FUNCTION crm.begin_export(p_kind text, p_details jsonb) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_staff integer := crm.current_staff_id();
    v_id bigint;
BEGIN
    IF v_staff IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    IF NOT crm.has_permission('export') THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'the export permission (数据导出) is required';
    END IF;
    INSERT INTO crm.export_log (staff_id, branch_id, kind, details)
    SELECT v_staff, s.branch_id, p_kind, coalesce(p_details, '{}') FROM crm.staff s WHERE s.id = v_staff
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;

CREATE FUNCTION crm.finish_export(p_id bigint, p_row_count bigint, p_status text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF p_status NOT IN ('done', 'cancelled', 'failed') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown export status "%s"', p_status);
    END IF;
    UPDATE crm.export_log SET finished_at = now(), row_count = p_row_count, status = p_status
     WHERE id = p_id AND staff_id = crm.current_staff_id() AND status = 'running';
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no running export %s of yours', p_id);
    END IF;
END
$$;

ALTER TABLE crm.saved_filter ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.saved_filter FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.customer_group ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.customer_group FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.customer_group_member ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.customer_group_member FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.export_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.export_log FORCE ROW LEVEL SECURITY;

CREATE POLICY own_rows ON crm.saved_filter FOR ALL TO crm_staff
    USING (staff_id = (SELECT crm.current_staff_id()))
    WITH CHECK (staff_id = (SELECT crm.current_staff_id()));

CREATE POLICY subtree_read ON crm.customer_group FOR SELECT TO crm_staff
    USING (staff_id = ANY ((SELECT crm.my_staff_ids())::integer[]));
CREATE POLICY own_insert ON crm.customer_group FOR INSERT TO crm_staff
    WITH CHECK (staff_id = (SELECT crm.current_staff_id()));
CREATE POLICY own_update ON crm.customer_group FOR UPDATE TO crm_staff
    USING (staff_id = (SELECT crm.current_staff_id()))
    WITH CHECK (staff_id = (SELECT crm.current_staff_id()));
CREATE POLICY own_delete ON crm.customer_group FOR DELETE TO crm_staff
    USING (staff_id = (SELECT crm.current_staff_id()));

-- A member row is visible with its group, and only while its customer is visible to the reader;
-- only the group's owner adds (customers they can see) or removes members.
CREATE POLICY member_read ON crm.customer_group_member FOR SELECT TO crm_staff
    USING (EXISTS (SELECT 1 FROM crm.customer_group g WHERE g.id = group_id)
           AND EXISTS (SELECT 1 FROM crm.customer c WHERE c.id = customer_id));
CREATE POLICY member_insert ON crm.customer_group_member FOR INSERT TO crm_staff
    WITH CHECK (EXISTS (SELECT 1 FROM crm.customer_group g
                         WHERE g.id = group_id AND g.staff_id = (SELECT crm.current_staff_id()))
                AND EXISTS (SELECT 1 FROM crm.customer c WHERE c.id = customer_id));
CREATE POLICY member_delete ON crm.customer_group_member FOR DELETE TO crm_staff
    USING (EXISTS (SELECT 1 FROM crm.customer_group g
                    WHERE g.id = group_id AND g.staff_id = (SELECT crm.current_staff_id())));

CREATE POLICY own_or_admin_read ON crm.export_log FOR SELECT TO crm_staff USING (
    staff_id = (SELECT crm.current_staff_id())
    OR branch_id = ANY ((SELECT crm.my_admin_branch_ids())::smallint[]));

GRANT SELECT, INSERT, UPDATE, DELETE ON crm.saved_filter TO crm_staff;
GRANT SELECT, INSERT, DELETE ON crm.customer_group_member TO crm_staff;
GRANT SELECT, INSERT, DELETE ON crm.customer_group TO crm_staff;
GRANT UPDATE (name, note) ON crm.customer_group TO crm_staff;
GRANT SELECT ON crm.export_log TO crm_staff;
GRANT EXECUTE ON FUNCTION crm.begin_export(text, jsonb), crm.finish_export(bigint, bigint, text) TO crm_staff;
