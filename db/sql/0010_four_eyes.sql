-- Four eyes stay four (issue #11 part 3), smaller leaks (part 6: the crm_approvals payload, shared
-- analysis layouts without a session) and "a step I approved vanishes" (issue #12 item 11).
-- Runs as crm_owner.
--
-- New SQLSTATEs (crm_desktop/services/errors.py maps them to messages):
--   CR033 four eyes: nobody grants, revokes or decides for themselves, nor decides two steps
--         of one request, nor a request they started or that names them
--   CR034 the staff member's type cannot hold customer relationships
-- Every refusal is an ERROR, so PostgreSQL's own log (the one the lockout watcher reads) keeps
-- a record of it with the login, the SQLSTATE and the message even though the transaction,
-- and any audit row written in it, is rolled back.

-- Rights that only HQ grants ---------------------------------------------------------------------

-- A permission HQ keeps to itself (FAQ 8: the export right is asked for from HQ; FAQ 23: SMS
-- senders are reported to the marketing service centre; DESIGN §3: approval posts too, else a
-- branch administrator could make two accounts of their own the two approvers of a request).
-- A role carrying one is granted and revoked only by HQ administrators, and so are the posts.
ALTER TABLE crm.permission ADD COLUMN granted_by_hq boolean NOT NULL DEFAULT false;
UPDATE crm.permission SET granted_by_hq = true WHERE code IN ('admin_all', 'export', 'sms_send', 'approve');

-- The export right on a role of its own, so that the branch administrator can still give the
-- 多维分析角色 (FAQ 29) without handing out exports. Analysts keep exporting: they get the new role.
INSERT INTO crm.role (code, name_zh, name_en) VALUES ('data_export', '数据导出', 'Data export');
INSERT INTO crm.role_permission (role_code, permission_code) VALUES ('data_export', 'export');
INSERT INTO crm.staff_role (staff_id, role_code)
    SELECT r.staff_id, 'data_export' FROM crm.staff_role r WHERE r.role_code = 'analyst'
    ON CONFLICT DO NOTHING;
DELETE FROM crm.role_permission WHERE role_code = 'analyst' AND permission_code = 'export';

-- Which staff types may be the subject of a development or service relationship: the marketing
-- staff (营销人员) in the wide sense, employed marketers and 经纪人 brokers, whose customers these
-- relationships are. Managers, back office and HQ staff never hold them.
ALTER TABLE crm.staff_type ADD COLUMN holds_relationships boolean NOT NULL DEFAULT false;
UPDATE crm.staff_type SET holds_relationships = true WHERE code IN ('marketing', 'broker');

-- Who decided the steps of a request, on the request itself: the visibility rule and the
-- "never two steps" rule read it without a second table (and without the recursion that the
-- approval_step policy, which reads approval_request, would cause in approval_request's policy).
ALTER TABLE crm.approval_request ADD COLUMN deciders integer[] NOT NULL DEFAULT '{}';
UPDATE crm.approval_request r SET deciders = d.ids
  FROM (SELECT s.request_id, array_agg(s.decided_by ORDER BY s.step_no) AS ids
          FROM crm.approval_step s GROUP BY s.request_id) d
 WHERE d.request_id = r.id;
CREATE INDEX approval_request_deciders_idx ON crm.approval_request USING gin (deciders);

-- Refusals ---------------------------------------------------------------------------------------

-- Nobody changes their own roles, posts, scopes, rights or superior; the operator (superuser, no
-- staff row) and other administrators may.
CREATE FUNCTION crm.refuse_own_account(p_staff crm.staff, p_what text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF p_staff.login = session_user OR p_staff.id = crm.current_staff_id() THEN
        RAISE EXCEPTION USING ERRCODE = 'CR033',
            MESSAGE = format('nobody changes their own %s: another administrator must do it', p_what);
    END IF;
END
$$;

-- Development and service relationships only for staff whose type holds them.
CREATE FUNCTION crm.require_relationship_holder(p_staff_id integer) RETURNS void
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

-- A role whose permissions include one HQ keeps: only HQ administrators grant or revoke it.
CREATE OR REPLACE FUNCTION crm.check_grantable_role(p_role text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_rights text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM crm.role r WHERE r.code = p_role) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown role "%s"', p_role);
    END IF;
    SELECT string_agg(p.name_en, ', ' ORDER BY p.code) INTO v_rights
      FROM crm.role_permission rp JOIN crm.permission p ON p.code = rp.permission_code
     WHERE rp.role_code = p_role AND p.granted_by_hq;
    IF (v_rights IS NOT NULL OR p_role IN ('hq_admin', 'hq_marketing'))
       AND NOT (crm.is_operator() OR crm.has_permission('admin_all')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
            'only HQ administrators grant or revoke the role "%s"%s', p_role,
            CASE WHEN v_rights IS NULL THEN '' ELSE format(' (it carries: %s)', v_rights) END);
    END IF;
END
$$;

-- Approval posts (审批岗) are HQ's to give and take (DESIGN §3).
CREATE OR REPLACE FUNCTION crm.check_post(p_post text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM crm.approval_post p WHERE p.code = p_post) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown approval post "%s"', p_post);
    END IF;
    IF NOT (crm.is_operator() OR crm.has_permission('admin_all')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('only HQ administrators grant or revoke approval posts ("%s")', p_post);
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION crm.grant_role(p_login text, p_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    PERFORM crm.refuse_own_account(v, 'roles');
    PERFORM crm.check_grantable_role(p_role);
    INSERT INTO crm.staff_role (staff_id, role_code) VALUES (v.id, p_role) ON CONFLICT DO NOTHING;
END
$$;

CREATE OR REPLACE FUNCTION crm.revoke_role(p_login text, p_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    PERFORM crm.refuse_own_account(v, 'roles');
    PERFORM crm.check_grantable_role(p_role);
    DELETE FROM crm.staff_role r WHERE r.staff_id = v.id AND r.role_code = p_role;
END
$$;

CREATE OR REPLACE FUNCTION crm.grant_post(p_login text, p_post text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    PERFORM crm.refuse_own_account(v, 'approval posts');
    PERFORM crm.check_post(p_post);
    INSERT INTO crm.staff_post (staff_id, post_code) VALUES (v.id, p_post) ON CONFLICT DO NOTHING;
END
$$;

CREATE OR REPLACE FUNCTION crm.revoke_post(p_login text, p_post text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
BEGIN
    PERFORM crm.refuse_own_account(v, 'approval posts');
    PERFORM crm.check_post(p_post);
    DELETE FROM crm.staff_post p WHERE p.staff_id = v.id AND p.post_code = p_post;
END
$$;

CREATE OR REPLACE FUNCTION crm.set_superior(p_login text, p_superior text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v crm.staff := crm.administered_staff(p_login);
    v_superior crm.staff;
BEGIN
    -- Who sits above an account decides who sees its customers.
    PERFORM crm.refuse_own_account(v, 'superior');
    IF p_superior IS NOT NULL THEN
        SELECT * INTO v_superior FROM crm.staff s WHERE s.login = p_superior;
        -- Another branch's staff is "unknown" too: no probing, no cross-branch hierarchy but by HQ.
        IF NOT FOUND OR v_superior.status = 'closed' OR NOT crm.can_administer(v_superior.branch_id) THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown superior "%s"', p_superior);
        END IF;
        PERFORM crm.check_superior(v.id, v_superior.id);
    END IF;
    UPDATE crm.staff SET superior_id = v_superior.id, version = version + 1 WHERE id = v.id;
END
$$;

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

-- Who may see an approval request: the ONE statement of the rule, used by the involved_read
-- policy, crm.decide_request, crm.approval_parties and crm.approval_deciders. Its requester, its
-- subject, whoever decided one of its steps (item 11: what I approved stays in my history), and
-- the approvers of its branch whose post is one of its steps. Plain SQL without SET so that the
-- planner inlines it into the policy (the caller's values are InitPlans, computed once): that
-- needs each argument used once (an argument holding a sub-select and used twice is not
-- inlined: a call per row took 0.7 s to count 200 000 requests, inlined 0.12 s as the 0006 policy);
-- the operators are schema-qualified because an inlined body is parsed with the caller's
-- search_path.
CREATE FUNCTION crm.approval_request_visible(
    p_requested_by integer, p_subject integer, p_deciders integer[], p_branch smallint, p_posts text[],
    p_me integer, p_my_branches smallint[], p_my_posts text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(p_me OPERATOR(pg_catalog.=) ANY (ARRAY[p_requested_by, p_subject] OPERATOR(pg_catalog.||) p_deciders)
                    OR (p_branch OPERATOR(pg_catalog.=) ANY (p_my_branches)
                        AND p_posts OPERATOR(pg_catalog.&&) p_my_posts), false)
$$;

DROP POLICY involved_read ON crm.approval_request;
CREATE POLICY involved_read ON crm.approval_request FOR SELECT TO crm_staff USING (
    crm.approval_request_visible(requested_by, subject_staff_id, deciders, branch_id, posts,
                                 (SELECT crm.current_staff_id()),
                                 (SELECT crm.my_approval_branch_ids())::smallint[],
                                 (SELECT crm.my_posts())));

-- Notifications --------------------------------------------------------------------------------

-- A bare ping: LISTEN needs no privilege, so anything in the payload reaches every login
-- (the gate included). Each client re-reads what it may see under RLS.
CREATE OR REPLACE FUNCTION crm.approval_notify(p_request crm.approval_request) RETURNS void
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT pg_notify('crm_approvals', '')
$$;

-- Starting requests ----------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION crm._start_request(p_flow text, p_branch smallint, p_customer bigint, p_subject integer,
                                              p_requested_by integer, p_payload jsonb, p_note text,
                                              p_reservation bigint DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_posts text[];
    v_request crm.approval_request;
BEGIN
    SELECT array_agg(s.post_code ORDER BY s.step_no) INTO v_posts
      FROM crm.approval_flow_step s WHERE s.flow_code = p_flow;
    IF v_posts IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('approval flow "%s" has no steps', p_flow);
    END IF;
    IF p_flow IN ('development', 'service') THEN
        PERFORM crm.require_relationship_holder(p_subject);
    END IF;
    IF p_customer IS NOT NULL AND EXISTS (
            SELECT 1 FROM crm.approval_request r
             WHERE r.customer_id = p_customer AND r.flow_code = p_flow AND r.status = 'pending') THEN
        RAISE EXCEPTION USING ERRCODE = 'CR032',
            MESSAGE = 'a request of this kind is already pending for this customer';
    END IF;
    -- A transfer names no customer: one pending transfer per staff member.
    IF p_customer IS NULL AND EXISTS (
            SELECT 1 FROM crm.approval_request r
             WHERE r.subject_staff_id = p_subject AND r.flow_code = p_flow AND r.customer_id IS NULL
               AND r.status = 'pending') THEN
        RAISE EXCEPTION USING ERRCODE = 'CR032',
            MESSAGE = 'a request of this kind is already pending for this staff member';
    END IF;
    INSERT INTO crm.approval_request (flow_code, branch_id, customer_id, subject_staff_id, requested_by,
                                      reservation_id, payload, note, posts, current_step, current_post)
    VALUES (p_flow, p_branch, p_customer, p_subject, p_requested_by, p_reservation, coalesce(p_payload, '{}'),
            nullif(btrim(p_note), ''), v_posts, 1, v_posts[1])
    RETURNING * INTO v_request;
    PERFORM crm.approval_notify(v_request);
    RETURN v_request.id;
END
$$;

-- A manager assigns the service relationship (服务关系) of a customer they see to a staff member
-- of their subtree or of a branch they approve for; never to themselves (the assignment is a
-- manager's decision about someone else, and a self-assignment was a way into any customer).
CREATE OR REPLACE FUNCTION crm.request_service(p_customer bigint, p_staff_login text, p_note text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v_customer crm.customer;
    v_staff crm.staff;
BEGIN
    IF v_me IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    SELECT * INTO v_customer FROM crm.customer c WHERE c.id = p_customer;
    -- Visible to the caller: re-check the customer policy's rule (a definer bypasses RLS).
    -- (coalesce: a customer without service staff must not make the whole test NULL, i.e. "pass")
    IF NOT FOUND OR NOT coalesce(crm.my_scope() = 'all' OR v_customer.branch_id = ANY (crm.my_scope_branch_ids())
                                 OR v_customer.developer_id = ANY (crm.my_staff_ids())
                                 OR v_customer.service_staff_id = ANY (crm.my_staff_ids()), false) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no such customer among yours';
    END IF;
    SELECT * INTO v_staff FROM crm.staff s WHERE s.login = p_staff_login AND s.status = 'active';
    IF FOUND AND v_staff.id = v_me THEN
        RAISE EXCEPTION USING ERRCODE = 'CR033',
            MESSAGE = 'nobody assigns a customer''s service to themselves: your manager must ask for it';
    END IF;
    IF NOT FOUND OR NOT coalesce(v_staff.id = ANY (crm.staff_subtree(v_me))
                                 OR (crm.has_permission('approve') AND v_staff.branch_id = ANY (crm.my_approval_branch_ids())),
                                 false) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('you may not assign customers to "%s"', p_staff_login);
    END IF;
    IF v_customer.service_staff_id = v_staff.id THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'this staff member already serves the customer';
    END IF;
    RETURN crm._start_request('service', v_customer.branch_id, p_customer, v_staff.id, v_me, '{}', p_note);
END
$$;

-- Deciding -----------------------------------------------------------------------------------------------

-- Approve or reject step `p_step` of a request. Only a holder of that step's post whose approval
-- branches include the request's branch may act; the step must be the current one, else the
-- caller learns who decided it and when (CR030) and nothing changes. Four eyes (CR033): never a
-- request one started or that names one, never a second step of the same request.
CREATE OR REPLACE FUNCTION crm.decide_request(p_request bigint, p_step integer, p_decision text,
                                              p_comment text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v_request crm.approval_request;
    v_done record;
BEGIN
    IF v_me IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    IF p_decision NOT IN ('approved', 'rejected') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'decide "approved" or "rejected"';
    END IF;
    SELECT * INTO v_request FROM crm.approval_request r WHERE r.id = p_request FOR UPDATE;
    -- Only those who may see the request learn anything about it.
    IF NOT FOUND OR NOT crm.approval_request_visible(
            v_request.requested_by, v_request.subject_staff_id, v_request.deciders, v_request.branch_id,
            v_request.posts, v_me, crm.my_approval_branch_ids(), crm.my_posts()) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('no approval request %s', p_request);
    END IF;
    IF v_request.status <> 'pending' OR v_request.current_step <> p_step THEN
        SELECT s.decision, st.name, s.decided_at INTO v_done
          FROM crm.approval_step s JOIN crm.staff st ON st.id = s.decided_by
         WHERE s.request_id = p_request AND s.step_no = p_step;
        IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'CR030', MESSAGE = format('already decided (%s) by %s at %s',
                v_done.decision, v_done.name, to_char(v_done.decided_at, 'YYYY-MM-DD HH24:MI:SS'));
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'CR030',
            MESSAGE = format('this request is %s; step %s is not waiting for a decision', v_request.status, p_step);
    END IF;
    -- Before the post check: an administrator who granted themselves a post learns the real reason.
    IF coalesce(v_request.requested_by = v_me, false) OR v_request.subject_staff_id = v_me THEN
        RAISE EXCEPTION USING ERRCODE = 'CR033',
            MESSAGE = 'nobody decides a request they started or that names them: another approver must decide it';
    END IF;
    IF v_me = ANY (v_request.deciders) THEN
        SELECT s.step_no, s.decision INTO v_done FROM crm.approval_step s
         WHERE s.request_id = p_request AND s.decided_by = v_me ORDER BY s.step_no LIMIT 1;
        RAISE EXCEPTION USING ERRCODE = 'CR033', MESSAGE = format(
            'you already decided step %s of this request (%s): another approver must decide step %s',
            v_done.step_no, v_done.decision, p_step);
    END IF;
    IF NOT coalesce(v_request.current_post = ANY (crm.my_posts())
                    AND v_request.branch_id = ANY (crm.my_approval_branch_ids())
                    AND crm.has_permission('approve'), false) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
            'this step waits for %s of the request''s branch',
            (SELECT p.name_zh FROM crm.approval_post p WHERE p.code = v_request.current_post));
    END IF;
    INSERT INTO crm.approval_step (request_id, step_no, post_code, decision, decided_by, comment)
    VALUES (p_request, p_step, v_request.current_post, p_decision, v_me, nullif(btrim(p_comment), ''));
    IF p_decision = 'rejected' THEN
        UPDATE crm.approval_request SET status = 'rejected', current_post = NULL, decided_at = now(),
                                        deciders = deciders || v_me, version = version + 1
         WHERE id = p_request RETURNING * INTO v_request;
        UPDATE crm.reservation SET status = 'review', reason = 'approval_rejected',
                                   reason_detail = nullif(btrim(p_comment), ''), decided_at = now()
         WHERE id = v_request.reservation_id;
    ELSIF p_step >= cardinality(v_request.posts) THEN
        -- The effect can no longer apply when the world moved on (someone else developed the
        -- customer meanwhile, the relationship was already released, the subject was moved to
        -- a type that holds no relationships): the approval is recorded and the request ends as
        -- failed, with the reason, instead of waiting forever.
        BEGIN
            IF v_request.flow_code IN ('development', 'service') THEN
                PERFORM crm.require_relationship_holder(v_request.subject_staff_id);
            END IF;
            PERFORM crm._apply_request(v_request);
            UPDATE crm.approval_request SET status = 'approved', current_post = NULL, decided_at = now(),
                                            deciders = deciders || v_me, version = version + 1
             WHERE id = p_request RETURNING * INTO v_request;
        EXCEPTION WHEN SQLSTATE 'CR031' OR SQLSTATE 'CR034' OR unique_violation THEN
            UPDATE crm.approval_request SET status = 'failed', current_post = NULL, decided_at = now(),
                                            outcome = SQLERRM, deciders = deciders || v_me, version = version + 1
             WHERE id = p_request RETURNING * INTO v_request;
            UPDATE crm.reservation SET status = 'review', reason = 'approval_failed', reason_detail = SQLERRM,
                                       decided_at = now()
             WHERE id = v_request.reservation_id;
        END;
    ELSE
        UPDATE crm.approval_request SET current_step = p_step + 1, current_post = posts[p_step + 1],
                                        deciders = deciders || v_me, version = version + 1
         WHERE id = p_request RETURNING * INTO v_request;
    END IF;
    PERFORM crm.approval_notify(v_request);
    RETURN v_request.status;
END
$$;

-- Who and what a request is about, for those who may see the request (see 0006).
CREATE OR REPLACE FUNCTION crm.approval_parties(p_ids bigint[])
RETURNS TABLE (request_id bigint, branch_code text, branch_name text,
               customer_account_no text, customer_name text, customer_branch_name text,
               customer_developer_name text, customer_service_staff_name text,
               customer_total_assets_cents bigint, customer_assets_date date,
               subject_name text, subject_login text, subject_branch_name text, subject_type text,
               subject_type_zh text, subject_type_en text, requested_by_name text)
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT r.id, rb.code, rb.name,
           c.account_no, c.name, cb.name, dev.name, srv.name,
           l.total_assets_cents, l.trade_date,
           s.name, s.login, sb.name, s.staff_type, t.name_zh, t.name_en, q.name
      FROM crm.approval_request r
      JOIN crm.branch rb ON rb.id = r.branch_id
      JOIN crm.staff s ON s.id = r.subject_staff_id
      JOIN crm.branch sb ON sb.id = s.branch_id
      JOIN crm.staff_type t ON t.code = s.staff_type
      LEFT JOIN crm.staff q ON q.id = r.requested_by
      LEFT JOIN crm.customer c ON c.id = r.customer_id
      LEFT JOIN crm.branch cb ON cb.id = c.branch_id
      LEFT JOIN crm.staff dev ON dev.id = c.developer_id
      LEFT JOIN crm.staff srv ON srv.id = c.service_staff_id
      LEFT JOIN crm.customer_latest l ON l.customer_id = c.id
     CROSS JOIN (SELECT crm.current_staff_id() AS id, crm.my_approval_branch_ids() AS branches,
                        crm.my_posts() AS posts OFFSET 0) me
     WHERE r.id = ANY (p_ids)
       AND crm.approval_request_visible(r.requested_by, r.subject_staff_id, r.deciders, r.branch_id, r.posts,
                                        me.id, me.branches, me.posts)
$$;

-- The names of those who decided the steps of the requests the caller may see.
CREATE OR REPLACE FUNCTION crm.approval_deciders(p_ids bigint[])
RETURNS TABLE (request_id bigint, step_no smallint, decided_by_name text, decided_by_login text)
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT a.request_id, a.step_no, s.name, s.login
      FROM crm.approval_step a
      JOIN crm.approval_request r ON r.id = a.request_id
      JOIN crm.staff s ON s.id = a.decided_by
     CROSS JOIN (SELECT crm.current_staff_id() AS id, crm.my_approval_branch_ids() AS branches,
                        crm.my_posts() AS posts OFFSET 0) me
     WHERE a.request_id = ANY (p_ids)
       AND crm.approval_request_visible(r.requested_by, r.subject_staff_id, r.deciders, r.branch_id, r.posts,
                                        me.id, me.branches, me.posts)
$$;

-- Shared analysis layouts ------------------------------------------------------------------------------

-- Shared layouts only within an open CRM session, like everything else staff read.
DROP POLICY own_or_shared_read ON crm.pivot_layout;
CREATE POLICY own_or_shared_read ON crm.pivot_layout FOR SELECT TO crm_staff
    USING (staff_id = (SELECT crm.current_staff_id())
           OR (shared AND (SELECT crm.current_staff_id()) IS NOT NULL));

-- Privileges -----------------------------------------------------------------------------------------

REVOKE EXECUTE ON FUNCTION crm.refuse_own_account(crm.staff, text), crm.require_relationship_holder(integer),
    crm.approval_request_visible(integer, integer, integer[], smallint, text[], integer, smallint[], text[])
    FROM PUBLIC;
-- The involved_read policy calls it as the reading staff member (and inlines it only when they
-- may execute it); it is a pure expression of its arguments.
GRANT EXECUTE ON FUNCTION
    crm.approval_request_visible(integer, integer, integer[], smallint, text[], integer, smallint[], text[])
    TO crm_staff;
