"""The vpcd client against a stand-in for pcscd's vpcd driver on a loopback socket."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from kiosk.devices.simulator.virtual_card import DEFAULT_ATR, VirtualCard, VirtualCardOptions
from kiosk.devices.simulator.vpcd_client import CTRL_ATR, CTRL_ON, CTRL_RESET, VpcdClient

SELECT_AID = bytes.fromhex("00A4040C07A0000002471001")
MRZ = "L898902C<369080619406236"


class FakeVpcd:
    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(5)
        self.port = self.server.getsockname()[1]

    def accept(self) -> socket.socket:
        conn, _ = self.server.accept()
        conn.settimeout(5)
        return conn

    @staticmethod
    def exchange(conn: socket.socket, payload: bytes, answer: bool = True) -> bytes:
        conn.sendall(len(payload).to_bytes(2, "big") + payload)
        if not answer:
            return b""
        return FakeVpcd.receive(conn)

    @staticmethod
    def receive(conn: socket.socket) -> bytes:
        header = conn.recv(2)
        if len(header) < 2:
            return b""
        n = int.from_bytes(header, "big")
        data = b""
        while len(data) < n:
            data += conn.recv(n - len(data))
        return data

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def vpcd() -> Iterator[FakeVpcd]:
    fake = FakeVpcd()
    yield fake
    fake.close()


def test_card_vpcd_protocol(vpcd: FakeVpcd):
    client = VpcdClient(VirtualCard({}, MRZ), port=vpcd.port, retry_s=0.05)
    client.start()
    try:
        conn = vpcd.accept()
        assert client.connected.wait(2)
        FakeVpcd.exchange(conn, bytes((CTRL_ON,)), answer=False)
        assert FakeVpcd.exchange(conn, bytes((CTRL_ATR,))) == DEFAULT_ATR
        assert FakeVpcd.exchange(conn, SELECT_AID) == b"\x90\x00"
        FakeVpcd.exchange(conn, bytes((CTRL_RESET,)), answer=False)
        assert FakeVpcd.exchange(conn, bytes.fromhex("00B0000004")) == b"\x69\x82"
        # vpcd restarts: the client comes back by itself.
        conn.close()
        conn = vpcd.accept()
        assert FakeVpcd.exchange(conn, SELECT_AID) == b"\x90\x00"
        conn.close()
    finally:
        client.stop()
    assert not client.connected.is_set()


def test_card_vpcd_removal_and_reinsert(vpcd: FakeVpcd):
    card = VirtualCard({}, MRZ, VirtualCardOptions(remove_after_apdus=1))
    client = VpcdClient(card, port=vpcd.port, retry_s=0.05, reinsert_after_s=0.1)
    client.start()
    try:
        conn = vpcd.accept()
        assert FakeVpcd.exchange(conn, SELECT_AID) == b"\x90\x00"
        assert FakeVpcd.exchange(conn, SELECT_AID) == b""  # no answer: taken away
        conn.close()
        conn = vpcd.accept()  # put back after reinsert_after_s
        assert FakeVpcd.exchange(conn, SELECT_AID) == b"\x90\x00"
        assert FakeVpcd.exchange(conn, SELECT_AID) == b"\x90\x00"  # removal happens once
        conn.close()
    finally:
        client.stop()


def test_card_vpcd_manual_remove_and_insert(vpcd: FakeVpcd):
    client = VpcdClient(VirtualCard({}, MRZ), port=vpcd.port, retry_s=0.05,
                        reinsert_after_s=None)
    client.start()
    try:
        conn = vpcd.accept()
        assert client.connected.wait(2)
        client.remove()
        assert FakeVpcd.receive(conn) == b""  # the socket is closed
        conn.close()
        vpcd.server.settimeout(0.3)
        with pytest.raises(TimeoutError):
            vpcd.accept()  # stays away
        vpcd.server.settimeout(5)
        client.insert()
        conn = vpcd.accept()
        assert FakeVpcd.exchange(conn, SELECT_AID) == b"\x90\x00"
        conn.close()
    finally:
        client.stop()
