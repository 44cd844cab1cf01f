-- 短信 SMS to reservations (预约) about to expire (issue #14: 今日提醒 lists them "with the same send
-- action"). A prospect has no customer record yet, so a message goes to a customer or to a
-- reservation, never both: crm.sms_queue writes reservation messages with the reservation's own
-- mobile, charged to the reservation's branch (see crm.sms_reservation_recipients).
ALTER TABLE crm.sms_message ALTER COLUMN customer_id DROP NOT NULL;
ALTER TABLE crm.sms_message ADD COLUMN reservation_id bigint;
-- No foreign key: the owner may still delete an open reservation after messaging it, and the
-- outbox keeps what was sent (the log then shows the message without a name).
ALTER TABLE crm.sms_message ADD CONSTRAINT sms_message_one_recipient
    CHECK ((customer_id IS NULL) <> (reservation_id IS NULL));
CREATE INDEX sms_message_reservation_idx ON crm.sms_message (reservation_id, queued_at DESC, id DESC)
    WHERE reservation_id IS NOT NULL;
GRANT SELECT (reservation_id) ON crm.sms_message TO crm_staff;

INSERT INTO crm.sms_template (code, name_zh, name_en, body, sort) VALUES
    ('reservation_expiring', '预约到期提醒', 'Reservation expiring',
     '尊敬的{姓名}{称呼}：您在{营业部}的开户预约即将到期，欢迎尽快前来办理开户。如有疑问请联系客户经理{员工}。', 3);
UPDATE crm.sms_template SET sort = 4 WHERE code = 'free';
-- crm.sms_preview gains the recipient source (customers or reservations) that crm.sms_queue
-- already takes: a fourth parameter with a default would make three-argument calls ambiguous.
DROP FUNCTION crm.sms_preview(bigint[], text, integer);
