"""`kiosk doctor`'s reader, card and printer checks on the real stacks: pcscd with the vpcd
virtual reader and a virtual card; CUPS with throw-away cups-pdf queues."""

from __future__ import annotations

import dataclasses
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import Settings, load
from kiosk.devices.card.apdu import SW_FILE_NOT_FOUND, CommandAPDU, ResponseAPDU
from kiosk.devices.card.pcsc_reader import wait_for_card
from kiosk.devices.simulator.citizens import demo_citizen
from kiosk.devices.simulator.virtual_card import VirtualCard, VirtualCardOptions
from kiosk.devices.simulator.vpcd_client import VpcdClient
from kiosk.doctor.checks import FAIL, OK, WARN
from kiosk.doctor.device_checks import check_card, check_pcsc, check_printer, printer_state

# The second vpcd slot, so these tests do not fight the card area's over the first.
READER = "Virtual PCD 00 01"
PORT = 35964


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load(tmp_path / "none.toml", {}, data_dir=tmp_path / "data", card_reader=READER,
                card_apdu_timeout_s=1.0)


class NotAnIdCard(VirtualCard):
    """Answers like a bank card would: no chip ID application."""

    def _select(self, command: CommandAPDU) -> ResponseAPDU:
        return ResponseAPDU(b"", SW_FILE_NOT_FOUND)


@pytest.fixture
def reader(pcsc_session: Any) -> Iterator[Callable[[VirtualCard], VpcdClient]]:
    pcsc_session.ensure()
    if not wait_for_card(READER, 3.0, present=False):
        pytest.fail(f"a virtual card is already on {READER!r}: stop it and run again")
    clients: list[VpcdClient] = []

    def put(card: VirtualCard) -> VpcdClient:
        client = VpcdClient(card, port=PORT)
        clients.append(client)
        client.start()
        assert wait_for_card(READER, 10.0), "the virtual card did not appear"
        return client

    yield put
    for client in clients:
        client.stop()
    wait_for_card(READER, 5.0, present=False)


@pytest.mark.pcsc
def test_reader_and_card(settings: Settings, reader: Callable[[VirtualCard], VpcdClient]
                         ) -> None:
    assert check_pcsc(settings).status == OK
    empty = check_card(settings)
    assert empty.status == WARN and "no card" in empty.detail
    reader(VirtualCard.for_citizen(demo_citizen()))
    card = check_card(settings)
    assert card.status == OK and "chip ID application selected" in card.detail


@pytest.mark.pcsc
def test_a_card_that_is_not_an_id_card(settings: Settings,
                                       reader: Callable[[VirtualCard], VpcdClient]) -> None:
    citizen = demo_citizen()
    plain = VirtualCard.for_citizen(citizen)
    reader(NotAnIdCard({}, "L898902C<369080619406236", plain.options))
    result = check_card(settings)
    assert result.status == WARN and "no chip ID application" in result.detail


@pytest.mark.pcsc
def test_a_card_that_does_not_answer(settings: Settings,
                                     reader: Callable[[VirtualCard], VpcdClient]) -> None:
    reader(VirtualCard.for_citizen(demo_citizen(), VirtualCardOptions(delay_s=3.0)))
    result = check_card(settings)
    assert result.status == FAIL and "does not answer" in result.detail
    assert "reader" in result.hint


@pytest.mark.cups
def test_printer_states_in_cups(settings: Settings, make_queue: Callable[[str], str]) -> None:
    queue = make_queue("cups-pdf:/")
    named = dataclasses.replace(settings, printer_name=queue)
    ok = check_printer(named)
    assert ok.status == OK and queue in ok.detail
    subprocess.run(["cupsdisable", queue], check=True, timeout=30)
    paused = printer_state(named)
    assert (paused.code, paused.status) == ("paused", FAIL)
    assert f"cupsenable {queue}" in paused.hint
    subprocess.run(["cupsenable", queue], check=True, timeout=30)
    subprocess.run(["cupsreject", queue], check=True, timeout=30)
    assert printer_state(named).code == "not_accepting"
    subprocess.run(["cupsaccept", queue], check=True, timeout=30)
    assert printer_state(named).code == "ok"
    gone = dataclasses.replace(settings, printer_name=queue + "-gone")
    assert printer_state(gone).code == "printer_missing"
