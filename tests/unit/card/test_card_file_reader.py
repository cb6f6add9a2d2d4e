"""File reading against the in-process virtual card, with every card option."""

from __future__ import annotations

import math
import random

import pytest

from kiosk.devices.card.access_key import BacKey
from kiosk.devices.card.apdu import (
    SW_INS_NOT_SUPPORTED,
    AccessDenied,
    CardRemoved,
    CardStatusError,
    CommandAPDU,
    CommunicationError,
    FileNotFound,
    UnsupportedCardError,
)
from kiosk.devices.card.card_session import AccessRefused, open_session
from kiosk.devices.card.file_reader import FileReader, MalformedFileError, tlv_total_length
from kiosk.devices.card.secure_messaging import SecureChannel, encode_tlv
from kiosk.devices.card.transport import CardTransport, CountingTransport, ReadStats
from kiosk.devices.simulator.virtual_card import VirtualCard, VirtualCardOptions

KEY = BacKey("L898902C", "690806", "940623")
WRONG = BacKey("L898902C", "690806", "940624")
FIDS = {"COM": 0x011E, "SOD": 0x011D, "DG1": 0x0101, "DG2": 0x0102, "DG13": 0x010D,
        "DG14": 0x010E, "DG15": 0x010F}


def make_files(photo: int = 18_000, seed: int = 7) -> dict[str, bytes]:
    rng = random.Random(seed)

    def blob(n: int) -> bytes:
        return bytes(rng.getrandbits(8) for _ in range(n))

    return {
        "COM": encode_tlv(0x60, bytes.fromhex("5F0104303130375F36063034303030305C026175")),
        "SOD": encode_tlv(0x77, blob(1800)),  # 82 xx xx
        "DG1": encode_tlv(0x61, blob(93)),  # short form
        "DG2": encode_tlv(0x75, blob(photo)),
        "DG13": encode_tlv(0x6D, blob(600)),
        "DG14": encode_tlv(0x6E, blob(200)),  # 81 xx
        "DG15": encode_tlv(0x6F, blob(160)),
    }


FILES = make_files()


def session(card_or_transport: VirtualCard | CardTransport, stats: ReadStats | None = None,
            **reader_kwargs: object) -> tuple[FileReader, CountingTransport]:
    inner = card_or_transport.transport() if isinstance(card_or_transport, VirtualCard) \
        else card_or_transport
    counting = CountingTransport(inner, stats or ReadStats())
    channel, key = open_session(counting, [KEY])

    def recover() -> SecureChannel:
        return open_session(counting, [key])[0]

    reader = FileReader(channel, counting.stats, recover=recover, **reader_kwargs)  # type: ignore[arg-type]
    return reader, counting


def read_all(reader: FileReader) -> dict[str, bytes]:
    return {name: reader.read_file(fid) for name, fid in FIDS.items()}


def ideal_apdus(files: dict[str, bytes], answer: int) -> int:
    """SELECT AID + GET CHALLENGE + MUTUAL AUTH, then per file SELECT + the fewest reads."""
    return 3 + sum(1 + math.ceil(len(data) / answer) for data in files.values())


OPTIONS = {
    "default": VirtualCardOptions(),
    "short_only": VirtualCardOptions(extended_length=False),
    "max100_6700": VirtualCardOptions(max_response=100),
    "max100_6Cxx": VirtualCardOptions(max_response=100, too_long="exact_length"),
    "max100_truncate": VirtualCardOptions(max_response=100, too_long="truncate"),
    "max1000_6Cxx": VirtualCardOptions(max_response=1000, too_long="exact_length"),
    "short_max200_6Cxx": VirtualCardOptions(extended_length=False, max_response=200,
                                            too_long="exact_length"),
    "auth_6982": VirtualCardOptions(auth_failure_sw=0x6982),
    "delay": VirtualCardOptions(delay_s=0.0005),
}


@pytest.mark.parametrize("name", list(OPTIONS))
def test_card_reads_every_file_with_every_option(name: str):
    card = VirtualCard(FILES, KEY.mrz_information, OPTIONS[name])
    reader, counting = session(card)
    assert read_all(reader) == FILES
    stats = counting.stats
    options = OPTIONS[name]
    largest = options.max_response or (231 if not options.extended_length else 65511)
    assert stats.max_response <= largest
    assert stats.apdus >= ideal_apdus(FILES, largest)
    if name in ("default", "auth_6982", "delay"):
        # SELECT, 4-byte header and the rest in one answer: 3 APDUs a file.
        assert reader.extended is True
        assert stats.apdus == 3 + 3 * len(FILES)
    if name == "short_only":
        assert reader.extended is False
        assert stats.max_response == 231
        # The refused probe costs one APDU and one re-authentication (4 APDUs).
        assert stats.apdus <= ideal_apdus(FILES, 231) + len(FILES) + 5
    if name.startswith("max100") or name == "max1000_6Cxx":
        assert stats.max_response == options.max_response


def test_card_short_reads_stay_near_ideal():
    card = VirtualCard(FILES, KEY.mrz_information, VirtualCardOptions())
    reader, counting = session(card, extended=False)
    assert read_all(reader) == FILES
    assert counting.stats.apdus <= ideal_apdus(FILES, 231) + len(FILES)


@pytest.mark.parametrize("size", [0, 1, 2, 127, 128, 255, 256, 65_000, 70_000])
@pytest.mark.parametrize("extended", [True, False])
def test_card_length_forms_and_big_files(size: int, extended: bool):
    files = {"DG2": encode_tlv(0x75, bytes(range(256)) * (size // 256) + bytes(size % 256))}
    card = VirtualCard(files, KEY.mrz_information,
                       VirtualCardOptions(extended_length=extended))
    reader, _ = session(card)
    assert reader.read_file(0x0102) == files["DG2"]


def test_card_two_byte_tag_and_four_byte_length_header():
    header = bytes.fromhex("7F6183010000")
    assert tlv_total_length(header[:3]) is None
    assert tlv_total_length(header[:5]) is None
    assert tlv_total_length(header) == 6 + 0x10000
    content = bytes.fromhex("7F6181C8") + bytes(200)
    card = VirtualCard({"DG2": content}, KEY.mrz_information)
    reader, _ = session(card)
    assert reader.read_file(0x0102) == content


@pytest.mark.parametrize("header", ["6080", "6084000000", "7F61FFFFFFFF"])
def test_card_bad_headers_are_typed(header: str):
    with pytest.raises(MalformedFileError):
        tlv_total_length(bytes.fromhex(header))


@pytest.mark.parametrize("header", ["", "1F", "7F", "7F61", "6182", "618201"])
def test_card_incomplete_headers_ask_for_more(header: str):
    assert tlv_total_length(bytes.fromhex(header)) is None


def test_card_malformed_file_header_raises_typed_error():
    card = VirtualCard({"DG1": bytes.fromhex("6185000000000000")}, KEY.mrz_information)
    reader, _ = session(card)
    with pytest.raises(MalformedFileError) as info:
        reader.read_file(0x0101)
    assert info.value.message_vi and info.value.message_en


def test_card_file_shorter_than_the_header():
    card = VirtualCard({"DG1": bytes.fromhex("6100")}, KEY.mrz_information)
    reader, _ = session(card)
    assert reader.read_file(0x0101) == bytes.fromhex("6100")


def test_card_file_shorter_than_its_header_says_returns_what_is_there():
    truncated = encode_tlv(0x75, bytes(500))[:300]
    card = VirtualCard({"DG2": truncated}, KEY.mrz_information)
    reader, _ = session(card)
    assert reader.read_file(0x0102) == truncated


def test_card_missing_files_and_quirks():
    card = VirtualCard(FILES, KEY.mrz_information)
    reader, _ = session(card)
    with pytest.raises(FileNotFound):
        reader.read_file(0x010B)  # DG11 is absent on CCCDs
    select_mf = CommandAPDU(0x00, 0xA4, 0x00, 0x0C, b"\x3f\x00")
    assert reader.channel.send(select_mf).sw == SW_INS_NOT_SUPPORTED
    with pytest.raises(CardStatusError) as info:
        reader.select(0x3F00)
    assert info.value.sw == SW_INS_NOT_SUPPORTED
    assert reader.read_file(0x0101) == FILES["DG1"]  # the session survives both


def test_card_files_need_bac():
    card = VirtualCard(FILES, KEY.mrz_information)
    transport = card.transport()
    assert transport.transmit(bytes.fromhex("00A4040C07A0000002471001")) == b"\x90\x00"
    assert transport.transmit(bytes.fromhex("00A4020C020101")) == b"\x69\x82"
    assert transport.transmit(bytes.fromhex("00B0000004")) == b"\x69\x82"
    assert transport.transmit(bytes.fromhex("00A4000C023F00")) == b"\x6d\x00"


class AnswerAlways:
    atr = b""

    def __init__(self, answer: bytes) -> None:
        self.answer = answer

    def transmit(self, command: bytes) -> bytes:
        return self.answer


def test_card_not_an_emrtd():
    with pytest.raises(UnsupportedCardError) as info:
        open_session(AnswerAlways(b"\x6a\x82"), [KEY])
    assert "căn cước" in info.value.message_vi


def test_card_key_candidates_in_order():
    card = VirtualCard(FILES, KEY.mrz_information)
    counting = CountingTransport(card.transport())
    _channel, key = open_session(counting, [WRONG, WRONG, KEY])
    assert key == KEY
    assert counting.stats.apdus == 1 + 3 * 2  # SELECT, then GET CHALLENGE + MUTUAL AUTH each
    with pytest.raises(AccessRefused) as info:
        open_session(CountingTransport(card.transport()), [WRONG])
    assert isinstance(info.value, AccessDenied)
    assert info.value.tried == [WRONG]


class FlakyTransport:
    """Loses or corrupts chosen answers; records the offsets READ BINARY asked for."""

    def __init__(self, inner: CardTransport, fail_at: set[int], mode: str) -> None:
        self.inner = inner
        self.fail_at = fail_at
        self.mode = mode
        self.count = 0
        self.read_offsets: list[int] = []

    @property
    def atr(self) -> bytes:
        return self.inner.atr

    def transmit(self, command: bytes) -> bytes:
        self.count += 1
        if command[1] == 0xB0:  # P1/P2 stay in clear under secure messaging
            self.read_offsets.append(int.from_bytes(command[2:4], "big"))
        answer = self.inner.transmit(command)
        if self.count in self.fail_at:
            if self.mode == "drop":
                raise CommunicationError("answer lost")
            corrupted = bytearray(answer)
            corrupted[len(corrupted) // 2] ^= 0x40
            return bytes(corrupted)
        return answer


@pytest.mark.parametrize("mode", ["drop", "corrupt"])
@pytest.mark.parametrize("fail_at", [5, 12, 30])
def test_card_transient_error_resumes_at_the_last_good_offset(mode: str, fail_at: int):
    card = VirtualCard(FILES, KEY.mrz_information, VirtualCardOptions(extended_length=False))
    flaky = FlakyTransport(card.transport(), {fail_at}, mode)
    reader, counting = session(flaky, extended=False)
    assert read_all(reader) == FILES
    assert counting.stats.recoveries == 1
    # Offsets within one file only go forward, except one repeat at the failure point.
    going_back = [b for a, b in zip(flaky.read_offsets, flaky.read_offsets[1:], strict=False)
                  if 0 < b < a]
    assert going_back == []


def test_card_gives_up_after_repeated_failures():
    card = VirtualCard(FILES, KEY.mrz_information)
    flaky = FlakyTransport(card.transport(), set(range(5, 200)), "drop")
    reader, _ = session(flaky, max_recoveries=2)
    with pytest.raises(CommunicationError):
        read_all(reader)


@pytest.mark.parametrize("remove_after", [3, 4, 7, 20, 60])
def test_card_removal_then_resume_after_reinsert(remove_after: int):
    card = VirtualCard(FILES, KEY.mrz_information,
                       VirtualCardOptions(extended_length=False, remove_after_apdus=remove_after))
    read: dict[str, bytes] = {}
    partial = b""
    current = ""
    try:
        reader, _ = session(card, extended=False)
        for name, fid in FIDS.items():
            current = name
            read[name] = reader.read_file(fid)
    except CardRemoved:
        if remove_after > 3:
            partial = reader.partial
    else:
        pytest.fail("the card was not removed")
    card.insert()
    reader, counting = session(card, extended=False)
    for name, fid in FIDS.items():
        if name not in read:
            read[name] = reader.read_file(fid, partial if name == current else b"")
    assert read == FILES
    fresh, fresh_counting = session(VirtualCard(FILES, KEY.mrz_information), extended=False)
    read_all(fresh)
    # The second pass reads only what the first one did not get.
    assert counting.stats.apdus <= fresh_counting.stats.apdus
    if remove_after >= 7:  # past BAC and the first file's header: that work is not redone
        assert counting.stats.apdus <= fresh_counting.stats.apdus - (remove_after - 5)


def test_card_extended_probe_failing_in_the_reader_falls_back():
    """A reader that cannot carry extended APDUs at all (transmit error) ends up short."""

    class NoExtendedReader:
        def __init__(self, inner: CardTransport) -> None:
            self.inner = inner

        @property
        def atr(self) -> bytes:
            return self.inner.atr

        def transmit(self, command: bytes) -> bytes:
            if len(command) > 5 and command[4] == 0 and command[1] == 0xB0:
                raise CommunicationError("reader buffer too small")
            return self.inner.transmit(command)

    card = VirtualCard(FILES, KEY.mrz_information)
    reader, counting = session(NoExtendedReader(card.transport()))
    assert read_all(reader) == FILES
    assert reader.extended is False
    assert counting.stats.recoveries == 1


def test_card_removed_card_refuses_everything():
    card = VirtualCard(FILES, KEY.mrz_information)
    card.remove()
    transport = card.transport()
    with pytest.raises(CardRemoved):
        transport.transmit(bytes.fromhex("00A4040C07A0000002471001"))
    from kiosk.devices.card.apdu import NoCard

    with pytest.raises(NoCard):
        _ = transport.atr
