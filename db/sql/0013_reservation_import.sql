-- 预约 import (issue #18, item 12): one open reservation per person and branch.
--
-- A person is "the same" when the branch and the normalised name are equal and the normalised
-- ID number or the normalised mobile is equal (the matcher's rule, DESIGN.md §4). Two unique
-- partial indexes make PostgreSQL refuse a second open reservation for them, whoever registers
-- it and however many imports run at once: a single registration gets unique_violation (23505,
-- which the client words as "already has an open reservation"), an import inserts with ON
-- CONFLICT DO NOTHING and reports the rows that were skipped as duplicates. The indexes see every
-- staff member's reservations although RLS shows a marketer only their team's: telling "someone
-- already registered this person here" is the point, and nothing else about that row is revealed.
--
-- Reservations already open twice are resolved first: the oldest stays open, the later ones are
-- withdrawn with reason 'duplicate' (run as the migrating superuser, so RLS does not hide rows).

WITH ranked AS (
    SELECT r.id, first_value(r.id) OVER w AS kept, row_number() OVER w AS n
      FROM crm.reservation r
     WHERE r.status = 'open' AND r.id_no_norm IS NOT NULL
    WINDOW w AS (PARTITION BY r.branch_id, r.name_norm, r.id_no_norm ORDER BY r.id))
UPDATE crm.reservation r
   SET status = 'withdrawn', reason = 'duplicate', reason_detail = format('duplicate of reservation %s', k.kept),
       decided_at = now()
  FROM ranked k
 WHERE r.id = k.id AND k.n > 1;

WITH ranked AS (
    SELECT r.id, first_value(r.id) OVER w AS kept, row_number() OVER w AS n
      FROM crm.reservation r
     WHERE r.status = 'open' AND r.mobile_norm IS NOT NULL
    WINDOW w AS (PARTITION BY r.branch_id, r.name_norm, r.mobile_norm ORDER BY r.id))
UPDATE crm.reservation r
   SET status = 'withdrawn', reason = 'duplicate', reason_detail = format('duplicate of reservation %s', k.kept),
       decided_at = now()
  FROM ranked k
 WHERE r.id = k.id AND k.n > 1;

CREATE UNIQUE INDEX reservation_open_person_id_no_key ON crm.reservation (branch_id, name_norm, id_no_norm)
    WHERE status = 'open' AND id_no_norm IS NOT NULL;
CREATE UNIQUE INDEX reservation_open_person_mobile_key ON crm.reservation (branch_id, name_norm, mobile_norm)
    WHERE status = 'open' AND mobile_norm IS NOT NULL;
