CREATE OR REPLACE FUNCTION crm.customer_group_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE OLD.version + 1 END;
    RETURN NEW;
END
$$;

REVOKE ALL ON FUNCTION crm.customer_group_version() FROM PUBLIC;
