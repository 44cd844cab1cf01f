"""The customer query engine behind the Customers tab (issue #4), without Qt.

Everything runs on the signed-in staff member's own connection, so row-level security decides
what is visible; nothing here filters by permission. A list is a :class:`query.CustomerQuery`:

    query = CustomerQuery(columns=("account_no", "name", "mobile"), search="13800138000",
                          filter=Group("and", [Condition("status", "eq", "normal")]),
                          sort="open_date", descending=True)
    page = paging.fetch_page(conn, query)                       # first page
    page = paging.fetch_page(conn, query, after=page.last_key)  # next page (keyset, never OFFSET)
    page = paging.fetch_page(conn, query, before=page.first_key)
    page = paging.fetch_last_page(conn, query)                  # Ctrl+End
    page = seeking.seek_fraction(conn, query, 0.5)              # scroll bar dragged to the middle
    counting.estimate_count(conn, query); counting.exact_count(conn, query, ctx)
    summary.summarize(conn, query, ["branch", "vip_level"], [("count", None), ("sum", "total_assets")])

One module per concern; each imports only the ones above it in this list (no module imports
this package's ``__init__``, and the engine imports no other service):

* ``columns``   the allow-list: column types, operators, joinable tables, every list column;
* ``values``    a typed filter value checked and converted to the value bound for a column;
* ``filters``   the filter tree (Condition / Group) and its JSON form;
* ``compile``   a filter tree to SQL with bound parameters; the pseudo-filter registry;
* ``search``    the quick search box;
* ``query``     CustomerQuery, its FROM / WHERE, the one-branch planner hint, running statements;
* ``ordering``  the sort as segments, keys, the whole list in order (export_statement);
* ``paging``    pages by keyset;
* ``counting``  estimates and counts;
* ``seeking``   the page at a fraction of the list (scroll bar);
* ``summary``   汇总统计 (GROUP BY over the list);
* ``words``     filters and coded values in words;
* ``latest``    rebuilding crm.customer_latest after a bulk load;
* ``list_source``   the Customers list model's page source;
* ``saved_filters`` named filters of each staff member (crm.saved_filter).

SQL safety: column expressions and operators come only from the allow-list (unknown ones raise
``CrmRefusal('invalid_input')``); every value is a bound parameter (``%(pN)s``).

Adding a customer column: one ``_col(...)`` entry in ``columns.COLUMN_LIST``. Its key names
it everywhere (list, filter builder, column chooser, summary, export, saved filters); `expr` is
trusted SQL over ``crm.customer c`` and the aliases of ``columns.JOINS``, `joins` the aliases it
needs (a new table gets a JOINS entry, its JOIN_PROBES entry and a place in JOIN_ORDER); `type`
picks the operators, how typed values are checked and how the export formats the cells; the
GUI's labels are `label_en` / `label_zh`. What a column may need besides:

* sorting over millions of customers reads an index on ``(sort expression, tiebreak)`` (the
  keyset seek; see db/sql/0002_customer_search.sql), so a sortable column gets one in a
  migration; a column of a few known values sorts by `sort_values` segments instead, a staff
  name through `group_table`;
* personal data: the masked column as `expr`, `personal` naming its field of
  crm.reveal_personal_data / crm.export_personal_data;
* coded values (status, gender) get their words in ``words.VALUE_LABELS``;
* tests/db/test_customer_queries.py checks filters and orders against a Python reference
  (FILTER_COLUMNS, REF_SORT): add the column there.

Adding a pseudo filter (a filter-only condition that another service owns, like the customers
of a customer group or of a pivot cell): in the owning module, write ``compile(condition,
params)`` (validate everything; bind every value with ``params.add``) and ``describe(condition,
lang)``, call ``compile.register_pseudo_filter(PseudoFilter(name, compile, describe))`` at
import, and import the module in ``crm_desktop/services/__init__.py`` so that it is registered
before any query is compiled (a saved filter may name it before its screen was ever opened).
"""
