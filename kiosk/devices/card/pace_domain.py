"""Domain parameters for PACE and Chip Authentication: EC curves and DH groups.

ICAO 9303-11 (table "standardized domain parameters") numbers the groups a chip may name in
its PACEInfo: 0-2 are the RFC 5114 MODP groups, 8-18 NIST and brainpool curves. Generic
Mapping needs arithmetic on a generator that is not the curve's own (G' = s*G + H), which
`cryptography` does not expose, so EC points go through python-ecdsa; DH is plain Python ints.

Both kinds offer the same byte-level interface, so the protocol code never looks at points:
`keypair` (private int, encoded public), `agree` (shared secret bytes), `map_generic` (the
ephemeral domain). Every public value received from a card is validated before use.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

import ecdsa
from asn1crypto import algos, core, keys
from ecdsa.ellipticcurve import INFINITY, PointJacobi

from kiosk.devices.card.apdu import CardError

Random = Callable[[int], bytes]


class DomainError(CardError):
    """A public key or domain parameter from the card is unusable (not on the curve...)."""

    code = "pace_domain_error"


class Domain(Protocol):
    """One group to do (EC)DH in; `agreement` is "ECDH" or "DH"."""

    @property
    def name(self) -> str: ...

    @property
    def agreement(self) -> str: ...

    @property
    def public_tag(self) -> int:
        """86 (EC point) or 84 (DH value) inside the 7F49 public key object."""
        ...

    def random_private(self, random: Random = ...) -> int: ...

    def public(self, private: int) -> bytes: ...

    def keypair(self, random: Random = ...) -> tuple[int, bytes]: ...

    def check_public(self, encoded: bytes) -> None: ...

    def agree(self, private: int, peer: bytes) -> bytes: ...

    def map_generic(self, nonce: int, private: int, peer: bytes) -> Domain: ...


@dataclass(frozen=True)
class EcDomain:
    name: str
    curve: Any  # ecdsa.ellipticcurve.CurveFp
    generator: PointJacobi
    order: int
    agreement: str = "ECDH"
    public_tag: int = 0x86

    @property
    def field_size(self) -> int:
        return (int(self.curve.p()).bit_length() + 7) // 8

    def random_private(self, random: Random = os.urandom) -> int:
        raw = int.from_bytes(random(self.field_size + 8), "big")
        return raw % (self.order - 1) + 1

    def encode(self, point: Any) -> bytes:
        size = self.field_size
        return b"\x04" + int(point.x()).to_bytes(size, "big") + int(point.y()).to_bytes(size, "big")

    def decode(self, encoded: bytes) -> PointJacobi:
        """An uncompressed point on this curve, not the point at infinity."""
        size = self.field_size
        if len(encoded) != 1 + 2 * size or encoded[:1] != b"\x04":
            raise DomainError("EC public key is not an uncompressed point of the right size")
        x = int.from_bytes(encoded[1:1 + size], "big")
        y = int.from_bytes(encoded[1 + size:], "big")
        p = int(self.curve.p())
        if not (x < p and y < p and self.curve.contains_point(x, y)):
            raise DomainError("EC public key is not on the curve")
        return PointJacobi(self.curve, x, y, 1, self.order)

    def public(self, private: int) -> bytes:
        return self.encode(self.generator * private)

    def keypair(self, random: Random = os.urandom) -> tuple[int, bytes]:
        private = self.random_private(random)
        return private, self.public(private)

    def check_public(self, encoded: bytes) -> None:
        self.decode(encoded)

    def _shared_point(self, private: int, peer: bytes) -> Any:
        point = self.decode(peer) * private
        if point == INFINITY:
            raise DomainError("ECDH gave the point at infinity")
        return point

    def agree(self, private: int, peer: bytes) -> bytes:
        """ECDH: the x-coordinate of private * peer, as many bytes as the field."""
        return int(self._shared_point(private, peer).x()).to_bytes(self.field_size, "big")

    def map_generic(self, nonce: int, private: int, peer: bytes) -> EcDomain:
        """ICAO 9303-11 4.4.3.3.1: G' = s*G + H, H = private * peer (a point, not its x)."""
        mapped = self.generator * nonce + self._shared_point(private, peer)
        if mapped == INFINITY:
            raise DomainError("generic mapping gave the point at infinity")
        affine = mapped.to_affine()
        generator = PointJacobi(self.curve, affine.x(), affine.y(), 1, self.order)
        return EcDomain(self.name, self.curve, generator, self.order)

    def mapped_generator(self) -> bytes:
        return self.encode(self.generator)


@dataclass(frozen=True)
class DhDomain:
    name: str
    p: int
    g: int
    q: int | None  # order of the subgroup g generates; None when the card does not say
    agreement: str = "DH"
    public_tag: int = 0x84

    @property
    def size(self) -> int:
        return (self.p.bit_length() + 7) // 8

    def random_private(self, random: Random = os.urandom) -> int:
        bound = self.q if self.q else self.p - 1
        raw = int.from_bytes(random((bound.bit_length() + 7) // 8 + 8), "big")
        return raw % (bound - 1) + 1

    def encode(self, value: int) -> bytes:
        return value.to_bytes(self.size, "big")

    def decode(self, encoded: bytes) -> int:
        """A value in 2..p-2 that lies in the subgroup of order q (when q is known)."""
        if not encoded or len(encoded) > self.size:
            raise DomainError("DH public value has the wrong size")
        value = int.from_bytes(encoded, "big")
        if not 1 < value < self.p - 1:
            raise DomainError("DH public value out of range")
        if self.q and pow(value, self.q, self.p) != 1:
            raise DomainError("DH public value is not in the subgroup")
        return value

    def public(self, private: int) -> bytes:
        return self.encode(pow(self.g, private, self.p))

    def keypair(self, random: Random = os.urandom) -> tuple[int, bytes]:
        private = self.random_private(random)
        return private, self.public(private)

    def check_public(self, encoded: bytes) -> None:
        self.decode(encoded)

    def agree(self, private: int, peer: bytes) -> bytes:
        shared = pow(self.decode(peer), private, self.p)
        if shared <= 1:
            raise DomainError("DH gave a trivial shared secret")
        return self.encode(shared)

    def map_generic(self, nonce: int, private: int, peer: bytes) -> DhDomain:
        """ICAO 9303-11 4.4.3.3.2: g' = g^s * h mod p, h = peer^private mod p."""
        h = pow(self.decode(peer), private, self.p)
        mapped = pow(self.g, nonce, self.p) * h % self.p
        if mapped <= 1:
            raise DomainError("generic mapping gave a trivial generator")
        return DhDomain(self.name, self.p, mapped, self.q)

    def mapped_generator(self) -> bytes:
        return self.encode(self.g)


# --- standardized domain parameters (ICAO 9303-11 table 6) -----------------------------------

def _hex(text: str) -> int:
    return int("".join(text.split()), 16)


# RFC 5114 section 2.1-2.3 (p, g, q); checked in the tests (primes, q | p-1, g^q = 1).
_RFC5114 = {
    0: ("modp1024_160", """
        B10B8F96A080E01DDE92DE5EAE5D54EC52C99FBCFB06A3C69A6A9DCA52D23B616073E28675A23D189838EF1E
        2EE652C013ECB4AEA906112324975C3CD49B83BFACCBDD7D90C4BD7098488E9C219A73724EFFD6FAE5644738
        FAA31A4FF55BCCC0A151AF5F0DC8B4BD45BF37DF365C1A65E68CFDA76D4DA708DF1FB2BC2E4A4371""", """
        A4D1CBD5C3FD34126765A442EFB99905F8104DD258AC507FD6406CFF14266D31266FEA1E5C41564B777E690F
        5504F213160217B4B01B886A5E91547F9E2749F4D7FBD7D3B9A92EE1909D0D2263F80A76A6A24C087A091F53
        1DBF0A0169B6A28AD662A4D18E73AFA32D779D5918D08BC8858F4DCEF97C2A24855E6EEB22B3B2E5""",
        "F518AA8781A8DF278ABA4E7D64B7CB9D49462353"),
    1: ("modp2048_224", """
        AD107E1E9123A9D0D660FAA79559C51FA20D64E5683B9FD1B54B1597B61D0A75E6FA141DF95A56DBAF9A3C40
        7BA1DF15EB3D688A309C180E1DE6B85A1274A0A66D3F8152AD6AC2129037C9EDEFDA4DF8D91E8FEF55B7394B
        7AD5B7D0B6C12207C9F98D11ED34DBF6C6BA0B2C8BBC27BE6A00E0A0B9C49708B3BF8A317091883681286130
        BC8985DB1602E714415D9330278273C7DE31EFDC7310F7121FD5A07415987D9ADC0A486DCDF93ACC44328387
        315D75E198C641A480CD86A1B9E587E8BE60E69CC928B2B9C52172E413042E9B23F10B0E16E79763C9B53DCF
        4BA80A29E3FB73C16B8E75B97EF363E2FFA31F71CF9DE5384E71B81C0AC4DFFE0C10E64F""", """
        AC4032EF4F2D9AE39DF30B5C8FFDAC506CDEBE7B89998CAF74866A08CFE4FFE3A6824A4E10B9A6F0DD921F01
        A70C4AFAAB739D7700C29F52C57DB17C620A8652BE5E9001A8D66AD7C17669101999024AF4D027275AC1348B
        B8A762D0521BC98AE247150422EA1ED409939D54DA7460CDB5F6C6B250717CBEF180EB34118E98D119529A45
        D6F834566E3025E316A330EFBB77A86F0C1AB15B051AE3D428C8F8ACB70A8137150B8EEB10E183EDD19963DD
        D9E263E4770589EF6AA21E7F5F2FF381B539CCE3409D13CD566AFBB48D6C019181E1BCFE94B30269EDFE72FE
        9B6AA4BD7B5A0F1C71CFFF4C19C418E1F6EC017981BC087F2A7065B384B890D3191F2BFA""",
        "801C0D34C58D93FE997177101F80535A4738CEBCBF389A99B36371EB"),
    2: ("modp2048_256", """
        87A8E61DB4B6663CFFBBD19C651959998CEEF608660DD0F25D2CEED4435E3B00E00DF8F1D61957D4FAF7DF45
        61B2AA3016C3D91134096FAA3BF4296D830E9A7C209E0C6497517ABD5A8A9D306BCF67ED91F9E6725B4758C0
        22E0B1EF4275BF7B6C5BFC11D45F9088B941F54EB1E59BB8BC39A0BF12307F5C4FDB70C581B23F76B63ACAE1
        CAA6B7902D52526735488A0EF13C6D9A51BFA4AB3AD8347796524D8EF6A167B5A41825D967E144E514056425
        1CCACB83E6B486F6B3CA3F7971506026C0B857F689962856DED4010ABD0BE621C3A3960A54E710C375F26375
        D7014103A4B54330C198AF126116D2276E11715F693877FAD7EF09CADB094AE91E1A1597""", """
        3FB32C9B73134D0B2E77506660EDBD484CA7B18F21EF205407F4793A1A0BA12510DBC15077BE463FFF4FED4A
        AC0BB555BE3A6C1B0C6B47B1BC3773BF7E8C6F62901228F8C28CBB18A55AE31341000A650196F931C77A57F2
        DDF463E5E9EC144B777DE62AAAB8A8628AC376D282D6ED3864E67982428EBC831D14348F6F2F9193B5045AF2
        767164E1DFC967C1FB3F2E55A4BD1BFFE83B9C80D052B985D182EA0ADB2A3B7313D3FE14C8484B1E052588B9
        B7D2BBD2DF016199ECD06E1557CD0915B3353BBB64E0EC377FD028370DF92B52C7891428CDC67EB6184B523D
        1DB246C32F63078490F00EF8D647D148D47954515E2327CFEF98C582664B4C0F6CC41659""",
        "8CF83642A709A097B447997640129DA299B1A47D1EB3750BA308B0FE64F5FBD3"),
}

# parameterId -> ecdsa curve (NIST P-224 is listed but excluded from Integrated Mapping only).
_CURVES: dict[int, Any] = {
    8: ecdsa.NIST192p, 9: ecdsa.BRAINPOOLP192r1, 10: ecdsa.NIST224p, 11: ecdsa.BRAINPOOLP224r1,
    12: ecdsa.NIST256p, 13: ecdsa.BRAINPOOLP256r1, 14: ecdsa.BRAINPOOLP320r1,
    15: ecdsa.NIST384p, 16: ecdsa.BRAINPOOLP384r1, 17: ecdsa.BRAINPOOLP512r1,
    18: ecdsa.NIST521p,
}
_SEC_NAMES = {8: "secp192r1", 10: "secp224r1", 12: "secp256r1", 15: "secp384r1", 18: "secp521r1"}

DOMAIN_NAMES: dict[int, str] = {
    **{pid: entry[0] for pid, entry in _RFC5114.items()},
    **{pid: _SEC_NAMES.get(pid, curve.openssl_name) for pid, curve in _CURVES.items()},
}
_ALIASES = {"p-192": 8, "p-224": 10, "p-256": 12, "p-384": 15, "p-521": 18,
            "prime256v1": 12, "prime192v1": 8}


def parameter_id_for(name: str) -> int:
    """The standardized parameterId of a curve or group name (case-insensitive)."""
    wanted = name.strip().lower()
    for pid, known in DOMAIN_NAMES.items():
        if known.lower() == wanted:
            return pid
    if wanted in _ALIASES:
        return _ALIASES[wanted]
    raise ValueError(f"unknown PACE domain {name!r}; known: {', '.join(DOMAIN_NAMES.values())}")


def ec_domain(curve: Any, name: str | None = None) -> EcDomain:
    """An EcDomain from a python-ecdsa Curve (its own generator)."""
    generator = curve.generator
    return EcDomain(name or curve.name, curve.curve, generator, int(generator.order()))


def standard_domain(parameter_id: int) -> Domain:
    """Standardized domain parameters by ICAO parameterId; DomainError for others."""
    if parameter_id in _RFC5114:
        name, p, g, q = _RFC5114[parameter_id]
        return DhDomain(name, _hex(p), _hex(g), _hex(q))
    if parameter_id in _CURVES:
        return ec_domain(_CURVES[parameter_id], DOMAIN_NAMES[parameter_id])
    raise DomainError(f"no standardized domain parameters with id {parameter_id}")


# --- domain parameters carried in ASN.1 (PACEDomainParameterInfo, DG14 keys) -----------------

_ASN1_ERRORS = (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError)
_CURVE_BY_OID = {curve.oid: curve for curve in _CURVES.values()}


def _ec_from_parameters(params: Any) -> EcDomain:
    """ECParameters (named or explicit) -> EcDomain; only curves python-ecdsa knows."""
    if params.name == "named":
        oid = tuple(int(part) for part in params.chosen.dotted.split("."))
        curve = _CURVE_BY_OID.get(oid)
        if curve is None:
            raise DomainError(f"unsupported named curve {params.chosen.dotted}")
        return ec_domain(curve)
    if params.name != "specified":
        raise DomainError("implicitly-CA EC parameters")
    try:
        curve = ecdsa.curves.Curve.from_der(params.dump(), valid_encodings=("explicit",))
    except Exception as exc:  # python-ecdsa raises several unrelated types here
        raise DomainError("explicit EC parameters of an unknown curve") from exc
    return ec_domain(curve)


def _dh_from_parameters(params: Any) -> DhDomain:
    p, g = int(params["p"].native), int(params["g"].native)
    q_value = params["q"].native if "q" in params and params["q"].native else None
    if p.bit_length() < 1024 or not 1 < g < p - 1:
        raise DomainError("DH parameters too small or malformed")
    return DhDomain(f"dh{p.bit_length()}", p, g, int(q_value) if q_value else None)


class _DhAlgorithm(core.Sequence):
    """AlgorithmIdentifier { dhpublicnumber, DomainParameters } (X9.42)."""

    _fields: ClassVar[list[tuple[Any, ...]]] = [
        ("algorithm", core.ObjectIdentifier), ("parameters", keys.DomainParameters)]


DH_PUBLIC_NUMBER = "1.2.840.10046.2.1"
EC_PUBLIC_KEY = "1.2.840.10045.2.1"


def domain_from_algorithm(der: bytes) -> Domain:
    """AlgorithmIdentifier DER (PACEDomainParameterInfo) -> Domain."""
    try:
        outer = algos.AlgorithmIdentifier.load(der, strict=True)
        oid = outer["algorithm"].dotted
        if oid == EC_PUBLIC_KEY:
            params = keys.ECDomainParameters.load(outer["parameters"].dump(), strict=True)
            return _ec_from_parameters(params)
        if oid == DH_PUBLIC_NUMBER:
            return _dh_from_parameters(_DhAlgorithm.load(der, strict=True)["parameters"])
    except DomainError:
        raise
    except _ASN1_ERRORS as exc:
        raise DomainError("malformed domain parameters") from exc
    raise DomainError(f"unsupported domain parameter algorithm {oid}")


def domain_from_spki(der: bytes) -> tuple[Domain, bytes]:
    """(domain, encoded public key) from a SubjectPublicKeyInfo (DG14 Chip Authentication key)."""
    try:
        info = keys.PublicKeyInfo.load(der, strict=True)
        algorithm = info["algorithm"]
        oid = algorithm["algorithm"].dotted
        if oid == EC_PUBLIC_KEY:
            domain: Domain = _ec_from_parameters(algorithm["parameters"])
            public = bytes(info["public_key"].contents[1:])  # drop the BIT STRING pad byte
        elif oid == DH_PUBLIC_NUMBER:
            domain = _dh_from_parameters(algorithm["parameters"])
            value = core.Integer.load(bytes(info["public_key"].contents[1:])).native
            public = domain.encode(int(value)) if isinstance(domain, DhDomain) else b""
        else:
            raise DomainError(f"unsupported public key algorithm {oid}")
    except DomainError:
        raise
    except _ASN1_ERRORS as exc:
        raise DomainError("malformed public key") from exc
    domain.check_public(public)
    return domain, public
