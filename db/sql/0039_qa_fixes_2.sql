-- Fixes from the second QA walk. Runs as crm_owner.

-- crm.request_handover takes the customers to leave out (p_leave_out): the six-argument form
-- goes; calls with six arguments or fewer reach the new one through its defaults.
DROP FUNCTION crm.request_handover(text, text, text, date, bigint[], text);
