"""The Customers list's page source: the engine seen as the keyset operations the paged list
model (ui) asks for."""

from __future__ import annotations

from dataclasses import dataclass, field

import psycopg

from crm_desktop.services.customer_query.columns import COLUMNS, DEFAULT_COLUMNS
from crm_desktop.services.customer_query.counting import count_up_to, estimate_count, exact_count
from crm_desktop.services.customer_query.filters import Node
from crm_desktop.services.customer_query.paging import Page, fetch_last_page, fetch_page
from crm_desktop.services.customer_query.query import CustomerQuery
from crm_desktop.services.customer_query.search import search_kind
from crm_desktop.services.customer_query.seeking import seek_fraction
from crm_desktop.services.tasks import TaskContext

LIST_COLUMNS: tuple[str, ...] = DEFAULT_COLUMNS
SMALL_SEARCH_COUNT = 5000     # a searched list up to this long is counted exactly with its first page
SORTABLE = frozenset(key for key, column in COLUMNS.items() if column.sortable)


def can_see_pool(info) -> bool:
    """Whether the public-pool toggle makes sense: scopes that include 公有客户 or whole branches."""
    return info.customer_scope in ("branch", "all") or info.can("admin_branch") or info.can("approve")


@dataclass(frozen=True)
class CustomerListSource:
    search: str = ""
    sort: str = "account_no"
    descending: bool = False
    public_pool_only: bool = False
    filter: Node | None = field(default=None, compare=False)
    columns: tuple[str, ...] = LIST_COLUMNS

    @property
    def query(self) -> CustomerQuery:
        return CustomerQuery(columns=self.columns, filter=self.filter, search=self.search,
                             sort=self.sort, descending=self.descending,
                             public_pool_only=self.public_pool_only)

    def estimate_count(self, conn: psycopg.Connection) -> int:
        return estimate_count(conn, self.query)

    def size(self, conn: psycopg.Connection) -> tuple[int, bool]:
        """(rows, exact?): a searched list is counted through the search's index, exactly up to
        SMALL_SEARCH_COUNT rows (the planner cannot estimate a name search: it said "about 201"
        for 377, 1 898 and 1 759 customers); above that, and for other lists, the estimate."""
        estimate = self.estimate_count(conn)
        if search_kind(self.search)[0] == "none":
            return estimate, False
        counted = count_up_to(conn, self.query, SMALL_SEARCH_COUNT)
        if counted <= SMALL_SEARCH_COUNT:
            return counted, True
        return max(estimate, counted), False

    def exact_count(self, conn: psycopg.Connection, ctx: TaskContext | None = None) -> int:
        return exact_count(conn, self.query, ctx)

    def first(self, conn: psycopg.Connection, limit: int) -> Page:
        return fetch_page(conn, self.query, limit=limit)

    def after(self, conn: psycopg.Connection, key: tuple, limit: int) -> Page:
        return fetch_page(conn, self.query, after=key, limit=limit)

    def before(self, conn: psycopg.Connection, key: tuple, limit: int) -> Page:
        return fetch_page(conn, self.query, before=key, limit=limit)

    def last(self, conn: psycopg.Connection, limit: int) -> Page:
        return fetch_last_page(conn, self.query, limit=limit)

    def seek(self, conn: psycopg.Connection, fraction: float, limit: int) -> Page:
        return seek_fraction(conn, self.query, fraction, limit=limit)
