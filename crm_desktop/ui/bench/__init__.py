"""The benchmarks that need real widgets (`crm-admin bench startup`, `crm-admin bench scroll`).
The others are Qt-free and live in `crm_desktop.tools.bench`. The caller passes the demo
password: the GUI does not depend on the demo generator."""
