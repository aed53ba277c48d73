"""The run's own temporary Prefect API (flows/prefect_api.py): started only where Prefect would start
an ephemeral one, answers like it, and is gone when stopped."""

from __future__ import annotations

import os
import subprocess
import sys

from flows import prefect_api


def test_started_only_without_a_configured_api(tmp_path):
    home = {"PREFECT_HOME": str(tmp_path)}
    assert prefect_api.wanted(home, prefect_imported=False)
    assert not prefect_api.wanted(home, prefect_imported=True)  # settings already read: too late
    assert not prefect_api.wanted({**home, "PREFECT_API_URL": "http://127.0.0.1:4200/api"}, prefect_imported=False)
    assert not prefect_api.wanted({**home, "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "false"}, prefect_imported=False)
    (tmp_path / "profiles.toml").write_text(
        'active = "local"\n[profiles.local]\nPREFECT_API_URL = "http://127.0.0.1:4200/api"\n')
    assert not prefect_api.wanted(home, prefect_imported=False)
    (tmp_path / "profiles.toml").write_text('active = "ephemeral"\n[profiles.ephemeral]\n'
                                            'PREFECT_SERVER_ALLOW_EPHEMERAL_MODE = "true"\n')
    assert prefect_api.wanted(home, prefect_imported=False)


def test_temporary_api_answers_then_stops(tmp_path):
    script = (
        "import os, urllib.request\n"
        "from flows import prefect_api\n"
        "api = prefect_api.start()\n"
        "assert os.environ['PREFECT_API_URL'] == api.url\n"
        "api.wait(180)\n"
        "print(urllib.request.urlopen(api.url + '/health').status, api.proc.pid)\n"
        "api.stop()\n"
        "print(api.proc.poll() is not None)\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    status, _ = out.stdout.split("\n")[0].split()
    assert status == "200"
    assert out.stdout.split("\n")[1] == "True"
