"""`kiosk doctor` against the reference portal over loopback HTTP: reachable, token accepted
or refused, clock skew from the portal's Date header, and the CLI end to end."""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from email.utils import formatdate
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import Settings, load
from kiosk.doctor.checks import FAIL, OK, WARN, CheckResult
from kiosk.doctor.sync_checks import check_portal
from kiosk.portal_sim.server import PortalSim
from kiosk.sync.credentials import StaticCredentials

pytestmark = pytest.mark.portal

TOKEN = "doctor-itest-token"


@pytest.fixture
def start_portal(tmp_path: Path) -> Iterator[Callable[..., PortalSim]]:
    started: list[PortalSim] = []

    def start(**kwargs: Any) -> PortalSim:
        kwargs.setdefault("tokens", [TOKEN])
        kwargs.setdefault("key", True)
        sim = PortalSim(tmp_path / f"portal-{len(started)}", **kwargs)
        sim.start()
        started.append(sim)
        return sim

    yield start
    for sim in started:
        sim.stop()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load(tmp_path / "none.toml", {}, data_dir=tmp_path / "data",
                portal_connect_timeout_s=2.0, portal_read_timeout_s=5.0)


def _by_name(results: list[CheckResult]) -> dict[str, CheckResult]:
    return {r.name: r for r in results}


def _at(settings: Settings, sim: PortalSim) -> Settings:
    return dataclasses.replace(settings, portal_url=sim.url)


def test_healthy_portal_accepted_token_and_clock(start_portal: Callable[..., PortalSim],
                                                 settings: Settings) -> None:
    sim = start_portal()
    checks = _by_name(check_portal(_at(settings, sim), StaticCredentials(TOKEN)))
    assert checks["portal"].status == OK and "healthy" in checks["portal"].detail
    assert checks["token"].status == OK and "accepted" in checks["token"].detail
    assert checks["clock"].status == OK
    assert TOKEN not in json.dumps([r.as_dict() for r in checks.values()])
    # The token really went over the wire: the key request was authenticated.
    assert [r.status for r in sim.requests("GET", "/v1/keys/dossier")] == [200]


def test_wrong_token_fails_with_the_hint(start_portal: Callable[..., PortalSim],
                                         settings: Settings) -> None:
    sim = start_portal()
    checks = _by_name(check_portal(_at(settings, sim), StaticCredentials("not-the-token")))
    assert checks["portal"].status == OK  # it answers: the problem is the token
    token = checks["token"]
    assert token.status == FAIL and "401" in token.detail
    assert "kiosk token set" in token.hint
    assert checks["clock"].status == OK  # the Date header comes with the 401 too


def test_no_token_fails(start_portal: Callable[..., PortalSim], settings: Settings) -> None:
    class NoToken:
        def device_token(self) -> str:
            from kiosk.sync.errors import CredentialsError

            raise CredentialsError("none")

        def client_cert_password(self) -> None:
            return None

    sim = start_portal()
    token = _by_name(check_portal(_at(settings, sim), NoToken()))["token"]
    assert token.status == FAIL and "no device token" in token.detail
    assert "kiosk token set" in token.hint


@pytest.mark.parametrize(("skew_s", "status"), [(120.0, WARN), (-900.0, FAIL), (3600.0, FAIL)])
def test_skewed_portal_date(start_portal: Callable[..., PortalSim], settings: Settings,
                            monkeypatch: pytest.MonkeyPatch, skew_s: float, status: str) -> None:
    from kiosk.portal_sim import server as portal_sim

    # The portal's clock is off by skew_s: this kiosk is -skew_s from it.
    monkeypatch.setattr(portal_sim._Handler, "date_time_string",
                        lambda self, timestamp=None: formatdate(time.time() + skew_s,
                                                                usegmt=True))
    sim = start_portal()
    clock = _by_name(check_portal(_at(settings, sim), StaticCredentials(TOKEN)))["clock"]
    assert clock.status == status, clock
    assert ("behind" if skew_s > 0 else "ahead") in clock.detail
    shown = float(clock.detail.split(" s ", 1)[0])  # the Date header has whole seconds
    assert abs(shown - abs(skew_s)) <= 2.0


def test_portal_without_key_warns_when_encryption_is_required(
        start_portal: Callable[..., PortalSim], settings: Settings) -> None:
    sim = start_portal(key=False)
    token = _by_name(check_portal(_at(settings, sim), StaticCredentials(TOKEN)))["token"]
    assert token.status == WARN and "no encryption key" in token.detail
    relaxed = dataclasses.replace(_at(settings, sim), require_encryption=False)
    assert _by_name(check_portal(relaxed, StaticCredentials(TOKEN)))["token"].status == OK


def test_unreachable_portal(settings: Settings) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    down = dataclasses.replace(settings, portal_url=f"http://127.0.0.1:{port}")
    checks = _by_name(check_portal(down, StaticCredentials(TOKEN)))
    assert checks["portal"].status == WARN and "unreachable" in checks["portal"].detail
    assert checks["token"].status == WARN and checks["clock"].status == WARN


def test_doctor_cli_with_the_keyring_token(start_portal: Callable[..., PortalSim],
                                           tmp_path: Path) -> None:
    sim = start_portal()
    env = {**os.environ,
           "PYTHON_KEYRING_BACKEND": "kiosk.sync.credentials.FileKeyring",
           "KIOSK_KEYRING_FILE": str(tmp_path / "keyring.json"),
           "KIOSK_CONFIG": str(tmp_path / "none.toml"),
           "KIOSK_PORTAL_URL": sim.url}
    data = tmp_path / "data"

    def kiosk(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data), *args],
                              input=stdin, env=env, capture_output=True, text=True,
                              timeout=120, check=False)

    def doctor() -> dict[str, dict[str, str]]:
        out = kiosk("doctor", "--json")
        report = json.loads(out.stdout)
        assert out.returncode == (0 if report["ok"] else 1)
        return {c["name"]: c for c in report["checks"]}

    before = doctor()
    assert before["token"]["status"] == FAIL and "kiosk token set" in before["token"]["hint"]
    assert before["keyring"]["status"] == OK
    assert kiosk("token", "set", stdin="wrong-token\n").returncode == 0
    refused = doctor()["token"]
    assert refused["status"] == FAIL and "401" in refused["detail"]
    assert kiosk("token", "set", stdin=TOKEN + "\n").returncode == 0
    after = doctor()
    assert after["token"]["status"] == OK and after["portal"]["status"] == OK
    assert after["clock"]["status"] == OK and after["logs"]["status"] == OK
