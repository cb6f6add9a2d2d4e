"""EF.CardAccess: PACEInfo and PACEDomainParameterInfo, the domain parameters they name, and
hypothesis on every parser involved (random and mutated input raise only typed errors)."""

from __future__ import annotations

import contextlib

import ecdsa
import pytest
from asn1crypto import core
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.devices.card.lds import LdsError
from kiosk.devices.card.lds.card_access import (
    build_card_access,
    pace_protocol,
    parse_card_access,
)
from kiosk.devices.card.lds.tlv import encode_tlv
from kiosk.devices.card.pace_domain import (
    DH_PUBLIC_NUMBER,
    EC_PUBLIC_KEY,
    DhDomain,
    DomainError,
    EcDomain,
    domain_from_algorithm,
    domain_from_spki,
    standard_domain,
)

H = bytes.fromhex
ICAO_G1 = H("31143012060A04007F0007020204020202010202010D")
# Two PACEInfos (GM and CAM, both AES-256 on brainpoolP384r1), in either order.
TWO_INFOS = H("31283012060a04007f000702020402040201020201103012060a04007f00070202040604020102"
              "020110")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def explicit_ec(curve: ecdsa.curves.Curve) -> bytes:
    """AlgorithmIdentifier { id-ecPublicKey, explicit ECParameters }."""
    return encode_tlv(0x30, core.ObjectIdentifier(EC_PUBLIC_KEY).dump()
                      + curve.to_der("explicit"))


def explicit_dh(pid: int) -> bytes:
    domain = standard_domain(pid)
    assert isinstance(domain, DhDomain) and domain.q is not None
    params = b"".join(core.Integer(v).dump() for v in (domain.p, domain.g, domain.q))
    return encode_tlv(0x30, core.ObjectIdentifier(DH_PUBLIC_NUMBER).dump()
                      + encode_tlv(0x30, params))


def test_card_access_icao_example():
    info = parse_card_access(ICAO_G1)
    assert len(info.pace) == 1 and not info.domain_parameters
    pace = info.pace[0]
    assert (pace.protocol, pace.version, pace.parameter_id) == ("0.4.0.127.0.7.2.2.4.2.2", 2, 13)
    assert (pace.agreement, pace.mapping, pace.cipher, pace.key_length) == (
        "ECDH", "GM", "AES", 16)
    assert pace.oid_content == H("04007F00070202040202")
    assert pace.supported and pace.cipher_name == "AES-128"
    assert info.preferred() == pace and not info.ambiguous


def test_card_access_prefers_what_we_implement():
    info = parse_card_access(TWO_INFOS)
    assert [p.mapping for p in info.pace] == ["GM", "CAM"]
    chosen = info.preferred()
    assert chosen is not None and chosen.mapping == "GM" and chosen.key_length == 32
    only_im = build_card_access("0.4.0.127.0.7.2.2.4.4.2", 13)  # ECDH-IM
    assert parse_card_access(only_im).preferred() is None


def test_card_access_preference_order():
    infos = b"".join(build_card_access(pace_protocol(a, c), p)[2:] for a, c, p in [
        ("DH", "AES-256", 2), ("ECDH", "3DES", 13), ("ECDH", "AES-128", 12)])
    info = parse_card_access(encode_tlv(0x31, infos))
    chosen = info.preferred()
    assert chosen is not None and (chosen.agreement, chosen.cipher_name) == ("ECDH", "AES-128")
    assert info.ambiguous  # three parameter sets: MSE:Set AT names the one chosen


def test_card_access_other_security_infos_are_kept():
    ca_info = encode_tlv(0x30, core.ObjectIdentifier("0.4.0.127.0.7.2.2.3.2.2").dump()
                         + core.Integer(1).dump())
    data = encode_tlv(0x31, ICAO_G1[2:] + ca_info)
    info = parse_card_access(data)
    assert len(info.pace) == 1
    assert info.infos.of_kind("chip_authentication")


def test_card_access_proprietary_domain_parameters():
    algorithm = explicit_ec(ecdsa.BRAINPOOLP256r1)
    data = build_card_access(pace_protocol("ECDH", "AES-128"), 32, domain_algorithm_der=algorithm)
    info = parse_card_access(data)
    assert len(info.domain_parameters) == 1
    chosen = info.preferred()
    assert chosen is not None and chosen.parameter_id == 32
    explicit = info.domain_for(chosen)
    assert explicit is not None and explicit.parameter_id == 32
    domain = domain_from_algorithm(explicit.algorithm_der)
    standard = standard_domain(13)
    assert isinstance(domain, EcDomain) and isinstance(standard, EcDomain)
    assert domain.public(12345) == standard.public(12345)


def test_card_access_pace_runs_on_explicit_domain_parameters():
    from kiosk.devices.card.pace import PacePassword, pace_authenticate
    from kiosk.devices.card.transport import PlainChannel
    from kiosk.devices.simulator.citizens import demo_citizen
    from kiosk.devices.simulator.lds_builder import build_card_files
    from kiosk.devices.simulator.pki import demo_pki
    from kiosk.devices.simulator.virtual_card import VirtualCard

    citizen = demo_citizen()
    for protocol, algorithm in [(pace_protocol("ECDH", "AES-256"), explicit_ec(ecdsa.NIST256p)),
                                (pace_protocol("DH", "AES-128"), explicit_dh(0))]:
        files = build_card_files(citizen, demo_pki())
        files["CardAccess"] = build_card_access(protocol, 40, domain_algorithm_der=algorithm)
        card = VirtualCard(files, "L898902C<369080619406236", can="123456")
        info = parse_card_access(files["CardAccess"])
        chosen = info.preferred()
        assert chosen is not None
        spy = Spy(card)
        result = pace_authenticate(PlainChannel(spy), info, chosen, PacePassword.can("123456"))
        assert result.keys.ks_mac
        assert spy.sent[0].endswith(H("840128"))  # proprietary id 40 named in MSE:Set AT


class Spy:
    """A transport that remembers what was sent to the card."""

    atr = b""

    def __init__(self, card: object) -> None:
        self.card = card
        self.sent: list[bytes] = []

    def transmit(self, command: bytes) -> bytes:
        self.sent.append(command)
        return self.card.process(command)  # type: ignore[attr-defined,no-any-return]


def test_card_access_dh_domain_parameters():
    domain = domain_from_algorithm(explicit_dh(1))
    assert isinstance(domain, DhDomain) and domain.p.bit_length() == 2048
    with pytest.raises(DomainError):
        domain.decode(b"\x01")  # 1 is never a public value
    with pytest.raises(DomainError):
        domain.decode(bytes(300))


@pytest.mark.parametrize("bad", [
    b"\x31\x00",  # no SecurityInfo at all: parses, nothing offered
])
def test_card_access_empty(bad: bytes):
    assert parse_card_access(bad).preferred() is None


@pytest.mark.parametrize("bad", [
    H("30143012060A04007F0007020204020202010202010D"),  # SEQUENCE, not SET
    H("31143012060A04007F0007020204020202010202"),  # truncated
    H("31053003020101"),  # SecurityInfo without an OID
])
def test_card_access_malformed(bad: bytes):
    with pytest.raises(LdsError):
        parse_card_access(bad)


def test_card_access_unknown_pace_variant_is_skipped():
    unknown = build_card_access("0.4.0.127.0.7.2.2.4.2.9", 13)  # cipher 9: a later edition
    assert parse_card_access(unknown).pace == ()
    no_version = encode_tlv(0x31, encode_tlv(0x30, core.ObjectIdentifier(
        "0.4.0.127.0.7.2.2.4.2.2").dump()))
    assert parse_card_access(no_version).pace == ()


# --- hypothesis -----------------------------------------------------------------------------

@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "cut", "insert"]))
        if kind == "flip":
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif kind == "cut":
            del data[pos:pos + draw(st.integers(1, 6))]
        else:
            data[pos:pos] = draw(st.binary(min_size=1, max_size=3))
    return bytes(data)


SAMPLES = [ICAO_G1, TWO_INFOS,
           build_card_access(pace_protocol("ECDH", "AES-128"), 32,
                             domain_algorithm_der=explicit_ec(ecdsa.BRAINPOOLP256r1))]


@FUZZ
@given(st.binary(max_size=200))
def test_card_access_random_bytes(data: bytes):
    with contextlib.suppress(LdsError):
        parse_card_access(data)


@FUZZ
@given(st.data())
def test_card_access_mutated(data: st.DataObject):
    raw = data.draw(mutated(data.draw(st.sampled_from(SAMPLES))))
    with contextlib.suppress(LdsError):
        info = parse_card_access(raw)
        for pace in info.pace:
            explicit = info.domain_for(pace)
            if explicit is not None:
                with contextlib.suppress(DomainError):
                    domain_from_algorithm(explicit.algorithm_der)


@FUZZ
@given(st.data())
def test_card_access_domain_parsers_only_typed_errors(data: st.DataObject):
    sample = data.draw(st.sampled_from([explicit_ec(ecdsa.BRAINPOOLP256r1), explicit_dh(0),
                                        b""]))
    raw = data.draw(mutated(sample)) if sample else data.draw(st.binary(max_size=120))
    with contextlib.suppress(DomainError):
        domain_from_algorithm(raw)
    with contextlib.suppress(DomainError):
        domain_from_spki(raw)


@FUZZ
@given(st.binary(max_size=140))
def test_card_access_public_key_decoders_only_typed_errors(data: bytes):
    for pid in (0, 13):
        with contextlib.suppress(DomainError):
            standard_domain(pid).check_public(data)
