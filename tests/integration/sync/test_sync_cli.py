"""The operator commands, run as a person would: `kiosk token set`, `kiosk sync`, `kiosk queue
...`, and `kiosk portal-sim` as a real server process."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from kiosk.sync.outbox import Outbox

pytestmark = pytest.mark.portal


@pytest.fixture
def cli(sync_settings, kiosk_env):
    env = kiosk_env()

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kiosk", "--data-dir", str(sync_settings.data_dir), *args],
            input=stdin, env=env, capture_output=True, text=True, timeout=120,
        )

    run.env = env  # type: ignore[attr-defined]
    return run


def test_sync_without_a_token_says_what_to_do(cli, portal):
    done = cli("sync", "--once", "--portal", portal.url)
    assert done.returncode == 1
    assert "kiosk token set" in done.stderr and "no_credentials" in done.stderr


def test_token_sync_and_queue_commands(cli, portal, portal_token, sync_settings, make_dossier,
                                       sync_factory):
    set_token = cli("token", "set", stdin=portal_token + "\n")
    assert set_token.returncode == 0 and portal_token not in set_token.stdout
    status = cli("token", "status")
    assert status.returncode == 0 and "fingerprint" in status.stdout
    assert portal_token not in status.stdout
    outbox = Outbox.open(sync_settings)
    good, bad = make_dossier(), make_dossier(service_code="bad")
    outbox.enqueue(good)
    outbox.enqueue(bad)
    outbox.close()

    listed = cli("queue", "list")
    assert listed.returncode == 0 and good.local_code in listed.stdout
    assert "queued" in listed.stdout

    done = cli("sync", "--until-empty", "--timeout", "30", "--portal", portal.url)
    assert done.returncode == 0, done.stderr
    assert "sent=1" in done.stdout and "quarantined=1" in done.stdout
    assert [d["dossier_id"] for d in portal.dossiers()] == [good.dossier_id]

    rows = {r["code"]: r for r in json.loads(cli("queue", "list", "--json").stdout)["dossiers"]}
    assert rows[good.local_code]["state"] == "sent"
    assert rows[good.local_code]["official_code"].startswith("H26.22.01-")
    assert rows[bad.local_code]["state"] == "quarantined"
    assert "service_code" in rows[bad.local_code]["last_error"]

    shown = json.loads(cli("queue", "show", good.local_code).stdout)
    assert shown["attachments"][0]["uploaded"] is True
    everything = listed.stdout + done.stdout + done.stderr + json.dumps(shown)
    for secret in (sync_factory.SECRET_NAME, sync_factory.SECRET_ID_NUMBER):
        assert secret not in everything

    retried = cli("queue", "retry", bad.local_code)
    assert retried.returncode == 0 and "queued" in retried.stdout
    refused = cli("queue", "retry", good.local_code)
    assert refused.returncode == 1 and "invalid_state" in refused.stderr
    missing = cli("queue", "show", "NO-SUCH-CODE")
    assert missing.returncode == 1 and "unknown_dossier" in missing.stderr


def test_plain_http_portal_off_loopback_is_refused(cli, portal_token):
    cli("token", "set", stdin=portal_token + "\n")
    done = cli("sync", "--once", "--portal", "http://portal.example.vn")
    assert done.returncode == 1 and "insecure_portal" in done.stderr


def test_portal_sim_command_serves_the_protocol(cli, tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "portal-sim", "--port", "0", "--data",
         str(tmp_path / "sim"), "--key", "--token", "t-1", "--agency", "H26.99"],
        env=cli.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        url = line.split()[2]
        assert url.startswith("http://127.0.0.1:") and "key=yes" in line
        headers = {"Authorization": "Bearer t-1", "Kiosk-Id": "K1"}
        assert requests.get(f"{url}/v1/health", headers=headers, timeout=5).json()["status"] == "ok"
        key = requests.get(f"{url}/v1/keys/dossier", headers=headers, timeout=5).json()
        assert key["jwk"]["kty"] == "RSA" and "d" not in key["jwk"]
        bad = requests.get(f"{url}/v1/health", headers={"Authorization": "Bearer nope",
                                                        "Kiosk-Id": "K1"}, timeout=5)
        assert bad.status_code == 401
        assert Path(tmp_path / "sim" / "portal_key.jwk").stat().st_mode & 0o077 == 0
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
