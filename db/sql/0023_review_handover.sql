-- 经纪关系 in batches (issue #15): the reservation review queue's way out, the hand-over of a
-- staff member's customers to a colleague and the batch entry of existing customers'
-- relationships, each one request listing its customers and one approval. Runs as crm_owner.

-- A reservation an approver rejected in review (FAQ 31) ends as 'rejected', with the reason.
ALTER TABLE crm.reservation DROP CONSTRAINT reservation_status_check;
ALTER TABLE crm.reservation ADD CONSTRAINT reservation_status_check
    CHECK (status IN ('open', 'matched', 'review', 'expired', 'withdrawn', 'rejected'));

-- The review queue: items waiting in a branch, oldest first.
CREATE INDEX reservation_review_idx ON crm.reservation (branch_id, id) WHERE status = 'review';

-- Two more flows, data like the others (HQ edits their posts in the Administration tab).
INSERT INTO crm.approval_flow (code, name_zh, name_en) VALUES
    ('handover',    '客户批量交接',     'Hand-over of customers'),
    ('batch_entry', '存量客户关系录入', 'Batch entry of relationships');
INSERT INTO crm.approval_flow_step (flow_code, step_no, post_code) VALUES
    ('handover',    1, 'trading_manager'), ('handover',    2, 'marketing_director'),
    ('batch_entry', 1, 'trading_manager'), ('batch_entry', 2, 'marketing_director');

-- The customers one hand-over or batch-entry request names (thousands for a leaving marketer:
-- rows, not a text blob in the request). relationship_id: the live row a hand-over ends.
CREATE TABLE crm.approval_request_customer (
    request_id       bigint NOT NULL REFERENCES crm.approval_request,
    customer_id      bigint NOT NULL REFERENCES crm.customer,
    branch_id        smallint NOT NULL REFERENCES crm.branch,
    relationship_id  bigint REFERENCES crm.relationship,
    PRIMARY KEY (request_id, customer_id)
);
-- "Is this customer already in a pending batch of this kind?" and the apply's join.
CREATE INDEX approval_request_customer_customer_idx ON crm.approval_request_customer (customer_id);

ALTER TABLE crm.approval_request_customer ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.approval_request_customer FORCE ROW LEVEL SECURITY;
-- Visible with its request (the request's own policy decides).
CREATE POLICY request_read ON crm.approval_request_customer FOR SELECT TO crm_staff
    USING (EXISTS (SELECT 1 FROM crm.approval_request r WHERE r.id = request_id));
GRANT SELECT ON crm.approval_request_customer TO crm_staff;
