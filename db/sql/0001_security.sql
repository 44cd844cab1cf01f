-- Who is calling, what they may see, and the row-level security built on it.
-- Run as crm_owner. Every SECURITY DEFINER function fixes its search_path and loses
-- PUBLIC execute at the end of this migration (0001_grants.sql).
--
-- Policies call the helpers as `(SELECT crm.fn())` so each runs once per statement
-- (an InitPlan), not once per row.

-- Caller context ----------------------------------------------------------------------

-- The bootstrap superuser (crm-admin, migrations) acts as an operator of every branch.
CREATE FUNCTION crm.is_operator() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user), false)
$$;

-- The staff id of this backend's open CRM session, or NULL (no session: nothing visible).
CREATE FUNCTION crm.current_staff_id() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT s.staff_id
      FROM crm.app_session s
      JOIN crm.staff st ON st.id = s.staff_id AND st.status = 'active'
     WHERE s.pid = pg_backend_pid()
       AND s.login = session_user
       AND s.closed_at IS NULL
       AND s.backend_start = (SELECT a.backend_start FROM pg_stat_get_activity(pg_backend_pid()) a)
$$;

CREATE FUNCTION crm.my_scope() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT st.customer_scope FROM crm.staff st WHERE st.id = crm.current_staff_id()
$$;

-- Own branch plus the extra branches of 营业部范围.
CREATE FUNCTION crm.my_branch_ids() RETURNS smallint[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT array(
        SELECT st.branch_id FROM crm.staff st WHERE st.id = me.id
        UNION
        SELECT b.branch_id FROM crm.staff_branch_scope b WHERE b.staff_id = me.id)
      FROM (SELECT crm.current_staff_id() AS id) me
     WHERE me.id IS NOT NULL
$$;

-- A staff member's subtree in the 上级员工 hierarchy, themselves included.
CREATE FUNCTION crm.staff_subtree(p_staff_id integer) RETURNS integer[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    WITH RECURSIVE tree(id) AS (
        SELECT p_staff_id
        UNION
        SELECT s.id FROM crm.staff s JOIN tree t ON s.superior_id = t.id
    )
    SELECT array_agg(id) FROM tree WHERE id IS NOT NULL
$$;

-- Staff whose relationships count as the caller's: self, plus the subtree unless scope is own.
CREATE FUNCTION crm.my_staff_ids() RETURNS integer[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT CASE WHEN st.customer_scope = 'own' THEN ARRAY[st.id] ELSE crm.staff_subtree(st.id) END
      FROM crm.staff st WHERE st.id = crm.current_staff_id()
$$;

-- Customers in a live brokerage relationship with the caller or their subtree.
CREATE FUNCTION crm.my_related_customer_ids() RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED ROWS 5000
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT DISTINCT r.customer_id
      FROM crm.relationship r
     WHERE r.status = 'live' AND r.staff_id = ANY (crm.my_staff_ids())
$$;

CREATE FUNCTION crm.my_public_pool() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT coalesce((SELECT st.public_pool FROM crm.staff st WHERE st.id = crm.current_staff_id()), false)
$$;

-- Branches that can hold a customer the caller sees (a superset: the policy's index condition).
CREATE FUNCTION crm.my_visible_branch_ids() RETURNS smallint[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    WITH me AS (SELECT crm.my_scope() AS scope, crm.my_branch_ids() AS branches, crm.my_staff_ids() AS staff)
    SELECT coalesce(array_agg(b.id ORDER BY b.id), '{}')
      FROM crm.branch b, me
     WHERE me.scope = 'all'
        OR b.id = ANY (me.branches)
        OR EXISTS (SELECT 1 FROM crm.relationship r
                    WHERE r.branch_id = b.id AND r.status = 'live' AND r.staff_id = ANY (me.staff))
$$;

-- Branches all of whose customers the caller sees (客户范围 branch / all).
CREATE FUNCTION crm.my_scope_branch_ids() RETURNS smallint[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT CASE crm.my_scope()
             WHEN 'all' THEN (SELECT array_agg(b.id) FROM crm.branch b)
             WHEN 'branch' THEN crm.my_branch_ids()
             ELSE '{}'::smallint[] END
$$;

-- Branches whose public pool (公有客户) the caller sees.
CREATE FUNCTION crm.my_pool_branch_ids() RETURNS smallint[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT CASE WHEN crm.my_public_pool() THEN crm.my_branch_ids() ELSE '{}'::smallint[] END
$$;

CREATE FUNCTION crm.has_permission(p_permission text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM crm.staff_role sr
          JOIN crm.role_permission rp ON rp.role_code = sr.role_code
         WHERE sr.staff_id = crm.current_staff_id() AND rp.permission_code = p_permission)
$$;

CREATE FUNCTION crm.my_permissions() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT coalesce(array_agg(DISTINCT rp.permission_code ORDER BY rp.permission_code), '{}')
      FROM crm.staff_role sr
      JOIN crm.role_permission rp ON rp.role_code = sr.role_code
     WHERE sr.staff_id = crm.current_staff_id()
$$;

-- May the caller administer staff of this branch? (operator, HQ admin, or branch admin of it)
CREATE FUNCTION crm.can_administer(p_branch_id smallint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT crm.is_operator()
        OR crm.has_permission('admin_all')
        OR (crm.has_permission('admin_branch') AND p_branch_id = ANY (crm.my_branch_ids()))
$$;

-- Branches whose staff the caller administers (all for HQ administrators).
CREATE FUNCTION crm.my_admin_branch_ids() RETURNS smallint[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT CASE
        WHEN crm.is_operator() OR crm.has_permission('admin_all')
            THEN (SELECT array_agg(b.id) FROM crm.branch b)
        WHEN crm.has_permission('admin_branch') THEN crm.my_branch_ids()
        ELSE '{}'::smallint[] END
$$;

-- Is a staff member an administrator (allowed in during maintenance)?
CREATE FUNCTION crm.staff_is_admin(p_staff_id integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM crm.staff_role sr
          JOIN crm.role_permission rp ON rp.role_code = sr.role_code
         WHERE sr.staff_id = p_staff_id AND rp.permission_code IN ('admin_all', 'admin_branch'))
$$;

-- Triggers ------------------------------------------------------------------------------

-- 扩展资料: the server, not the client, stamps version and modifier.
CREATE FUNCTION crm.customer_ext_stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        NEW.customer_id := OLD.customer_id;
        NEW.branch_id := OLD.branch_id;
        NEW.version := OLD.version + 1;
    ELSE
        -- RLS filters on branch_id: it is the customer's, whatever the loader sent.
        SELECT c.branch_id INTO NEW.branch_id FROM crm.customer c WHERE c.id = NEW.customer_id;
        NEW.version := 1;
        -- Created by the T+1 load, not modified by anyone: the UI says "never modified".
        NEW.modified_by := NULL;
        NEW.modified_at := NULL;
        RETURN NEW;
    END IF;
    NEW.modified_by := session_user;
    NEW.modified_at := clock_timestamp();
    RETURN NEW;
END
$$;
CREATE TRIGGER customer_ext_stamp BEFORE INSERT OR UPDATE ON crm.customer_ext
    FOR EACH ROW EXECUTE FUNCTION crm.customer_ext_stamp();

-- Visits belong to the staff member who writes them, at the customer's branch.
CREATE FUNCTION crm.visit_stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT crm.is_operator() THEN
            NEW.staff_id := crm.current_staff_id();
        END IF;
        SELECT c.branch_id INTO NEW.branch_id FROM crm.customer c WHERE c.id = NEW.customer_id;
        NEW.version := 1;
    ELSE
        NEW.customer_id := OLD.customer_id;
        NEW.staff_id := OLD.staff_id;
        NEW.branch_id := OLD.branch_id;
        NEW.version := OLD.version + 1;
        NEW.created_at := OLD.created_at;
    END IF;
    NEW.modified_at := clock_timestamp();
    RETURN NEW;
END
$$;
CREATE TRIGGER visit_stamp BEFORE INSERT OR UPDATE ON crm.visit
    FOR EACH ROW EXECUTE FUNCTION crm.visit_stamp();

-- customer.developer_id / service_staff_id mirror the live relationships (NULL developer = the
-- public pool), so the customer policy reads only indexed columns of the customer itself.
CREATE FUNCTION crm.relationship_sync_developer() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF OLD.kind = 'development' THEN
            UPDATE crm.customer c SET developer_id = NULL
             WHERE c.id = OLD.customer_id AND c.developer_id = OLD.staff_id;
        ELSE
            UPDATE crm.customer c SET service_staff_id = NULL
             WHERE c.id = OLD.customer_id AND c.service_staff_id = OLD.staff_id;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'live' THEN
        IF NEW.kind = 'development' THEN
            UPDATE crm.customer c SET developer_id = NEW.staff_id WHERE c.id = NEW.customer_id;
        ELSE
            UPDATE crm.customer c SET service_staff_id = NEW.staff_id WHERE c.id = NEW.customer_id;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER relationship_sync_developer AFTER INSERT OR UPDATE OR DELETE ON crm.relationship
    FOR EACH ROW EXECUTE FUNCTION crm.relationship_sync_developer();

-- A relationship lives in its customer's branch (RLS and Citus distribution rely on it).
CREATE FUNCTION crm.relationship_stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT c.branch_id INTO NEW.branch_id FROM crm.customer c WHERE c.id = NEW.customer_id;
    ELSE
        NEW.customer_id := OLD.customer_id;
        NEW.branch_id := OLD.branch_id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER relationship_stamp BEFORE INSERT OR UPDATE ON crm.relationship
    FOR EACH ROW EXECUTE FUNCTION crm.relationship_stamp();

-- Audit: who (session_user, never the definer), when, and old -> new of changed columns.
CREATE FUNCTION crm.audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_old jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END;
    v_new jsonb := CASE WHEN TG_OP IN ('UPDATE', 'INSERT') THEN to_jsonb(NEW) END;
    v_row jsonb := coalesce(v_new, v_old);
    v_key text;
    v_branch smallint;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        SELECT jsonb_object_agg(o.key, o.value), jsonb_object_agg(o.key, v_new -> o.key)
          INTO v_old, v_new
          FROM jsonb_each(v_old) o
         WHERE o.value IS DISTINCT FROM v_new -> o.key;
        IF v_old IS NULL THEN
            RETURN NULL;   -- nothing changed
        END IF;
    END IF;
    SELECT string_agg(v_row ->> k, '/') INTO v_key FROM unnest(TG_ARGV) AS k;
    v_branch := (v_row ->> 'branch_id')::smallint;
    IF v_branch IS NULL AND v_row ? 'staff_id' THEN
        SELECT s.branch_id INTO v_branch FROM crm.staff s WHERE s.id = (v_row ->> 'staff_id')::integer;
    END IF;
    INSERT INTO crm.audit_log (actor, table_name, action, row_key, branch_id, old_values, new_values)
    VALUES (session_user, TG_TABLE_NAME, lower(TG_OP), v_key, v_branch, v_old, v_new);
    RETURN NULL;
END
$$;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON crm.staff
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('login');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON crm.staff_role
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('staff_id', 'role_code');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON crm.staff_post
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('staff_id', 'post_code');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON crm.staff_branch_scope
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('staff_id', 'branch_id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON crm.staff_mac
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('staff_id', 'mac');
CREATE TRIGGER audit AFTER UPDATE ON crm.policy
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('id');
CREATE TRIGGER audit AFTER UPDATE OR DELETE ON crm.customer_ext
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('customer_id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON crm.relationship
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON crm.visit
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('id');

-- Row-level security -------------------------------------------------------------------

DO $policies$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT c.relname FROM pg_class c
              WHERE c.relnamespace = 'crm'::regnamespace AND c.relkind IN ('r', 'p')
    LOOP
        EXECUTE format('ALTER TABLE crm.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE crm.%I FORCE ROW LEVEL SECURITY', t);
    END LOOP;
END
$policies$;

-- A customer is visible when: scope "all"; scope "branch" and its branch is in 营业部范围;
-- its live development or service relationship is with the caller or their subtree; or it is
-- in the public pool of the caller's branches and the caller's 客户范围 includes the pool.
-- Only InitPlan parameters and columns of customer_rls_idx: parallel, index-only.
CREATE POLICY customer_read ON crm.customer FOR SELECT TO crm_staff USING (
    (SELECT crm.current_staff_id()) IS NOT NULL
    AND branch_id = ANY ((SELECT crm.my_visible_branch_ids())::smallint[])
    AND ((SELECT crm.my_scope() = 'all')
         OR branch_id = ANY ((SELECT crm.my_scope_branch_ids())::smallint[])
         OR developer_id = ANY ((SELECT crm.my_staff_ids())::integer[])
         OR service_staff_id = ANY ((SELECT crm.my_staff_ids())::integer[])
         OR (developer_id IS NULL AND branch_id = ANY ((SELECT crm.my_pool_branch_ids())::smallint[]))));

-- Rows about a customer follow the customer: the branch tests settle the wide scopes without
-- a join; otherwise the row's customer must pass the customer policy above.
DO $policies$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['customer_ext', 'customer_daily', 'relationship', 'visit'] LOOP
        EXECUTE format($p$
            CREATE POLICY %I ON crm.%I FOR SELECT TO crm_staff USING (
                (SELECT crm.current_staff_id()) IS NOT NULL
                AND branch_id = ANY ((SELECT crm.my_visible_branch_ids())::smallint[])
                AND ((SELECT crm.my_scope() = 'all')
                     OR branch_id = ANY ((SELECT crm.my_scope_branch_ids())::smallint[])
                     OR customer_id IN (SELECT c.id FROM crm.customer c)))$p$, t || '_read', t);
    END LOOP;
END
$policies$;

-- Writable extended data: customers related to the caller or their subtree (a viewer by
-- branch scope may read only).
CREATE POLICY customer_ext_write ON crm.customer_ext FOR UPDATE TO crm_staff
    USING ((SELECT crm.current_staff_id()) IS NOT NULL
           AND customer_id IN (SELECT crm.my_related_customer_ids()))
    WITH CHECK ((SELECT crm.current_staff_id()) IS NOT NULL
                AND customer_id IN (SELECT crm.my_related_customer_ids()));

CREATE POLICY visit_insert ON crm.visit FOR INSERT TO crm_staff WITH CHECK (
    staff_id = (SELECT crm.current_staff_id())
    AND customer_id IN (SELECT c.id FROM crm.customer c));

CREATE POLICY visit_update ON crm.visit FOR UPDATE TO crm_staff
    USING (staff_id = (SELECT crm.current_staff_id()))
    WITH CHECK (staff_id = (SELECT crm.current_staff_id()));
CREATE POLICY visit_delete ON crm.visit FOR DELETE TO crm_staff
    USING (staff_id = (SELECT crm.current_staff_id()));

-- Reference data: readable by every staff member with an open session.
CREATE POLICY reference_read ON crm.branch FOR SELECT TO crm_staff
    USING ((SELECT crm.current_staff_id()) IS NOT NULL);
CREATE POLICY reference_read ON crm.staff_type FOR SELECT TO crm_staff
    USING ((SELECT crm.current_staff_id()) IS NOT NULL);
CREATE POLICY reference_read ON crm.role FOR SELECT TO crm_staff
    USING ((SELECT crm.current_staff_id()) IS NOT NULL);
CREATE POLICY reference_read ON crm.permission FOR SELECT TO crm_staff
    USING ((SELECT crm.current_staff_id()) IS NOT NULL);
CREATE POLICY reference_read ON crm.role_permission FOR SELECT TO crm_staff
    USING ((SELECT crm.current_staff_id()) IS NOT NULL);
CREATE POLICY reference_read ON crm.approval_post FOR SELECT TO crm_staff
    USING ((SELECT crm.current_staff_id()) IS NOT NULL);
CREATE POLICY reference_read ON crm.vip_level FOR SELECT TO crm_staff
    USING ((SELECT crm.current_staff_id()) IS NOT NULL);
CREATE POLICY reference_read ON crm.t1_load FOR SELECT TO crm_staff
    USING ((SELECT crm.current_staff_id()) IS NOT NULL);
CREATE POLICY reference_read ON crm.policy FOR SELECT TO crm_staff
    USING ((SELECT crm.current_staff_id()) IS NOT NULL);

-- Staff: self, the subtree, colleagues of the caller's branches, everyone for scope all
-- and for HQ administrators.
CREATE POLICY staff_read ON crm.staff FOR SELECT TO crm_staff USING (
    (SELECT crm.current_staff_id()) IS NOT NULL AND (
        id = ANY ((SELECT crm.my_staff_ids())::integer[])
        OR branch_id = ANY ((SELECT crm.my_branch_ids())::smallint[])
        OR (SELECT crm.my_scope()) = 'all'
        OR (SELECT crm.has_permission('admin_all'))));

CREATE POLICY staff_detail_read ON crm.staff_role FOR SELECT TO crm_staff
    USING (EXISTS (SELECT 1 FROM crm.staff s WHERE s.id = staff_id));
CREATE POLICY staff_detail_read ON crm.staff_post FOR SELECT TO crm_staff
    USING (EXISTS (SELECT 1 FROM crm.staff s WHERE s.id = staff_id));
CREATE POLICY staff_detail_read ON crm.staff_branch_scope FOR SELECT TO crm_staff
    USING (EXISTS (SELECT 1 FROM crm.staff s WHERE s.id = staff_id));

-- MAC bindings, sessions, login events and audit: one's own, or as an administrator.
CREATE POLICY own_or_admin_read ON crm.staff_mac FOR SELECT TO crm_staff USING (
    staff_id = (SELECT crm.current_staff_id())
    OR EXISTS (SELECT 1 FROM crm.staff s
                WHERE s.id = staff_id AND s.branch_id = ANY ((SELECT crm.my_admin_branch_ids())::smallint[])));
CREATE POLICY own_or_admin_read ON crm.app_session FOR SELECT TO crm_staff USING (
    staff_id = (SELECT crm.current_staff_id())
    OR branch_id = ANY ((SELECT crm.my_admin_branch_ids())::smallint[]));
CREATE POLICY own_or_admin_read ON crm.login_event FOR SELECT TO crm_staff USING (
    (staff_id IS NOT NULL AND staff_id = (SELECT crm.current_staff_id()))
    OR branch_id = ANY ((SELECT crm.my_admin_branch_ids())::smallint[])
    OR (branch_id IS NULL AND (SELECT crm.has_permission('admin_all'))));
CREATE POLICY admin_read ON crm.audit_log FOR SELECT TO crm_staff USING (
    branch_id = ANY ((SELECT crm.my_admin_branch_ids())::smallint[])
    OR (branch_id IS NULL AND (SELECT crm.has_permission('admin_all'))));

-- common_password, auth_failure and agent_state have no policy: only definers read them.
