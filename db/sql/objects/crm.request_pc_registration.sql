-- The gate (crm_gate, before anyone signs in) records that this PC asks to be registered for a
-- login (FAQ 27, 28): its MACs, host name and OS user. It answers nothing, whether the login
-- exists or not, and whether or not a limit dropped the request: per login 3 and per MAC 5 an
-- hour, 120 a minute in all (a flood fills nothing). Bad input is refused in words, the same for
-- every login: names of at most 63, host and OS user of at most 255 characters without control
-- or invisible direction characters, 1 to 16 MAC addresses.
CREATE OR REPLACE FUNCTION crm.request_pc_registration(p_login text, p_macs text[], p_hostname text, p_os_user text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, crm, pg_temp AS $$
DECLARE
    v_hidden constant text := '[[:cntrl:]\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]';
    v_login text := lower(btrim(p_login));
    v_macs text[];
    v_mac text;
    v_staff crm.staff;
BEGIN
    IF v_login IS NULL OR v_login = '' OR length(v_login) > 63 OR v_login ~ v_hidden THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the login must be 1 to 63 visible characters';
    END IF;
    IF p_hostname IS NULL OR btrim(p_hostname) = '' OR length(p_hostname) > 255 OR p_hostname ~ v_hidden THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the host name must be 1 to 255 visible characters';
    END IF;
    IF p_os_user IS NULL OR btrim(p_os_user) = '' OR length(p_os_user) > 255 OR p_os_user ~ v_hidden THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the OS user must be 1 to 255 visible characters';
    END IF;
    IF p_macs IS NULL OR cardinality(p_macs) NOT BETWEEN 1 AND 16 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a registration needs 1 to 16 MAC addresses';
    END IF;
    FOREACH v_mac IN ARRAY p_macs LOOP
        IF v_mac IS NULL OR length(v_mac) > 32 OR crm.normalize_mac(v_mac) IS NULL
           OR crm.normalize_mac(v_mac) = '00:00:00:00:00:00' THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format(
                '"%s" is not a MAC address (expected six hex pairs, e.g. 00-1A-2B-3C-4D-5E)', left(v_mac, 32));
        END IF;
        v_macs := array_append(v_macs, crm.normalize_mac(v_mac));
    END LOOP;
    SELECT array_agg(DISTINCT m ORDER BY m) INTO v_macs FROM unnest(v_macs) m;

    -- Serialises the limit checks (two requests at once cannot both pass a limit).
    PERFORM pg_advisory_xact_lock(hashtext('crm.request_pc_registration'));
    IF (SELECT count(*) FROM crm.pc_registration_request
         WHERE requested_at > now() - interval '1 minute') >= 120
       OR (SELECT count(*) FROM crm.pc_registration_request
            WHERE login = v_login AND requested_at > now() - interval '1 hour') >= 3
       OR (SELECT count(*) FROM crm.pc_registration_request
            WHERE macs && v_macs AND requested_at > now() - interval '1 hour') >= 5 THEN
        RETURN;
    END IF;

    SELECT * INTO v_staff FROM crm.staff s WHERE s.login = v_login;
    -- The same PC asking again for the same login: one pending request, refreshed.
    UPDATE crm.pc_registration_request r
       SET requested_at = now(), hostname = p_hostname, os_user = p_os_user
     WHERE r.login = v_login AND r.macs = v_macs AND r.status = 'pending';
    IF NOT FOUND THEN
        INSERT INTO crm.pc_registration_request (login, staff_id, branch_id, macs, hostname, os_user)
        VALUES (v_login, v_staff.id, v_staff.branch_id, v_macs, p_hostname, p_os_user);
    END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION crm.request_pc_registration(text, text[], text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm.request_pc_registration(text, text[], text, text) TO crm_gate;
COMMENT ON FUNCTION crm.request_pc_registration(text, text[], text, text) IS
    'Gate: this PC asks to be registered for a login (issue #17); rate-limited, answers nothing';
