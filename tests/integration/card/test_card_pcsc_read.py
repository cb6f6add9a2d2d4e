"""Reading the virtual card through real pcscd + vpcd: the whole PC/SC path, no mocks."""

from __future__ import annotations

import threading
import time

import pytest

from kiosk.devices.card.access_key import bac_key_candidates
from kiosk.devices.card.apdu import CardRemoved, CommunicationError
from kiosk.devices.card.card_session import AccessRefused, ReadProgress, read_card
from kiosk.devices.card.pcsc_reader import (
    PcscTransport,
    ReaderEvent,
    ReaderMonitor,
    choose_reader,
    list_readers,
    wait_for_card,
)
from kiosk.devices.simulator.citizens import demo_citizen, other_citizens
from kiosk.devices.simulator.pki import demo_pki, other_pki
from kiosk.devices.simulator.virtual_card import VirtualCardOptions

from .conftest import READER, CardFactory

pytestmark = pytest.mark.pcsc

DEMO_KEYS = bac_key_candidates("001099012345", "990815")


def read(**kwargs: object):  # type: ignore[no-untyped-def]
    with PcscTransport(READER, timeout_s=5.0) as transport:
        return read_card(transport, kwargs.pop("keys", DEMO_KEYS),  # type: ignore[arg-type]
                         trust=kwargs.pop("trust", demo_pki().trust_store()), **kwargs)  # type: ignore[arg-type]


def test_card_readers_are_listed(pcsc: object):
    readers = list_readers()
    assert READER in readers
    assert "Virtual PCD 00 01" in readers


def test_card_full_read_is_valid(virtual_card: CardFactory):
    virtual_card()
    assert choose_reader("Virtual") == READER
    result = read()
    citizen = demo_citizen()
    data = result.to_json()
    assert data["id_number"] == citizen.id_number
    assert data["full_name"] == citizen.full_name
    assert data["place_of_residence"] == citizen.place_of_residence
    assert len(citizen.place_of_residence.encode()) > 127  # a long-form DER length
    assert data["photo"]["size"] == len(citizen.face_jpeg)
    auth = result.authentication
    assert data["authentication"] == {
        "access": "BAC", "passive": "valid", "passive_detail": auth.passive_detail,
        "active": "valid", "chip": "valid", "access_detail": "BAC",
        "active_detail": auth.active_detail, "chip_detail": auth.chip_detail}
    # SELECT AID, two BAC keys refused (2 APDUs each) + one accepted, 3 APDUs per file,
    # then (issue 9) Chip Authentication: MSE, GA, SELECT + READ under the new keys; and
    # Active Authentication: INTERNAL AUTHENTICATE.
    assert result.stats.apdus == 1 + 2 * 1 + 3 * 7 + 4 + 1
    assert result.stats.max_response > 10_000  # extended length through pcscd


@pytest.mark.parametrize(
    "options",
    [
        VirtualCardOptions(extended_length=False),
        VirtualCardOptions(max_response=120, too_long="exact_length"),
        VirtualCardOptions(extended_length=False, max_response=200, too_long="truncate"),
    ],
    ids=["short_only", "max120_6Cxx", "short_truncate"],
)
def test_card_full_read_with_card_limits(virtual_card: CardFactory,
                                         options: VirtualCardOptions):
    virtual_card(options)
    result = read()
    assert result.authentication.passive == "valid"
    assert result.stats.max_response <= (options.max_response or 231)


def test_card_no_expiry_card(virtual_card: CardFactory):
    elder = other_citizens()[0]
    assert elder.date_of_expiry is None
    virtual_card(citizen=elder)
    # An explicit (wrong) expiry first: the reader must move on to the derived candidates.
    keys = bac_key_candidates(elder.id_number, elder.date_of_birth, expiry="300101")
    result = read(keys=keys)
    assert result.key.date_of_expiry == "991231"
    assert result.to_json()["date_of_expiry"] is None


def test_card_wrong_key_is_refused(virtual_card: CardFactory):
    virtual_card()
    keys = bac_key_candidates("001099012345", "990816")
    with pytest.raises(AccessRefused) as info:
        read(keys=keys)
    assert info.value.tried == keys
    assert "ngày sinh" in info.value.message_vi


@pytest.mark.parametrize("remove_after", [2, 5, 9, 15, 40])
def test_card_removal_then_resume(virtual_card: CardFactory, remove_after: int):
    client = virtual_card(VirtualCardOptions(extended_length=False,
                                             remove_after_apdus=remove_after),
                          reinsert_after_s=None)
    with pytest.raises(CardRemoved) as info:
        read()
    progress = info.value.progress
    assert isinstance(progress, ReadProgress)
    assert wait_for_card(READER, 5.0, present=False)
    client.insert()
    assert wait_for_card(READER, 10.0), "the card was not put back"
    result = read(resume=progress)
    assert result.authentication.passive == "valid"
    assert result.to_json()["full_name"] == demo_citizen().full_name


def test_card_resume_saves_work(virtual_card: CardFactory):
    client = virtual_card(VirtualCardOptions(extended_length=False, remove_after_apdus=60),
                          reinsert_after_s=None)
    with pytest.raises(CardRemoved) as info:
        read()
    progress = info.value.progress
    before = progress.stats.apdus
    assert progress.files  # whole files were read before the removal
    client.insert()
    assert wait_for_card(READER, 10.0)
    result = read(resume=progress)
    # The statistics cover both attempts; the second did not start from scratch.
    fresh_read_apdus = 1 + 2 * 1 + 7 * 2 + (20_000 // 231)
    assert result.stats.apdus - before < fresh_read_apdus - 40


def test_card_quick_reinsert_recovers_within_the_read(virtual_card: CardFactory):
    """Card lifted and put back at once: the read re-authenticates and goes on by itself,
    unless pcscd's presence poll (every ~400 ms) happened to see the empty reader, in which
    case the caller gets CardRemoved and resumes, as the kiosk does on the insert event."""
    virtual_card(VirtualCardOptions(extended_length=False, remove_after_apdus=30),
                 reinsert_after_s=0.05)
    try:
        result = read()
        assert result.stats.recoveries >= 2  # the short-length probe, then the lost answer
    except CardRemoved as exc:
        assert wait_for_card(READER, 10.0)
        result = read(resume=exc.progress)
    assert result.authentication.passive == "valid"


def test_card_tampered_group_is_invalid(virtual_card: CardFactory):
    virtual_card(VirtualCardOptions(tamper_dg="DG13"))
    result = read()
    assert result.authentication.passive == "invalid"
    assert "DG13" in result.authentication.passive_detail


def test_card_wrong_dsc_is_untrusted(virtual_card: CardFactory):
    virtual_card(VirtualCardOptions(wrong_dsc=True))
    assert read().authentication.passive == "untrusted"


def test_card_unknown_csca_is_untrusted(virtual_card: CardFactory):
    virtual_card()
    assert read(trust=other_pki().trust_store()).authentication.passive == "untrusted"
    assert read(trust=None).authentication.passive == "untrusted"


def test_card_monitor_sees_insert_and_removal(virtual_card: CardFactory):
    events: list[ReaderEvent] = []
    seen = threading.Condition()

    def on_event(event: ReaderEvent) -> None:
        with seen:
            events.append(event)
            seen.notify_all()

    def wait_for(kind: str) -> ReaderEvent:
        with seen:
            assert seen.wait_for(lambda: any(e.kind == kind and e.reader == READER
                                             for e in events), 10.0), events
            return next(e for e in events if e.kind == kind and e.reader == READER)

    monitor = ReaderMonitor(on_event, poll_ms=200)
    monitor.start()
    try:
        wait_for("reader_added")
        client = virtual_card()
        inserted = wait_for("card_inserted")
        assert inserted.atr == client.card.atr
        client.remove()
        wait_for("card_removed")
    finally:
        started = time.monotonic()
        monitor.stop()
        assert time.monotonic() - started < 3.0  # stop() wakes the monitor at once


def test_card_apdu_timeout_then_reconnect(virtual_card: CardFactory):
    virtual_card(VirtualCardOptions(delay_s=1.0))
    select = bytes.fromhex("00A4040C07A0000002471001")
    transport = PcscTransport(READER, timeout_s=0.3)
    try:
        started = time.monotonic()
        with pytest.raises(CommunicationError, match="no answer within"):
            transport.transmit(select)
        assert time.monotonic() - started < 0.9
        time.sleep(1.0)  # the slow answer arrives and is dropped with the old handle
        transport.timeout_s = 5.0
        assert transport.transmit(select) == b"\x90\x00"  # a fresh connection
    finally:
        transport.close()
