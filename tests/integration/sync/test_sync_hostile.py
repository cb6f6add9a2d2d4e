"""The outbox against hostile portals, over real HTTP on loopback (portal-sim's hostile
modes): answers that name another dossier, answers that trickle in a byte at a time, answers
too large to hold, a 429 followed by a crash, refused certificates."""

from __future__ import annotations

import dataclasses
import ssl
import subprocess
import sys
import time
from typing import Any

import pytest

from kiosk.portal_sim.server import PortalSim
from kiosk.sync.client import PortalClient, PortalConnectionError
from kiosk.sync.credentials import StaticCredentials
from kiosk.sync.outbox import Outbox
from kiosk.sync.worker import HOLD
from tests.integration.sync.test_sync_tls import make_pki

pytestmark = pytest.mark.portal


@pytest.mark.parametrize("lie", ["lie-id", "lie-noid", "lie-service"])
def test_an_answer_naming_another_dossier_is_not_a_delivery(
        lie, start_portal, portal_settings, make_worker, make_dossier):
    portal = start_portal(faults=f"{lie}=1")
    settings = dataclasses.replace(portal_settings, portal_url=portal.url)
    outbox = Outbox.open(settings)
    dossier = make_dossier()
    outbox.enqueue(dossier)
    alerts: list[str] = []
    worker = make_worker(settings, outbox=outbox, on_alert=alerts.append)
    report = worker.run_once()
    entry = outbox.get(dossier.local_code)
    assert report.sent == 0 and report.mismatched == 1
    assert entry.state == "quarantined" and entry.official_code is None
    assert entry.last_error and "does not confirm this dossier" in entry.last_error
    assert alerts == ["portal_mismatch"]
    assert set(outbox.blob_names_in_use()) >= {entry.payload_blob}  # everything kept
    assert portal.dossiers() == []  # the liar acted on nothing
    # The technician is told, by `kiosk doctor` and the admin queue page.
    from kiosk.doctor.sync_checks import check_queue

    queue = check_queue(settings)
    assert queue.status == "WARN" and "named another dossier" in queue.detail
    # Once the portal answers truthfully, the admin's retry delivers it, once.
    portal.set_faults(None)
    outbox.retry(dossier.local_code)
    assert worker.run_until_empty(10)
    assert [d["dossier_id"] for d in portal.dossiers()] == [dossier.dossier_id]
    assert outbox.get(dossier.local_code).official_code == portal.dossiers()[0]["official_code"]
    outbox.close()


def test_a_status_answer_about_another_dossier_is_ignored(
        portal, portal_settings, make_worker, make_dossier, outbox):
    dossier = make_dossier()
    outbox.enqueue(dossier)
    alerts: list[str] = []
    worker = make_worker(portal_settings, outbox=outbox, on_alert=alerts.append)
    assert worker.run_until_empty(10)
    sent = outbox.get(dossier.local_code)
    portal.set_faults("lie-id=1")  # every status lookup: "completed", for someone else
    deadline = time.monotonic() + 5
    while not alerts and time.monotonic() < deadline:
        worker.run_once()
        time.sleep(0.05)
    after = outbox.get(dossier.local_code)
    assert alerts and alerts[0] == "portal_mismatch"
    assert after.state == "sent" and after.portal_status != "completed"  # not acknowledged
    assert after.official_code == sent.official_code
    assert after.payload_blob in outbox.blob_names_in_use()  # blobs not freed


def test_a_trickling_answer_cannot_hold_a_pass_past_its_deadline(
        start_portal, portal_settings, make_worker, make_dossier):
    portal = start_portal(faults="trickle=1:0.4s")  # a read timeout (1 s) never fires
    settings = dataclasses.replace(portal_settings, portal_url=portal.url,
                                   portal_request_deadline_s=60.0)
    outbox = Outbox.open(settings)
    outbox.enqueue(make_dossier())
    worker = make_worker(settings, outbox=outbox)
    started = time.monotonic()
    report = worker.run_once(deadline=time.monotonic() + 2.0)
    took = time.monotonic() - started
    assert took < 2.0 + 1.5, took  # the pass's deadline, plus recording where it stopped
    assert report.sent == 0 and outbox.counts() == {"queued": 1}
    assert "no complete answer within" in (worker.client.last_error or "")
    outbox.close()


def test_every_request_has_a_total_deadline(start_portal, portal_settings, make_dossier):
    portal = start_portal(faults="trickle=1:0.3s")
    client = PortalClient(portal.url, "KIOSK-T", StaticCredentials("itest-device-token"),
                          connect_timeout_s=1.0, read_timeout_s=1.0, request_deadline_s=1.5)
    started = time.monotonic()
    with pytest.raises(PortalConnectionError) as caught:
        client.health()  # about 100 bytes at 0.3 s each: 30 s without a total deadline
    assert time.monotonic() - started < 1.5 + 1.0
    assert "no complete answer within" in str(caught.value)
    client.close()


def test_sync_once_ends_within_its_timeout(start_portal, sync_settings, make_dossier,
                                           kiosk_env):
    portal = start_portal(faults="trickle=1:0.5s")  # each byte within the 1 s read timeout
    outbox = Outbox.open(sync_settings)
    outbox.enqueue(make_dossier())
    outbox.close()
    env = kiosk_env(portal_read_timeout_s="1")
    _kiosk(sync_settings, env, "token", "set", stdin="itest-device-token\n")
    started = time.monotonic()
    done = _kiosk(sync_settings, env, "sync", "--once", "--timeout", "3", "--portal", portal.url)
    took = time.monotonic() - started
    assert took < 3 + 6, took  # + interpreter start-up; without a deadline: forever
    assert "Traceback" not in done.stderr
    assert "no complete answer" in done.stderr


def test_a_huge_answer_is_refused_without_holding_it(start_portal, sync_settings, make_dossier,
                                                    kiosk_env):
    honest = start_portal()
    huge = start_portal(faults="huge=1:200MB")
    outbox = Outbox.open(sync_settings)
    dossier = make_dossier()
    outbox.enqueue(dossier)
    outbox.close()
    env = kiosk_env(portal_read_timeout_s="1")
    _kiosk(sync_settings, env, "token", "set", stdin="itest-device-token\n")

    def peak_mb(url: str) -> float:
        # The command measures its own peak memory.
        probe = ("import resource, sys; from kiosk.cli import main; "
                 "rc = main(sys.argv[1:]); "
                 "print('maxrss_kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); "
                 "sys.exit(rc)")
        done = subprocess.run(
            [sys.executable, "-c", probe, "--data-dir", str(sync_settings.data_dir), "sync",
             "--once", "--timeout", "30", "--portal", url],
            env=env, capture_output=True, text=True, timeout=120, check=False)
        assert "Traceback" not in done.stderr, done.stderr
        return int(done.stdout.split("maxrss_kb")[1].split()[0]) / 1024

    with_huge = peak_mb(huge.url)
    with Outbox.open(sync_settings) as box:
        assert box.get(dossier.local_code).state == "queued"  # nothing taken as sent
    baseline = peak_mb(honest.url)  # the same command, a portal that answers normally
    print(f"peak {with_huge:.0f} MB with a 200 MB answer, {baseline:.0f} MB without")
    assert with_huge < baseline + 20, (with_huge, baseline)  # +200 MB when it was read


def test_retry_after_survives_a_crash_right_after_the_429(
        start_portal, portal_settings, make_worker, make_dossier, outbox):
    portal = start_portal(faults="429=1:retry-after=30")
    settings = dataclasses.replace(portal_settings, portal_url=portal.url)
    outbox.enqueue(make_dossier())

    class Crash(BaseException):
        pass

    crashing = make_worker(settings, outbox=outbox)

    def crash(*_: Any, **__: Any) -> None:
        raise Crash  # the power goes the moment the worker reacts to the 429

    crashing._portal_failed = crash  # type: ignore[method-assign]
    crashing._go_offline = crash  # type: ignore[method-assign]
    with pytest.raises(Crash):
        crashing.run_once()
    crashing.lock.release()
    asked = len(portal.requests())
    assert asked >= 1 and portal.requests()[-1].status == 429
    assert (outbox.device_value(HOLD) or {}).get("until", 0) > time.time() + 20  # on disk
    restarted = make_worker(settings, outbox=outbox)
    restarted.run_once()
    time.sleep(0.3)
    restarted.run_once()
    assert len(portal.requests()) == asked  # nothing sent during the wait


def test_a_refused_certificate_says_which_check_failed(tmp_path, sync_settings, kiosk_env,
                                                       make_dossier):
    # The portal's certificate is issued by a CA this kiosk was not told about.
    pki = make_pki(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pki["server"], pki["server_key"])
    sim = PortalSim(tmp_path / "portal", tokens=["itest-device-token"], key=True, tls=context)
    sim.start()
    try:
        outbox = Outbox.open(sync_settings)
        outbox.enqueue(make_dossier())
        outbox.close()
        env = kiosk_env(portal_read_timeout_s="1")
        _kiosk(sync_settings, env, "token", "set", stdin="itest-device-token\n")
        done = _kiosk(sync_settings, env, "sync", "--once", "--portal", sim.url)
        assert "certificate verify failed" in done.stderr, done.stderr
        doctor = _kiosk(sync_settings, {**env, "KIOSK_PORTAL_URL": sim.url}, "doctor")
        assert "certificate verify failed" in doctor.stdout + doctor.stderr
        missing = _kiosk(sync_settings, {**env, "KIOSK_PORTAL_CA_BUNDLE": "/nonexistent"},
                         "sync", "--once", "--portal", sim.url)
        assert missing.returncode == 1 and "Traceback" not in missing.stderr
        assert "portal_settings" in missing.stderr and "/nonexistent" in missing.stderr
        assert sim.requests() == []
    finally:
        sim.stop()




def _kiosk(settings: Any, env: dict[str, str], *args: str,
           stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--data-dir", str(settings.data_dir), *args],
        input=stdin, env=env, capture_output=True, text=True, timeout=120, check=False)
