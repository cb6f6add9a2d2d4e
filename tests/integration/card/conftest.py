"""The real PC/SC stack for the card tests: pcscd + the vsmartcard vpcd driver + our virtual card.

pcscd loads the vpcd driver through /etc/reader.conf.d/vpcd (package vsmartcard-vpcd), which
creates the readers "Virtual PCD 00 00" (TCP 35963) and "Virtual PCD 00 01" (TCP 35964) and
waits there for a virtual card. A running pcscd (systemd socket activation, or one a developer
started) is reused; otherwise this starts `pcscd --foreground --auto-exit` itself (it needs
root to create /run/pcscd; --auto-exit makes it go away 60 s after the last client even if
this process is killed) and restarts it between tests if it has auto-exited.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kiosk.devices.card.apdu import CardError
from kiosk.devices.card.pcsc_reader import list_readers, wait_for_card
from kiosk.devices.simulator.citizens import CitizenRecord, demo_citizen
from kiosk.devices.simulator.virtual_card import VirtualCard, VirtualCardOptions
from kiosk.devices.simulator.vpcd_client import VpcdClient

READER = "Virtual PCD 00 00"
PORT = 35963
VPCD_CONF = Path("/etc/reader.conf.d/vpcd")
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")


def _readers() -> list[str] | None:
    """The readers pcscd lists, or None when the service is not there."""
    try:
        return list_readers()
    except CardError:
        return None


def _bounded_wait(present: bool, timeout_s: float) -> bool | None:
    """wait_for_card on a helper thread; None when pcscd did not answer by the deadline."""
    outcome: list[bool] = []

    def run() -> None:
        with contextlib.suppress(CardError):
            outcome.append(wait_for_card(READER, timeout_s, present=present))

    waiter = threading.Thread(target=run, name="pcsc-settle", daemon=True)
    waiter.start()
    waiter.join(timeout_s + 3.0)
    if waiter.is_alive():
        return None
    return outcome[0] if outcome else False


@dataclass
class PcscStack:
    started: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    def ensure(self) -> None:
        readers = _readers()
        if readers is None:
            self._start()
            readers = self._wait_readers()
        if READER not in readers:
            pytest.fail(f"pcscd runs but lists {readers!r}, not {READER!r}: the vpcd driver is "
                        f"not loaded (is {VPCD_CONF} present? restart pcscd after installing "
                        "vsmartcard-vpcd)")

    def _start(self) -> None:
        if self.started is not None and self.started.poll() is None:
            return
        pcscd = shutil.which("pcscd") or "/usr/sbin/pcscd"
        if not Path(pcscd).exists():
            pytest.skip("pcscd is not installed (Debian package pcscd)")
        if not VPCD_CONF.exists() or not VPCD_DRIVER.exists():
            pytest.skip("the vpcd driver is not installed (Debian package vsmartcard-vpcd)")
        if os.geteuid() != 0:
            pytest.skip("pcscd is not running and starting it needs root "
                        "(run `sudo systemctl start pcscd.socket` or `sudo pcscd`)")
        self.log = Path(os.environ.get("TMPDIR", "/tmp")) / "kiosk-test-pcscd.log"
        with self.log.open("ab") as out:
            self.started = subprocess.Popen([pcscd, "--foreground", "--auto-exit"],
                                            stdout=out, stderr=subprocess.STDOUT)

    def _wait_readers(self) -> list[str]:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            readers = _readers()
            if readers:
                return readers
            if self.started is not None and self.started.poll() is not None:
                break
            time.sleep(0.1)
        detail = self.log.read_text(errors="replace")[-2000:] if self.log else ""
        pytest.fail(f"pcscd did not come up with readers within 10 s; its log:\n{detail}")

    def recover(self) -> None:
        """pcscd stopped answering (seen after a card vanished mid-exchange): restart ours."""
        if self.started is None:
            pytest.fail("the system pcscd stopped answering; restart it "
                        "(`systemctl restart pcscd`) and run again")
        self.stop()
        self.started = None
        self.ensure()

    def settle(self, *, present: bool, timeout_s: float = 5.0) -> bool:
        """wait_for_card, bounded: pcscd has been seen to stop answering
        SCardGetStatusChange (its own timeout never firing) after a virtual card vanished
        mid-exchange. Then restart our pcscd once instead of hanging the run."""
        outcome = _bounded_wait(present, timeout_s)
        if outcome is None:
            self.recover()
            outcome = _bounded_wait(present, timeout_s)
            if outcome is None:
                pytest.fail("pcscd stopped answering again after a restart")
        return outcome

    def stop(self) -> None:
        if self.started is not None and self.started.poll() is None:
            self.started.terminate()
            try:
                self.started.wait(10)
            except subprocess.TimeoutExpired:
                self.started.kill()
                self.started.wait()


@pytest.fixture(scope="session")
def pcsc_session() -> Iterator[PcscStack]:
    stack = PcscStack()
    yield stack
    stack.stop()


@pytest.fixture
def pcsc(pcsc_session: PcscStack) -> PcscStack:
    """pcscd with the vpcd readers, and no other virtual card on our reader."""
    pcsc_session.ensure()
    if not pcsc_session.settle(present=False, timeout_s=3.0):
        pytest.fail(f"another virtual card is already on {READER!r} (a leftover "
                    f"`kiosk card simulate`?): stop it and run again")
    return pcsc_session


CardFactory = Callable[..., VpcdClient]


@pytest.fixture
def virtual_card(pcsc: PcscStack) -> Iterator[CardFactory]:
    """Put a virtual card on the reader: `virtual_card(options, citizen=..., **client_kw)`."""
    clients: list[VpcdClient] = []

    def put(options: VirtualCardOptions | None = None, *, citizen: CitizenRecord | None = None,
            wait: bool = True, **client_kwargs: Any) -> VpcdClient:
        card = VirtualCard.for_citizen(citizen or demo_citizen(), options)
        client = VpcdClient(card, port=PORT, **client_kwargs)
        clients.append(client)
        client.start()
        if wait and not wait_for_card(READER, 10.0):
            pytest.fail("the virtual card did not appear on the reader within 10 s")
        return client

    yield put
    for client in clients:
        client.stop()
    pcsc.settle(present=False)


# `kiosk card simulate` and `kiosk card read` as separate processes (the CLI end to end).
KIOSK = shutil.which("kiosk", path=str(Path(sys.executable).parent))
COMMAND = [KIOSK] if KIOSK else [sys.executable, "-m", "kiosk"]
Simulator = Callable[..., subprocess.Popen[str]]


def kiosk(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KIOSK_DEMO": "0"}
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=timeout,
                          env=env, check=False)


@pytest.fixture
def simulate(pcsc: PcscStack) -> Iterator[Simulator]:
    """Start `kiosk card simulate ARGS` on the reader; stopped (and checked) afterwards."""
    running: list[subprocess.Popen[str]] = []

    def start(*args: str) -> subprocess.Popen[str]:
        process = subprocess.Popen([*COMMAND, "card", "simulate", "--port", str(PORT), *args],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        running.append(process)
        if not pcsc.settle(present=True, timeout_s=15.0):
            process.kill()
            out, err = process.communicate()
            pytest.fail(f"`kiosk card simulate` put no card on the reader:\n{out}\n{err}")
        return process

    yield start
    for process in running:
        process.terminate()
        try:
            assert process.wait(10) == 0, process.stderr.read() if process.stderr else ""
        finally:
            if process.poll() is None:
                process.kill()
    pcsc.settle(present=False)
