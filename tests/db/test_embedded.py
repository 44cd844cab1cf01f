"""The embedded server: two processes starting it at once on a fresh CRM_HOME both succeed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from crm_desktop.db import embedded

START = """
import json, warnings
warnings.simplefilter("ignore")
from crm_desktop.db import bootstrap, migrations
t = bootstrap.target()
print(json.dumps({"url": t.admin_url, "rev": migrations.current_revision(t.admin_url), "gate": bool(t.gate_password)}))
"""


@pytest.mark.skipif(bool(os.environ.get("CRM_DATABASE_URL")), reason="tests run against an external server")
def test_two_processes_start_a_fresh_server_at_once():
    home = Path(tempfile.mkdtemp(prefix="crmrace-"))
    env = dict(os.environ, CRM_HOME=str(home))
    try:
        procs = [subprocess.Popen([sys.executable, "-c", START], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err[-2000:]
            results.append(json.loads(out.strip().splitlines()[-1]))
        assert results[0]["url"] == results[1]["url"]
        from crm_desktop.db import migrations
        assert {r["rev"] for r in results} == {migrations.head_revision()} and all(r["gate"] for r in results)
    finally:
        embedded.stop(home)
        subprocess.run(["rm", "-rf", str(home)], check=False)
