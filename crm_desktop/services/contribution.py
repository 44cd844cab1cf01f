"""贡献度 and 利差 (FAQ 39), without Qt: how a customer's interest spread and contribution come
from the daily facts, month by month, on the staff member's own connection (RLS decides).

The counter delivers 利差 per customer and trading day (crm.customer_daily.interest_spread_cents:
what the brokerage earns on the customer's cash between the bank's rate and the rate it pays
the customer). Per month this shows its inputs: the trading days, the average daily cash
balance, the month's 利差, and the annual rate they imply (利差 ÷ Σ daily cash × 250 trading
days); then 贡献度 = 净佣金 × w1 + 利差 × w2 with HQ's weights (crm.contribution_weight), the
same function the targets and the pivot use (crm.contribution_cents).
"""

from __future__ import annotations

from decimal import Decimal

import psycopg
from psycopg.rows import dict_row

from crm_desktop.services.errors import as_refusal

TRADING_DAYS_A_YEAR = 250
MAX_MONTHS = 60


def spread_by_month(conn: psycopg.Connection, customer_id: int, months: int = 12) -> dict:
    """{'weights': {net_commission, interest_spread}, 'months': [{month, trading_days, avg_cash,
    interest_spread, implied_rate, net_commission, contribution}]} newest month first; amounts in
    yuan (Decimal), implied_rate a fraction (None without cash)."""
    months = max(1, min(int(months), MAX_MONTHS))
    try:
        with conn.cursor(row_factory=dict_row) as cur:
            weights = cur.execute("SELECT net_commission_weight AS net_commission, "
                                  "interest_spread_weight AS interest_spread FROM crm.contribution_weight").fetchone()
            rows = cur.execute(
                """WITH latest AS (SELECT max(f.trade_date) AS d FROM crm.customer_daily f WHERE f.customer_id = %(c)s)
                   SELECT date_trunc('month', f.trade_date)::date AS month, count(*) AS trading_days,
                          sum(f.cash_cents) AS cash_sum, sum(f.interest_spread_cents) AS spread,
                          sum(f.net_commission_cents) AS net_commission,
                          crm.contribution_cents(sum(f.net_commission_cents), sum(f.interest_spread_cents)) AS contribution
                     FROM crm.customer_daily f, latest
                    WHERE f.customer_id = %(c)s
                      AND f.trade_date >= date_trunc('month', latest.d) - make_interval(months => %(m)s - 1)
                    GROUP BY 1 ORDER BY 1 DESC""", {"c": customer_id, "m": months}).fetchall()
    except psycopg.Error as error:
        refusal = as_refusal(error)
        if refusal is None:
            raise
        raise refusal from None
    out = []
    for r in rows:
        cash_sum = Decimal(r["cash_sum"])
        out.append({"month": r["month"], "trading_days": r["trading_days"],
                    "avg_cash": cash_sum / r["trading_days"] / 100,
                    "interest_spread": Decimal(r["spread"]) / 100,
                    "implied_rate": (Decimal(r["spread"]) / cash_sum * TRADING_DAYS_A_YEAR) if cash_sum > 0 else None,
                    "net_commission": Decimal(r["net_commission"]) / 100,
                    "contribution": Decimal(r["contribution"]) / 100})
    return {"weights": weights, "months": out}
