"""Operator tools beside the product: the demo data generator (`crm-admin demo seed`, and the
first start of the embedded default) and the benchmarks (`crm-admin bench ...`).

They use `services` and `db` like any other client; nothing in `services` or `db` imports them
(the import contract in pyproject.toml, checked by tests/unit/test_import_contracts.py). The
benchmarks that drive real widgets live on the GUI side, in `crm_desktop.ui.bench`.
"""
