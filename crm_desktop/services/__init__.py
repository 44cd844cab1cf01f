"""Domain logic: plain Python and SQLAlchemy/psycopg, never Qt.

The customer query engine (customer_query) compiles pseudo filters that other services own and
register when they are imported: a customer group's members (customer_groups) and the customers
behind a pivot cell (pivot). They are imported here so that both are registered before any
query is compiled, whichever screens were opened: a saved filter may name either.
"""

from crm_desktop.services import customer_groups, pivot  # noqa: F401  (registers their pseudo filters)
