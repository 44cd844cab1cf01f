"""`crm-admin bench WHAT`: one module per benchmark, each with a function named like the verb
(`rls.rls`, `customers.customers`, ...) that prints figures and returns them; none asserts a
time. `connections` holds what they share. The GUI benchmarks (startup, scroll) are in
`crm_desktop.ui.bench`.
"""
