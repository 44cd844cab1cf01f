-- Customer detail under load (issue #16): the per-customer fact policies probe the customer by
-- its key instead of hashing every visible customer.
--
-- `customer_id IN (SELECT c.id FROM crm.customer c)` is planned as a hashed SubPlan: the whole
-- set of customers the caller sees (every customer of a director's team; the branch's for a
-- marketing login with unassigned pool customers) is read and hashed for each query -- and on
-- the date-partitioned crm.customer_daily once per partition holding a row of the customer, since
-- each partition's scan carries its own copy of the policy. A detail window reads one
-- customer's 60 trading days: 60 hash builds, 2.4 s for a marketing login and 6.4 s for a
-- director on the 200 000-customer demo (one year at 2 M customers: ~250 builds of a 10x larger
-- set). The EXISTS form lets the planner choose per scan (an AlternativeSubPlan): a key probe
-- into crm.customer (under its own RLS) where few rows are read, the hashed set where many are,
-- so the pivots over many facts keep their plan. Who sees what does not change: the same
-- customers pass, decided by crm.customer's policy.
ALTER POLICY customer_daily_read ON crm.customer_daily USING (
    (SELECT crm.current_staff_id()) IS NOT NULL
    AND branch_id = ANY ((SELECT crm.my_visible_branch_ids())::smallint[])
    AND ((SELECT crm.my_scope() = 'all')
         OR branch_id = ANY ((SELECT crm.my_scope_branch_ids())::smallint[])
         OR EXISTS (SELECT FROM crm.customer c WHERE c.id = customer_daily.customer_id)));

ALTER POLICY relationship_read ON crm.relationship USING (
    (SELECT crm.current_staff_id()) IS NOT NULL
    AND branch_id = ANY ((SELECT crm.my_visible_branch_ids())::smallint[])
    AND ((SELECT crm.my_scope() = 'all')
         OR branch_id = ANY ((SELECT crm.my_scope_branch_ids())::smallint[])
         OR EXISTS (SELECT FROM crm.customer c WHERE c.id = relationship.customer_id)));

ALTER POLICY visit_read ON crm.visit USING (
    (SELECT crm.current_staff_id()) IS NOT NULL
    AND branch_id = ANY ((SELECT crm.my_visible_branch_ids())::smallint[])
    AND ((SELECT crm.my_scope() = 'all')
         OR branch_id = ANY ((SELECT crm.my_scope_branch_ids())::smallint[])
         OR EXISTS (SELECT FROM crm.customer c WHERE c.id = visit.customer_id)));
