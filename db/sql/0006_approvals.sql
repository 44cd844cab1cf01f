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

-- Digits only; a leading +86 / 86 country code dropped from 13-digit numbers.
CREATE FUNCTION crm.normalize_mobile(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
SET search_path = pg_catalog, crm, pg_temp AS $$
    SELECT nullif(CASE WHEN length(d) = 13 AND d LIKE '86%' THEN substr(d, 3) ELSE d END, '')
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
    CHECK (id_no IS NOT NULL OR mobile IS NOT NULL)
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
    ELSE
        NEW.staff_id := OLD.staff_id;
        NEW.registered_on := OLD.registered_on;
        NEW.created_at := OLD.created_at;
        NEW.version := OLD.version + 1;
    END IF;
    NEW.name_norm := crm.normalize_name(NEW.name);
    NEW.id_no_norm := crm.normalize_id_no(NEW.id_no);
    NEW.mobile_norm := crm.normalize_mobile(NEW.mobile);
    NEW.window_end := crm.add_working_days(NEW.registered_on, 20);
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
    IF NOT FOUND OR NOT (v_customer.branch_id = ANY (crm.my_pool_branch_ids())
                         OR v_customer.branch_id = ANY (crm.my_scope_branch_ids())) THEN
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
    IF NOT FOUND OR NOT (crm.my_scope() = 'all' OR v_customer.branch_id = ANY (crm.my_scope_branch_ids())
                         OR v_customer.developer_id = ANY (crm.my_staff_ids())
                         OR v_customer.service_staff_id = ANY (crm.my_staff_ids())) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'no such customer among yours';
    END IF;
    SELECT * INTO v_staff FROM crm.staff s WHERE s.login = p_staff_login AND s.status = 'active';
    IF NOT FOUND OR NOT (v_staff.id = ANY (crm.staff_subtree(v_me))
                         OR (crm.has_permission('approve') AND v_staff.branch_id = ANY (crm.my_approval_branch_ids()))) THEN
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
    IF NOT FOUND OR v_staff.id = v_me OR NOT (v_staff.id = ANY (crm.staff_subtree(v_me))
                                              OR crm.can_administer(v_staff.branch_id)) THEN
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
    IF NOT FOUND THEN
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
    IF NOT (v_request.current_post = ANY (crm.my_posts())
            AND v_request.branch_id = ANY (crm.my_approval_branch_ids())
            AND crm.has_permission('approve')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
            'this step waits for %s of the request''s branch',
            (SELECT p.name_zh FROM crm.approval_post p WHERE p.code = v_request.current_post));
    END IF;
    IF v_request.requested_by = v_me AND v_request.subject_staff_id = v_me THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'you may not approve your own request';
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
        PERFORM crm._apply_request(v_request);
        UPDATE crm.approval_request SET status = 'approved', current_post = NULL, decided_at = now(),
                                        version = version + 1
         WHERE id = p_request RETURNING * INTO v_request;
    ELSE
        UPDATE crm.approval_request SET current_step = p_step + 1, current_post = posts[p_step + 1],
                                        version = version + 1
         WHERE id = p_request RETURNING * INTO v_request;
    END IF;
    PERFORM crm.approval_notify(v_request);
    RETURN v_request.status;
END
$$;

-- The requester withdraws a pending request.
CREATE FUNCTION crm.withdraw_request(p_request bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_request crm.approval_request;
BEGIN
    SELECT * INTO v_request FROM crm.approval_request r WHERE r.id = p_request FOR UPDATE;
    IF NOT FOUND OR v_request.requested_by IS DISTINCT FROM crm.current_staff_id() THEN
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

-- Reservation matching (after each T+1 load) ---------------------------------------------------------

-- Set-based: open reservations against accounts opened at the reservation's branch between its
-- registration day and window_end (20 working days). A match needs the normalised name equal and
-- the ID number or the mobile equal. Ambiguous cases go to review with a reason instead:
--   several_reservations  two or more open reservations match one account;
--   several_accounts      one reservation matches two or more accounts;
--   mobile_of_older_customer  matched by mobile only, and the mobile belongs to an older customer;
--   already_developed     the account already has a development relationship.
-- A clean match becomes 'matched' and starts the development approval for the reservation's
-- staff member. Open reservations whose window ended before p_as_of expire with the likeliest
-- reason (FAQ 31). Returns counts.
CREATE FUNCTION crm.match_reservations(p_as_of date) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_matched integer := 0;
    v_review integer := 0;
    v_expired integer := 0;
    v_row record;
BEGIN
    IF NOT (crm.is_operator() OR pg_has_role(session_user, 'crm_agent', 'MEMBER')) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'reservation matching runs with the T+1 load';
    END IF;
    CREATE TEMP TABLE IF NOT EXISTS reservation_pairs (reservation_id bigint, customer_id bigint,
                                                       by_id boolean, by_mobile boolean) ON COMMIT DROP;
    TRUNCATE reservation_pairs;
    INSERT INTO reservation_pairs
    SELECT r.id, c.id, (r.id_no_norm IS NOT NULL AND r.id_no_norm = crm.normalize_id_no(c.id_no)),
           (r.mobile_norm IS NOT NULL AND r.mobile_norm = crm.normalize_mobile(c.mobile))
      FROM crm.reservation r
      JOIN crm.customer c
        ON c.branch_id = r.branch_id
       AND c.open_date BETWEEN r.registered_on AND least(r.window_end, p_as_of)
       AND crm.normalize_name(c.name) = r.name_norm
     WHERE r.status = 'open'
       AND ((r.id_no_norm IS NOT NULL AND r.id_no_norm = crm.normalize_id_no(c.id_no))
            OR (r.mobile_norm IS NOT NULL AND r.mobile_norm = crm.normalize_mobile(c.mobile)));

    FOR v_row IN
        SELECT p.reservation_id, p.customer_id, r.staff_id, c.branch_id, c.developer_id,
               (SELECT count(*) FROM reservation_pairs q WHERE q.customer_id = p.customer_id) AS per_customer,
               (SELECT count(*) FROM reservation_pairs q WHERE q.reservation_id = p.reservation_id) AS per_reservation,
               (NOT p.by_id AND p.by_mobile AND EXISTS (
                    SELECT 1 FROM crm.customer o
                     WHERE o.mobile = r.mobile_norm AND o.id <> c.id AND o.open_date < c.open_date)) AS older_mobile
          FROM reservation_pairs p
          JOIN crm.reservation r ON r.id = p.reservation_id
          JOIN crm.customer c ON c.id = p.customer_id
         ORDER BY p.reservation_id, p.customer_id
    LOOP
        IF v_row.per_customer > 1 THEN
            UPDATE crm.reservation SET status = 'review', customer_id = v_row.customer_id,
                   reason = 'several_reservations', reason_detail = format('%s reservations match this account', v_row.per_customer),
                   decided_at = now()
             WHERE id = v_row.reservation_id AND status = 'open';
            v_review := v_review + 1;
        ELSIF v_row.per_reservation > 1 THEN
            UPDATE crm.reservation SET status = 'review', customer_id = v_row.customer_id,
                   reason = 'several_accounts', reason_detail = format('%s new accounts match', v_row.per_reservation),
                   decided_at = now()
             WHERE id = v_row.reservation_id AND status = 'open';
            v_review := v_review + (CASE WHEN FOUND THEN 1 ELSE 0 END);
        ELSIF v_row.older_mobile THEN
            UPDATE crm.reservation SET status = 'review', customer_id = v_row.customer_id,
                   reason = 'mobile_of_older_customer',
                   reason_detail = 'matched by mobile only, and an older customer has the same mobile',
                   decided_at = now()
             WHERE id = v_row.reservation_id AND status = 'open';
            v_review := v_review + 1;
        ELSIF v_row.developer_id IS NOT NULL THEN
            UPDATE crm.reservation SET status = 'review', customer_id = v_row.customer_id,
                   reason = 'already_developed', reason_detail = (SELECT s.name FROM crm.staff s WHERE s.id = v_row.developer_id),
                   decided_at = now()
             WHERE id = v_row.reservation_id AND status = 'open';
            v_review := v_review + 1;
        ELSE
            BEGIN
                UPDATE crm.reservation SET status = 'matched', customer_id = v_row.customer_id, decided_at = now(),
                       request_id = crm._start_request('development', v_row.branch_id, v_row.customer_id,
                                                       v_row.staff_id, NULL, '{}', NULL, v_row.reservation_id)
                 WHERE id = v_row.reservation_id AND status = 'open';
                v_matched := v_matched + 1;
            EXCEPTION WHEN SQLSTATE 'CR032' THEN
                UPDATE crm.reservation SET status = 'review', customer_id = v_row.customer_id,
                       reason = 'request_pending', reason_detail = 'a development request is already pending',
                       decided_at = now()
                 WHERE id = v_row.reservation_id AND status = 'open';
                v_review := v_review + 1;
            END;
        END IF;
    END LOOP;

    -- Expiry with the likeliest cause (FAQ 31).
    WITH expired AS (
        SELECT r.id,
               CASE
                 WHEN EXISTS (SELECT 1 FROM crm.customer c
                               WHERE c.branch_id = r.branch_id AND c.open_date BETWEEN r.registered_on AND r.window_end
                                 AND (crm.normalize_id_no(c.id_no) = r.id_no_norm OR crm.normalize_mobile(c.mobile) = r.mobile_norm))
                   THEN 'name_differs'
                 WHEN EXISTS (SELECT 1 FROM crm.customer c
                               WHERE c.branch_id = r.branch_id AND c.open_date BETWEEN r.registered_on AND r.window_end
                                 AND crm.normalize_name(c.name) = r.name_norm)
                   THEN (CASE WHEN r.id_no_norm IS NOT NULL AND r.id_no_norm ~ '^1[3-9][0-9]{9}$' THEN 'mobile_in_id_field'
                              WHEN r.mobile_norm IS NOT NULL AND length(r.mobile_norm) >= 15 THEN 'id_in_mobile_field'
                              ELSE 'id_and_mobile_differ' END)
                 WHEN EXISTS (SELECT 1 FROM crm.customer c
                               WHERE c.branch_id <> r.branch_id AND c.open_date BETWEEN r.registered_on AND r.window_end
                                 AND crm.normalize_name(c.name) = r.name_norm
                                 AND (crm.normalize_id_no(c.id_no) = r.id_no_norm OR crm.normalize_mobile(c.mobile) = r.mobile_norm))
                   THEN 'other_branch'
                 ELSE 'no_account'
               END AS reason
          FROM crm.reservation r
         WHERE r.status = 'open' AND r.window_end < p_as_of)
    UPDATE crm.reservation r SET status = 'expired', reason = e.reason, decided_at = now(),
           reason_detail = CASE e.reason
               WHEN 'name_differs' THEN 'an account with this ID number or mobile was opened under another name (spaces, full-width or different characters?)'
               WHEN 'mobile_in_id_field' THEN 'the ID number field holds a mobile number'
               WHEN 'id_in_mobile_field' THEN 'the mobile field holds an ID number'
               WHEN 'id_and_mobile_differ' THEN 'an account with this name was opened, but neither the ID number nor the mobile is equal'
               WHEN 'other_branch' THEN 'the account was opened at another branch'
               ELSE 'no matching account was opened within 20 working days' END
      FROM expired e WHERE r.id = e.id;
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
    crm.withdraw_request(bigint), crm.set_flow_steps(text, text[]), crm.set_holiday(date, text)
   TO crm_staff;
GRANT EXECUTE ON FUNCTION crm.match_reservations(date), crm.add_working_days(date, integer),
    crm.normalize_name(text), crm.normalize_id_no(text), crm.normalize_mobile(text) TO crm_agent;
