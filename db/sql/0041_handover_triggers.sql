-- Issue #15: the per-row triggers on crm.relationship dominated a hand-over of 5 000 customers
-- (audit 4.8-6.2 s and relationship_sync_developer up to 7.6 s per statement at 200 000
-- customers). Both become statement-level triggers over transition tables; the audit rows and
-- the mirrored holders stay what the per-row triggers wrote.
DROP TRIGGER audit ON crm.relationship;
CREATE TRIGGER audit_insert AFTER INSERT ON crm.relationship
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.audit_statement('id');
CREATE TRIGGER audit_update AFTER UPDATE ON crm.relationship
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.audit_statement('id');
CREATE TRIGGER audit_delete AFTER DELETE ON crm.relationship
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.audit_statement('id');

DROP TRIGGER relationship_sync_developer ON crm.relationship;
CREATE TRIGGER relationship_sync_developer_insert AFTER INSERT ON crm.relationship
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.relationship_sync_developer();
CREATE TRIGGER relationship_sync_developer_update AFTER UPDATE ON crm.relationship
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.relationship_sync_developer();
CREATE TRIGGER relationship_sync_developer_delete AFTER DELETE ON crm.relationship
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm.relationship_sync_developer();

-- A transaction holding a row here has crm.relationship_sync_pivot leave the rollups alone, and
-- crm.relationship_sync_developer the holders of released customers: crm._apply_request
-- refreshes a hand-over's customers once after its two statements (the releases, the new
-- holders, one for every released customer) instead of after each. Only definer functions
-- (crm_owner) write it, for their own transaction.
CREATE TABLE crm.relationship_rollup_deferral (
    xact_id xid8 PRIMARY KEY DEFAULT pg_current_xact_id()
);
ALTER TABLE crm.relationship_rollup_deferral ENABLE ROW LEVEL SECURITY;
ALTER TABLE crm.relationship_rollup_deferral FORCE ROW LEVEL SECURITY;
-- No policy and no grant (definer functions only).
