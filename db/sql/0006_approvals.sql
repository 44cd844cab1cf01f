-- 审批 (issue #5): approval flows as data, requests and their steps, reservations (预约) matched
-- to new accounts after each T+1 load, and the working-day calendar. Runs as crm_owner.
--
-- Every state change goes through the definer functions below: they re-check the caller, lock the
-- request row, answer a stale or duplicate action with "already decided by X at T" (SQLSTATE
-- CR030), apply the final approval's effect in the same transaction, audit with session_user,
-- and NOTIFY crm_approvals so approvers' tabs refresh their badge without polling.

-- Working days -----------------------------------------------------------------------------------

-- Public holidays (法定节假日) maintained by HQ; weekends are never working days.
CREATE TABLE crm.holiday (
    day   date PRIMARY KEY,
    name  text NOT NULL
);

-- The working day `p_n` working days after `p_from` (p_n >= 0; 0 = p_from itself even if not
-- a working day).
CREATE FUNCTION crm.add_working_days(p_from date, p_n integer) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT CASE WHEN p_n <= 0 THEN p_from ELSE (
        SELECT x.d FROM (
            SELECT g::date AS d, row_number() OVER (ORDER BY g) AS n
              FROM generate_series(p_from + 1, p_from + p_n * 2 + 40, interval '1 day') g
             WHERE extract(isodow FROM g) < 6
               AND NOT EXISTS (SELECT 1 FROM crm.holiday h WHERE h.day = g::date)) x
         WHERE x.n = p_n) END
$$;

-- Normalisation (DESIGN.md §4) -----------------------------------------------------------------

-- NFKC (full-width letters and digits to ASCII), every kind of whitespace removed (U+3000 too).
CREATE FUNCTION crm.normalize_name(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT nullif(regexp_replace(normalize(p, NFKC),
                                 '[\s\u00a0\u1680\u180e\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+', '', 'g'), '')
$$;

-- As a name, and the check letter upper-case.
CREATE FUNCTION crm.normalize_id_no(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT upper(crm.normalize_name(p))
$$;

-- Digits only; a leading +86 / 86 / 0086 country code dropped from 13- / 15-digit numbers.
CREATE FUNCTION crm.normalize_mobile(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT nullif(CASE WHEN length(d) = 13 AND d LIKE '86%' THEN substr(d, 3)
                       WHEN length(d) = 15 AND d LIKE '0086%' THEN substr(d, 5)
                       ELSE d END, '')
      FROM (SELECT regexp_replace(normalize(p, NFKC), '[^0-9]', '', 'g') AS d) x
$$;

-- Approval flows as data ------------------------------------------------------------------------

CREATE TABLE crm.approval_flow (
    code     text PRIMARY KEY,
    name_zh  text NOT NULL,
    name_en  text NOT NULL
);

CREATE TABLE crm.approval_flow_step (
    flow_code  text NOT NULL REFERENCES crm.approval_flow,
    step_no    smallint NOT NULL CHECK (step_no >= 1),
    post_code  text NOT NULL REFERENCES crm.approval_post,
    PRIMARY KEY (flow_code, step_no)
);

INSERT INTO crm.approval_flow (code, name_zh, name_en) VALUES
    ('development', '开发关系确认', 'Development relationship'),
    ('service',     '服务关系分配', 'Service relationship assignment'),
    ('release',     '经纪关系解除', 'Relationship release'),
    ('transfer',    '员工调岗',     'Staff transfer / type change');
INSERT INTO crm.approval_flow_step (flow_code, step_no, post_code) VALUES
    ('development', 1, 'trading_manager'), ('development', 2, 'marketing_director'),
    ('service',     1, 'trading_manager'), ('service',     2, 'marketing_director'),
    ('release',     1, 'trading_manager'), ('release',     2, 'marketing_director'), ('release', 3, 'hq_marketing'),
    ('transfer',    1, 'marketing_director'), ('transfer',  2, 'hq_marketing');

-- Requests and their decided steps ------------------------------------------------------------------

CREATE TABLE crm.approval_request (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    flow_code         text NOT NULL REFERENCES crm.approval_flow,
    status            text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn', 'failed')),
    branch_id         smallint NOT NULL REFERENCES crm.branch,     -- whose approvers act
    customer_id       bigint REFERENCES crm.customer,
    subject_staff_id  integer NOT NULL REFERENCES crm.staff,       -- the staff member concerned
    requested_by      integer REFERENCES crm.staff,                -- NULL: the reservation matcher
    reservation_id    bigint,
    payload           jsonb NOT NULL DEFAULT '{}',
    note              text,
    posts             text[] NOT NULL,                            -- the flow's posts when created
    current_step      smallint NOT NULL DEFAULT 1,
    current_post      text,                                       -- NULL once decided
    requested_at      timestamptz NOT NULL DEFAULT now(),
    decided_at        timestamptz,
    outcome           text,                                       -- why it ended (failed effect, ...)
    version           integer NOT NULL DEFAULT 1,
    CHECK ((status = 'pending') = (current_post IS NOT NULL))
);
-- "Waiting for me": pending at my post in my branches, oldest first, keyset by id.
CREATE INDEX approval_request_waiting_idx ON crm.approval_request (current_post, branch_id, id)
    WHERE status = 'pending';
CREATE INDEX approval_request_requester_idx ON crm.approval_request (requested_by, id DESC);
CREATE INDEX approval_request_subject_idx ON crm.approval_request (subject_staff_id, id DESC);
CREATE INDEX approval_request_customer_idx ON crm.approval_request (customer_id);
-- One pending request per customer and flow (a double claim is refused, not queued).
CREATE UNIQUE INDEX approval_request_one_pending
    ON crm.approval_request (customer_id, flow_code) WHERE status = 'pending' AND customer_id IS NOT NULL;

CREATE TABLE crm.approval_step (
    request_id  bigint NOT NULL REFERENCES crm.approval_request,
    step_no     smallint NOT NULL,
    post_code   text NOT NULL REFERENCES crm.approval_post,
    decision    text NOT NULL CHECK (decision IN ('approved', 'rejected')),
    decided_by  integer NOT NULL REFERENCES crm.staff,
    decided_at  timestamptz NOT NULL DEFAULT now(),
    comment     text,
    PRIMARY KEY (request_id, step_no)
);

-- Reservations (预约) -------------------------------------------------------------------------------

CREATE TABLE crm.reservation (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_id             integer NOT NULL DEFAULT crm.current_staff_id() REFERENCES crm.staff,
    branch_id            smallint NOT NULL REFERENCES crm.branch,        -- expected branch
    name                 text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 100),
    id_no                text CHECK (length(id_no) <= 40),
    mobile               text CHECK (length(mobile) <= 40),
    note                 text CHECK (length(note) <= 1000),
    name_norm            text,
    id_no_norm           text,
    mobile_norm          text,
    registered_on        date NOT NULL DEFAULT current_date,
    window_end           date,                                    -- last day a new account matches
    status               text NOT NULL DEFAULT 'open'
                         CHECK (status IN ('open', 'matched', 'review', 'expired', 'withdrawn')),
    customer_id          bigint REFERENCES crm.customer,         -- matched (or candidate for review)
    request_id           bigint REFERENCES crm.approval_request,
    reason               text,           -- review / expiry reason code
    reason_detail        text,
    decided_at           timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    modified_at          timestamptz NOT NULL DEFAULT now(),
    version              integer NOT NULL DEFAULT 1,
    CHECK (id_no IS NOT NULL OR mobile IS NOT NULL),
    -- Checked after the stamp trigger: blanks or a mobile without digits are no key at all.
    CHECK (id_no_norm IS NOT NULL OR mobile_norm IS NOT NULL)
);
CREATE INDEX reservation_open_idx ON crm.reservation (branch_id, name_norm) WHERE status = 'open';
CREATE INDEX reservation_staff_idx ON crm.reservation (staff_id, id DESC);
ALTER TABLE crm.approval_request
    ADD CONSTRAINT approval_request_reservation_fk FOREIGN KEY (reservation_id) REFERENCES crm.reservation;

-- Owner, branch check, normalised keys, window and version are the server's.
CREATE FUNCTION crm.reservation_stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT crm.is_operator() THEN
            NEW.staff_id := crm.current_staff_id();
            NEW.registered_on := current_date;
            NEW.status := 'open';
            NEW.customer_id := NULL;
            NEW.request_id := NULL;
            NEW.reason := NULL;
            NEW.reason_detail := NULL;
        END IF;
        NEW.version := 1;
        NEW.created_at := clock_timestamp();
        NEW.window_end := crm.add_working_days(NEW.registered_on, 20);
    ELSE
        NEW.staff_id := OLD.staff_id;
        NEW.registered_on := OLD.registered_on;
        NEW.created_at := OLD.created_at;
        NEW.version := OLD.version + 1;
        -- Stamped at registration (a holiday added later does not move it): the matcher's bulk
        -- updates of status need not recompute it per row.
        NEW.window_end := OLD.window_end;
    END IF;
    NEW.name_norm := crm.normalize_name(NEW.name);
    NEW.id_no_norm := crm.normalize_id_no(NEW.id_no);
    NEW.mobile_norm := crm.normalize_mobile(NEW.mobile);
    NEW.modified_at := clock_timestamp();
    RETURN NEW;
END
$$;
CREATE TRIGGER reservation_stamp BEFORE INSERT OR UPDATE ON crm.reservation
    FOR EACH ROW EXECUTE FUNCTION crm.reservation_stamp();

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON crm.reservation
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON crm.approval_request
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('id');
CREATE TRIGGER audit AFTER INSERT ON crm.approval_step
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('request_id', 'step_no');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON crm.approval_flow_step
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('flow_code', 'step_no');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON crm.holiday
    FOR EACH ROW EXECUTE FUNCTION crm.audit_row('day');

-- Helpers for policies and functions ------------------------------------------------------------------

CREATE FUNCTION crm.my_posts() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT coalesce(array_agg(p.post_code ORDER BY p.post_code), '{}')
      FROM crm.staff_post p WHERE p.staff_id = crm.current_staff_id()
$$;

-- Branches whose requests the caller approves: every branch for HQ staff, else their own
-- branch plus 营业部范围.
CREATE FUNCTION crm.my_approval_branch_ids() RETURNS smallint[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT CASE WHEN b.kind = 'hq' THEN (SELECT array_agg(x.id ORDER BY x.id) FROM crm.branch x)
                ELSE crm.my_branch_ids() END
      FROM crm.staff s JOIN crm.branch b ON b.id = s.branch_id
     WHERE s.id = crm.current_staff_id()
$$;

CREATE FUNCTION crm.approval_notify(p_request crm.approval_request) RETURNS void
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT pg_notify('crm_approvals', json_build_object(
        'id', p_request.id, 'status', p_request.status, 'post', p_request.current_post,
        'branch', p_request.branch_id, 'requested_by', p_request.requested_by,
        'subject', p_request.subject_staff_id)::text)
$$;

-- Starting requests ---------------------------------------------------------------------------------

-- The one place a request is created (callers check who may ask for what).
CREATE FUNCTION crm._start_request(p_flow text, p_branch smallint, p_customer bigint, p_subject integer,
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

-- A staff member claims a public-pool customer (公有客户) they can see: development for themselves.
CREATE FUNCTION crm.request_claim(p_customer bigint, p_note text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v_customer crm.customer;
BEGIN
    IF v_me IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    SELECT * INTO v_customer FROM crm.customer c WHERE c.id = p_customer FOR SHARE;
    -- Visible to the caller (the customer policy's rule): a developed customer of someone else's
    -- in a pool branch is "not found", not "developed by X".
    -- (coalesce: a NULL developer or service staff must not make the whole test NULL, i.e. "pass")
    IF NOT FOUND OR NOT coalesce((v_customer.developer_id IS NULL AND v_customer.branch_id = ANY (crm.my_pool_branch_ids()))
                                 OR v_customer.branch_id = ANY (crm.my_scope_branch_ids())
                                 OR v_customer.developer_id = ANY (crm.my_staff_ids())
                                 OR v_customer.service_staff_id = ANY (crm.my_staff_ids()), false) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no such customer in your public pool';
    END IF;
    IF v_customer.developer_id IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR031', MESSAGE = format(
            'the customer already has a development relationship with %s',
            (SELECT s.name FROM crm.staff s WHERE s.id = v_customer.developer_id));
    END IF;
    RETURN crm._start_request('development', v_customer.branch_id, p_customer, v_me, v_me, '{}', p_note);
END
$$;

-- A manager assigns the service relationship (服务关系) of a customer they see to a staff member
-- of their subtree or of a branch they approve for.
CREATE FUNCTION crm.request_service(p_customer bigint, p_staff_login text, p_note text DEFAULT NULL) RETURNS bigint
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

-- Release (解除) of a live relationship by its holder or someone above them.
CREATE FUNCTION crm.request_release(p_customer bigint, p_kind text, p_note text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v_rel crm.relationship;
BEGIN
    IF v_me IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    SELECT * INTO v_rel FROM crm.relationship r
     WHERE r.customer_id = p_customer AND r.kind = p_kind AND r.status = 'live';
    IF NOT FOUND OR NOT (v_rel.staff_id = ANY (crm.staff_subtree(v_me))) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no live relationship of yours (or your team''s) to release';
    END IF;
    RETURN crm._start_request('release', v_rel.branch_id, p_customer, v_rel.staff_id, v_me,
                              jsonb_build_object('kind', p_kind, 'relationship_id', v_rel.id), p_note);
END
$$;

-- 调岗: a manager moves a staff member of their subtree to another type and/or branch; on approval
-- the staff member's live relationships are released first (their customers go to the pool).
CREATE FUNCTION crm.request_transfer(p_staff_login text, p_staff_type text, p_branch_code text,
                                     p_note text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_me integer := crm.current_staff_id();
    v_staff crm.staff;
    v_branch smallint;
BEGIN
    IF v_me IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR005', MESSAGE = 'not a staff member';
    END IF;
    SELECT * INTO v_staff FROM crm.staff s WHERE s.login = p_staff_login AND s.status = 'active';
    IF NOT FOUND OR v_staff.id = v_me OR NOT coalesce(v_staff.id = ANY (crm.staff_subtree(v_me))
                                                      OR crm.can_administer(v_staff.branch_id), false) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format('you may not transfer "%s"', p_staff_login);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM crm.staff_type t WHERE t.code = p_staff_type) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown staff type "%s"', p_staff_type);
    END IF;
    SELECT b.id INTO v_branch FROM crm.branch b WHERE b.code = p_branch_code;
    IF v_branch IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown branch "%s"', p_branch_code);
    END IF;
    RETURN crm._start_request('transfer', v_staff.branch_id, NULL, v_staff.id, v_me,
                              jsonb_build_object('staff_type', p_staff_type, 'branch_id', v_branch,
                                                 'from_type', v_staff.staff_type, 'from_branch_id', v_staff.branch_id),
                              p_note);
END
$$;

-- Deciding ---------------------------------------------------------------------------------------------

-- The final approval's effect, in the deciding transaction.
CREATE FUNCTION crm._apply_request(p_request crm.approval_request) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_holder text;
BEGIN
    IF p_request.flow_code = 'development' THEN
        SELECT s.name INTO v_holder FROM crm.relationship r JOIN crm.staff s ON s.id = r.staff_id
         WHERE r.customer_id = p_request.customer_id AND r.kind = 'development' AND r.status = 'live';
        IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'CR031',
                MESSAGE = format('the customer already has a development relationship with %s', v_holder);
        END IF;
        INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind)
        VALUES (p_request.customer_id, p_request.branch_id, p_request.subject_staff_id, 'development');
        UPDATE crm.reservation SET status = 'matched', decided_at = now()
         WHERE id = p_request.reservation_id AND status = 'matched';
    ELSIF p_request.flow_code = 'service' THEN
        UPDATE crm.relationship SET status = 'released', valid_to = current_date, released_at = now(),
                                    released_by = session_user
         WHERE customer_id = p_request.customer_id AND kind = 'service' AND status = 'live';
        INSERT INTO crm.relationship (customer_id, branch_id, staff_id, kind)
        VALUES (p_request.customer_id, p_request.branch_id, p_request.subject_staff_id, 'service');
    ELSIF p_request.flow_code = 'release' THEN
        UPDATE crm.relationship SET status = 'released', valid_to = current_date, released_at = now(),
                                    released_by = session_user
         WHERE id = (p_request.payload ->> 'relationship_id')::bigint AND status = 'live';
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'CR031', MESSAGE = 'the relationship was already released';
        END IF;
    ELSIF p_request.flow_code = 'transfer' THEN
        UPDATE crm.relationship SET status = 'released', valid_to = current_date, released_at = now(),
                                    released_by = session_user
         WHERE staff_id = p_request.subject_staff_id AND status = 'live';
        UPDATE crm.staff SET staff_type = p_request.payload ->> 'staff_type',
                             branch_id = (p_request.payload ->> 'branch_id')::smallint
         WHERE id = p_request.subject_staff_id;
    ELSE
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('no effect defined for flow "%s"', p_request.flow_code);
    END IF;
END
$$;

-- Approve or reject step `p_step` of a request. Only a holder of that step's post whose approval
-- branches include the request's branch may act; the step must be the current one, else the
-- caller learns who decided it and when (CR030) and nothing changes.
CREATE FUNCTION crm.decide_request(p_request bigint, p_step integer, p_decision text, p_comment text DEFAULT NULL)
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
    -- Only those who may see the request (the involved_read policy's rule) learn anything about it.
    IF NOT FOUND OR NOT coalesce(v_request.requested_by = v_me OR v_request.subject_staff_id = v_me
                                 OR (v_request.branch_id = ANY (crm.my_approval_branch_ids())
                                     AND v_request.posts && crm.my_posts()), false) THEN
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
    IF NOT coalesce(v_request.current_post = ANY (crm.my_posts())
                    AND v_request.branch_id = ANY (crm.my_approval_branch_ids())
                    AND crm.has_permission('approve'), false) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
            'this step waits for %s of the request''s branch',
            (SELECT p.name_zh FROM crm.approval_post p WHERE p.code = v_request.current_post));
    END IF;
    -- Nobody decides a request they asked for or that concerns themselves (a reservation match
    -- has no requester: its subject is the one who gains the customer).
    IF coalesce(v_request.requested_by = v_me, false) OR v_request.subject_staff_id = v_me THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'you may not decide a request of your own or about yourself';
    END IF;
    INSERT INTO crm.approval_step (request_id, step_no, post_code, decision, decided_by, comment)
    VALUES (p_request, p_step, v_request.current_post, p_decision, v_me, nullif(btrim(p_comment), ''));
    IF p_decision = 'rejected' THEN
        UPDATE crm.approval_request SET status = 'rejected', current_post = NULL, decided_at = now(),
                                        version = version + 1
         WHERE id = p_request RETURNING * INTO v_request;
        UPDATE crm.reservation SET status = 'review', reason = 'approval_rejected',
                                   reason_detail = nullif(btrim(p_comment), ''), decided_at = now()
         WHERE id = v_request.reservation_id;
    ELSIF p_step >= cardinality(v_request.posts) THEN
        -- The effect can no longer apply when the world moved on (someone else developed the
        -- customer meanwhile, the relationship was already released): the approval is recorded
        -- and the request ends as failed, with the reason, instead of waiting forever.
        BEGIN
            PERFORM crm._apply_request(v_request);
            UPDATE crm.approval_request SET status = 'approved', current_post = NULL, decided_at = now(),
                                            version = version + 1
             WHERE id = p_request RETURNING * INTO v_request;
        EXCEPTION WHEN SQLSTATE 'CR031' OR unique_violation THEN
            UPDATE crm.approval_request SET status = 'failed', current_post = NULL, decided_at = now(),
                                            outcome = SQLERRM, version = version + 1
             WHERE id = p_request RETURNING * INTO v_request;
            UPDATE crm.reservation SET status = 'review', reason = 'approval_failed', reason_detail = SQLERRM,
                                       decided_at = now()
             WHERE id = v_request.reservation_id;
        END;
    ELSE
        UPDATE crm.approval_request SET current_step = p_step + 1, current_post = posts[p_step + 1],
                                        version = version + 1
         WHERE id = p_request RETURNING * INTO v_request;
    END IF;
    PERFORM crm.approval_notify(v_request);
    RETURN v_request.status;
END
$$;

-- The requester withdraws a pending request; a request started by a reservation match (no
-- requester) is withdrawn by the staff member it would serve.
CREATE FUNCTION crm.withdraw_request(p_request bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_request crm.approval_request;
BEGIN
    SELECT * INTO v_request FROM crm.approval_request r WHERE r.id = p_request FOR UPDATE;
    IF NOT FOUND OR NOT coalesce(v_request.requested_by = crm.current_staff_id()
                                 OR (v_request.requested_by IS NULL
                                     AND v_request.subject_staff_id = crm.current_staff_id()), false) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no such request of yours';
    END IF;
    IF v_request.status <> 'pending' THEN
        RAISE EXCEPTION USING ERRCODE = 'CR030', MESSAGE = format('this request is already %s', v_request.status);
    END IF;
    UPDATE crm.approval_request SET status = 'withdrawn', current_post = NULL, decided_at = now(),
                                    version = version + 1
     WHERE id = p_request RETURNING * INTO v_request;
    PERFORM crm.approval_notify(v_request);
END
$$;

-- HQ edits a flow: the ordered posts replace the old steps (pending requests keep theirs).
CREATE FUNCTION crm.set_flow_steps(p_flow text, p_posts text[]) RETURNS void
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

-- Holidays: HQ administrators.
CREATE FUNCTION crm.set_holiday(p_day date, p_name text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
BEGIN
    IF NOT (crm.is_operator() OR crm.has_permission('admin_all')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'only HQ administrators maintain holidays';
    END IF;
    IF p_name IS NULL THEN
        DELETE FROM crm.holiday WHERE day = p_day;
    ELSE
        INSERT INTO crm.holiday (day, name) VALUES (p_day, p_name)
        ON CONFLICT (day) DO UPDATE SET name = EXCLUDED.name;
    END IF;
END
$$;

-- Who and what a request is about, for those who may see the request --------------------------------

-- The approvers of a branch, HQ approvers without scope "all", or a requester need not see the
-- customer or the staff a request names under the customer and staff policies; the Approvals tab
-- must still show them. For each of `p_ids` that the caller may see (the involved_read rule),
-- the customer (account, name, branch, developer, service staff, latest total assets), the
-- subject staff member and the requester. Nothing else of the customer is exposed.
CREATE FUNCTION crm.approval_parties(p_ids bigint[])
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
       AND (r.requested_by = me.id OR r.subject_staff_id = me.id
            OR (r.branch_id = ANY (me.branches) AND r.posts && me.posts))
$$;

-- The names of those who decided the steps of the requests the caller may see.
CREATE FUNCTION crm.approval_deciders(p_ids bigint[])
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
       AND (r.requested_by = me.id OR r.subject_staff_id = me.id
            OR (r.branch_id = ANY (me.branches) AND r.posts && me.posts))
$$;

-- The account a reservation the caller may see matched (or that is up for review): its own
-- prospect, even when the account is not (yet) visible to the staff member under the customer policy.
CREATE FUNCTION crm.reservation_accounts(p_ids bigint[])
RETURNS TABLE (reservation_id bigint, account_no text, customer_name text, open_date date)
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT r.id, c.account_no, c.name, c.open_date
      FROM crm.reservation r
      JOIN crm.customer c ON c.id = r.customer_id
     CROSS JOIN (SELECT crm.my_staff_ids() AS staff, crm.my_scope_branch_ids() AS branches OFFSET 0) me
     WHERE r.id = ANY (p_ids)
       AND (r.staff_id = ANY (me.staff) OR r.branch_id = ANY (me.branches))
$$;

-- Reservation matching (after each T+1 load) ---------------------------------------------------------

-- Set-based: open reservations against accounts opened at the reservation's branch between its
-- registration day and window_end (20 working days). A match needs the normalised name equal and
-- the ID number or the mobile equal. Ambiguous cases go to review with a reason instead:
--   several_reservations  two or more open reservations match one account;
--   several_accounts      one reservation matches two or more accounts;
--   mobile_of_older_customer  matched by mobile only, and the mobile belongs to an older customer;
--   already_developed     the account already has a development relationship;
--   request_pending       a development request for the account is already pending.
-- A clean match becomes 'matched' and starts the development approval for the reservation's
-- staff member. Open reservations whose window ended before p_as_of expire with the likeliest
-- reason (FAQ 31). Returns counts. Accounts are normalised once (those opened since the oldest
-- open reservation), then everything is joins on equal keys.
CREATE FUNCTION crm.match_reservations(p_as_of date) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_from date;
    v_posts text[];
    v_matched integer := 0;
    v_review integer := 0;
    v_expired integer := 0;
BEGIN
    IF NOT (crm.is_operator() OR pg_has_role(session_user, 'crm_agent', 'MEMBER')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'reservation matching runs with the T+1 load';
    END IF;
    IF p_as_of IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'matching needs the trading date of the load';
    END IF;
    SELECT min(r.registered_on) INTO v_from FROM crm.reservation r WHERE r.status = 'open';
    IF v_from IS NULL THEN
        RETURN jsonb_build_object('matched', 0, 'review', 0, 'expired', 0);
    END IF;
    SELECT array_agg(s.post_code ORDER BY s.step_no) INTO v_posts
      FROM crm.approval_flow_step s WHERE s.flow_code = 'development';
    IF v_posts IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'approval flow "development" has no steps';
    END IF;

    IF to_regclass('pg_temp.reservation_candidate') IS NOT NULL THEN      -- a second call in one transaction
        DROP TABLE pg_temp.reservation_candidate, pg_temp.reservation_pair, pg_temp.reservation_outcome;
    END IF;
    CREATE TEMP TABLE reservation_candidate ON COMMIT DROP AS
    SELECT c.id, c.branch_id, c.open_date, c.developer_id,
           crm.normalize_name(c.name) AS name_norm, crm.normalize_id_no(c.id_no) AS id_no_norm,
           crm.normalize_mobile(c.mobile) AS mobile_norm
      FROM crm.customer c
     WHERE c.open_date BETWEEN v_from AND p_as_of;
    CREATE INDEX ON pg_temp.reservation_candidate (name_norm);
    CREATE INDEX ON pg_temp.reservation_candidate (id_no_norm);
    CREATE INDEX ON pg_temp.reservation_candidate (mobile_norm);
    ANALYZE pg_temp.reservation_candidate;

    CREATE TEMP TABLE reservation_pair ON COMMIT DROP AS
    SELECT r.id AS reservation_id, c.id AS customer_id, r.staff_id, c.branch_id, c.developer_id, c.open_date,
           coalesce(r.id_no_norm = c.id_no_norm, false) AS by_id,
           coalesce(r.mobile_norm = c.mobile_norm, false) AS by_mobile, r.mobile_norm
      FROM crm.reservation r
      JOIN pg_temp.reservation_candidate c
        ON c.branch_id = r.branch_id AND c.name_norm = r.name_norm
       AND c.open_date BETWEEN r.registered_on AND least(r.window_end, p_as_of)
     WHERE r.status = 'open'
       AND (r.id_no_norm = c.id_no_norm OR r.mobile_norm = c.mobile_norm);

    -- One outcome per reservation; "several reservations" wins over the other reasons.
    CREATE TEMP TABLE reservation_outcome ON COMMIT DROP AS
    SELECT DISTINCT ON (k.reservation_id) k.reservation_id, k.customer_id, k.staff_id, k.branch_id,
           k.per_customer, k.per_reservation, k.developer_id,
           CASE WHEN k.per_customer > 1 THEN 'several_reservations'
                WHEN k.per_reservation > 1 THEN 'several_accounts'
                WHEN NOT k.by_id AND EXISTS (
                         SELECT 1 FROM crm.customer o
                          WHERE o.mobile = k.mobile_norm AND o.id <> k.customer_id AND o.open_date < k.open_date)
                     THEN 'mobile_of_older_customer'
                WHEN k.developer_id IS NOT NULL THEN 'already_developed'
                WHEN EXISTS (SELECT 1 FROM crm.approval_request a
                              WHERE a.customer_id = k.customer_id AND a.flow_code = 'development'
                                AND a.status = 'pending') THEN 'request_pending'
                ELSE 'matched' END AS outcome
      FROM (SELECT p.*, count(*) OVER (PARTITION BY p.customer_id) AS per_customer,
                   count(*) OVER (PARTITION BY p.reservation_id) AS per_reservation
              FROM pg_temp.reservation_pair p) k
     ORDER BY k.reservation_id, (k.per_customer > 1) DESC, k.customer_id;

    -- Clean matches: the development approval for the reservation's staff member. A request
    -- started meanwhile by someone else (a claim) is not an error for the load: review below.
    WITH created AS (
        INSERT INTO crm.approval_request (flow_code, branch_id, customer_id, subject_staff_id, requested_by,
                                          reservation_id, posts, current_step, current_post)
        SELECT 'development', o.branch_id, o.customer_id, o.staff_id, NULL, o.reservation_id, v_posts, 1, v_posts[1]
          FROM pg_temp.reservation_outcome o WHERE o.outcome = 'matched'
         ORDER BY o.reservation_id
        ON CONFLICT (customer_id, flow_code) WHERE status = 'pending' AND customer_id IS NOT NULL DO NOTHING
        RETURNING id, reservation_id, customer_id
    )
    UPDATE crm.reservation r SET status = 'matched', customer_id = c.customer_id, request_id = c.id,
           reason = NULL, reason_detail = NULL, decided_at = now()
      FROM created c
     WHERE r.id = c.reservation_id AND r.status = 'open';
    GET DIAGNOSTICS v_matched = ROW_COUNT;
    PERFORM crm.approval_notify(a)
       FROM crm.approval_request a JOIN pg_temp.reservation_outcome o ON o.reservation_id = a.reservation_id
      WHERE o.outcome = 'matched' AND a.status = 'pending';

    UPDATE crm.reservation r SET status = 'review', customer_id = o.customer_id,
           reason = CASE o.outcome WHEN 'matched' THEN 'request_pending' ELSE o.outcome END,
           reason_detail = CASE o.outcome
               WHEN 'several_reservations' THEN format('%s reservations match this account', o.per_customer)
               WHEN 'several_accounts' THEN format('%s new accounts match this reservation', o.per_reservation)
               WHEN 'mobile_of_older_customer' THEN 'matched by mobile only, and an older customer has the same mobile'
               WHEN 'already_developed' THEN (SELECT s.name FROM crm.staff s WHERE s.id = o.developer_id)
               ELSE 'a development request for this account is already pending' END,
           decided_at = now()
      FROM pg_temp.reservation_outcome o
     WHERE r.id = o.reservation_id AND r.status = 'open';
    GET DIAGNOSTICS v_review = ROW_COUNT;

    -- Expiry with the likeliest cause (FAQ 31).
    WITH expiring AS (
        SELECT r.id, r.branch_id, r.registered_on, r.window_end, r.name_norm, r.id_no_norm, r.mobile_norm
          FROM crm.reservation r
         WHERE r.status = 'open' AND r.window_end < p_as_of
    ), reasoned AS (
        SELECT e.id,
               CASE
                 WHEN EXISTS (SELECT 1 FROM pg_temp.reservation_candidate c
                               WHERE c.branch_id = e.branch_id AND c.open_date BETWEEN e.registered_on AND e.window_end
                                 AND (c.id_no_norm = e.id_no_norm OR c.mobile_norm = e.mobile_norm))
                   THEN 'name_differs'
                 WHEN EXISTS (SELECT 1 FROM pg_temp.reservation_candidate c
                               WHERE c.branch_id = e.branch_id AND c.open_date BETWEEN e.registered_on AND e.window_end
                                 AND c.name_norm = e.name_norm)
                   THEN (CASE WHEN e.id_no_norm ~ '^1[3-9][0-9]{9}$' THEN 'mobile_in_id_field'
                              WHEN length(e.mobile_norm) >= 15 OR e.mobile_norm ~ 'X' THEN 'id_in_mobile_field'
                              ELSE 'id_and_mobile_differ' END)
                 WHEN EXISTS (SELECT 1 FROM pg_temp.reservation_candidate c
                               WHERE c.branch_id <> e.branch_id AND c.open_date BETWEEN e.registered_on AND e.window_end
                                 AND c.name_norm = e.name_norm
                                 AND (c.id_no_norm = e.id_no_norm OR c.mobile_norm = e.mobile_norm))
                   THEN 'other_branch'
                 ELSE 'no_account'
               END AS reason
          FROM expiring e)
    UPDATE crm.reservation r SET status = 'expired', reason = e.reason, decided_at = now(),
           reason_detail = CASE e.reason
               WHEN 'name_differs' THEN 'an account with this ID number or mobile was opened under another name (different characters?)'
               WHEN 'mobile_in_id_field' THEN 'the ID number field holds a mobile number'
               WHEN 'id_in_mobile_field' THEN 'the mobile field holds an ID number'
               WHEN 'id_and_mobile_differ' THEN 'an account with this name was opened, but neither the ID number nor the mobile is equal'
               WHEN 'other_branch' THEN 'the account was opened at another branch'
               ELSE 'no matching account was opened within 20 working days' END
      FROM reasoned e WHERE r.id = e.id;
    GET DIAGNOSTICS v_expired = ROW_COUNT;
    RETURN jsonb_build_object('matched', v_matched, 'review', v_review, 'expired', v_expired);
END
$$;

-- Row-level security ---------------------------------------------------------------------------------

ALTER TABLE crm.holiday ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.holiday FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.approval_flow ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.approval_flow FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.approval_flow_step ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.approval_flow_step FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.approval_request ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.approval_request FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.approval_step ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.approval_step FORCE ROW LEVEL SECURITY;
ALTER TABLE crm.reservation ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.reservation FORCE ROW LEVEL SECURITY;

CREATE POLICY reference_read ON crm.holiday FOR SELECT TO crm_staff USING (true);
CREATE POLICY reference_read ON crm.approval_flow FOR SELECT TO crm_staff USING (true);
CREATE POLICY reference_read ON crm.approval_flow_step FOR SELECT TO crm_staff USING (true);

-- A request is visible to its requester, its subject, and the approvers of its branch whose post
-- is one of its steps.
CREATE POLICY involved_read ON crm.approval_request FOR SELECT TO crm_staff USING (
    requested_by = (SELECT crm.current_staff_id())
    OR subject_staff_id = (SELECT crm.current_staff_id())
    OR (branch_id = ANY ((SELECT crm.my_approval_branch_ids())::smallint[])
        AND posts && (SELECT crm.my_posts())));
CREATE POLICY request_read ON crm.approval_step FOR SELECT TO crm_staff
    USING (EXISTS (SELECT 1 FROM crm.approval_request r WHERE r.id = request_id));

-- Reservations: the registering staff member and their superiors read; the owner registers
-- (in a branch of theirs) and edits or deletes while open.
CREATE POLICY team_read ON crm.reservation FOR SELECT TO crm_staff
    USING (staff_id = ANY ((SELECT crm.my_staff_ids())::integer[])
           OR branch_id = ANY ((SELECT crm.my_scope_branch_ids())::smallint[]));
CREATE POLICY own_insert ON crm.reservation FOR INSERT TO crm_staff
    WITH CHECK (staff_id = (SELECT crm.current_staff_id())
                AND branch_id = ANY ((SELECT crm.my_branch_ids())::smallint[]));
CREATE POLICY own_open_update ON crm.reservation FOR UPDATE TO crm_staff
    USING (staff_id = (SELECT crm.current_staff_id()) AND status = 'open')
    WITH CHECK (staff_id = (SELECT crm.current_staff_id()) AND status = 'open'
                AND branch_id = ANY ((SELECT crm.my_branch_ids())::smallint[]));
CREATE POLICY own_open_delete ON crm.reservation FOR DELETE TO crm_staff
    USING (staff_id = (SELECT crm.current_staff_id()) AND status = 'open');

GRANT SELECT ON crm.holiday, crm.approval_flow, crm.approval_flow_step, crm.approval_request,
                crm.approval_step, crm.reservation TO crm_staff;
GRANT INSERT (branch_id, name, id_no, mobile, note), UPDATE (branch_id, name, id_no, mobile, note),
      DELETE ON crm.reservation TO crm_staff;
GRANT EXECUTE ON FUNCTION
    crm.add_working_days(date, integer), crm.normalize_name(text), crm.normalize_id_no(text),
    crm.normalize_mobile(text), crm.my_posts(), crm.my_approval_branch_ids(),
    crm.request_claim(bigint, text), crm.request_service(bigint, text, text), crm.request_release(bigint, text, text),
    crm.request_transfer(text, text, text, text), crm.decide_request(bigint, integer, text, text),
    crm.withdraw_request(bigint), crm.set_flow_steps(text, text[]), crm.set_holiday(date, text),
    crm.approval_parties(bigint[]), crm.approval_deciders(bigint[]), crm.reservation_accounts(bigint[])
   TO crm_staff;
GRANT EXECUTE ON FUNCTION crm.match_reservations(date), crm.add_working_days(date, integer),
    crm.normalize_name(text), crm.normalize_id_no(text), crm.normalize_mobile(text) TO crm_agent;
