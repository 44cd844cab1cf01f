-- crm.sms_issue_recipients takes the customer to start after (p_after), so that each chunk of an
-- issue's fan-out starts where the last one ended (and takes at most p_limit); the two-argument
-- form goes.
DROP FUNCTION crm.sms_issue_recipients(smallint, text);
