"""Test and demo PKI: a CSCA that certifies a Document Signer (DSC) that signs EF.SOD.

The demo PKI lives in resources/trust/ so that `kiosk card simulate` in one process and
`kiosk card read --trust resources/trust/demo-csca.pem` in another agree. Its DSC private key
is public on purpose: demo only, never trust it in production.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from kiosk.devices.card.lds.signature import hash_algorithm
from kiosk.devices.card.lds.trust_store import TrustStore

DEMO_CSCA_FILE = "demo-csca.pem"
DEMO_DSC_FILE = "demo-dsc.pem"
DEMO_DSC_KEY_FILE = "demo-dsc-key.pem"

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kiosk test PKI (not a real issuer)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _new_key(key_type: str) -> PrivateKey:
    if key_type == "ecdsa":
        return ec.generate_private_key(ec.SECP256R1())
    if key_type in ("rsa", "rsa-pss"):
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    raise ValueError(f"unknown key type {key_type}")


def _sign_cert(builder: x509.CertificateBuilder, key: PrivateKey, scheme: str) -> x509.Certificate:
    if scheme == "rsa-pss" and isinstance(key, rsa.RSAPrivateKey):
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
        return builder.sign(key, hashes.SHA256(), rsa_padding=pss)
    return builder.sign(key, hashes.SHA256())


def _serial(label: str) -> int:
    # Stable serial numbers for a given name keep generated PKIs easy to tell apart.
    return int.from_bytes(hashlib.sha256(label.encode()).digest()[:8], "big") >> 1


@dataclass
class TestPKI:
    """CSCA (key optional: the demo ships only its certificate) and a DSC with its key."""

    __test__ = False  # not a pytest test class despite the name

    csca_cert: x509.Certificate
    dsc_cert: x509.Certificate
    dsc_key: PrivateKey
    csca_key: PrivateKey | None = None
    scheme: str = "ecdsa"  # how the DSC signs: ecdsa, rsa (PKCS#1 v1.5) or rsa-pss
    _trust: TrustStore | None = field(default=None, repr=False, compare=False)

    @classmethod
    def generate(
        cls,
        *,
        scheme: str = "ecdsa",
        csca_name: str = "CSCA Viet Nam TEST",
        dsc_name: str = "Document Signer TEST 01",
        not_before: datetime = datetime(2020, 1, 1, tzinfo=UTC),
        dsc_not_after: datetime = datetime(2046, 1, 1, tzinfo=UTC),
        csca_not_after: datetime = datetime(2050, 1, 1, tzinfo=UTC),
    ) -> TestPKI:
        csca_key = _new_key(scheme)
        dsc_key = _new_key(scheme)
        csca_ski = x509.SubjectKeyIdentifier.from_public_key(csca_key.public_key())
        csca = _sign_cert(
            x509.CertificateBuilder()
            .subject_name(_name(csca_name))
            .issuer_name(_name(csca_name))
            .public_key(csca_key.public_key())
            .serial_number(_serial(csca_name))
            .not_valid_before(not_before)
            .not_valid_after(csca_not_after)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                critical=True,
            )
            .add_extension(csca_ski, critical=False),
            csca_key,
            scheme,
        )
        dsc = _sign_cert(
            x509.CertificateBuilder()
            .subject_name(_name(dsc_name))
            .issuer_name(csca.subject)
            .public_key(dsc_key.public_key())
            .serial_number(_serial(csca_name + "/" + dsc_name))
            .not_valid_before(not_before)
            .not_valid_after(dsc_not_after)
            .add_extension(
                x509.KeyUsage(True, False, False, False, False, False, False, False, False),
                critical=True,
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(csca_ski),
                critical=False,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(dsc_key.public_key()), critical=False
            ),
            csca_key,
            scheme,
        )
        return cls(csca_cert=csca, dsc_cert=dsc, dsc_key=dsc_key, csca_key=csca_key, scheme=scheme)

    @property
    def dsc_der(self) -> bytes:
        return self.dsc_cert.public_bytes(serialization.Encoding.DER)

    @property
    def csca_pem(self) -> bytes:
        return self.csca_cert.public_bytes(serialization.Encoding.PEM)

    def sign(self, data: bytes, digest: str) -> bytes:
        """The DSC's signature over ``data`` in this PKI's scheme."""
        algorithm = hash_algorithm(digest)
        key = self.dsc_key
        if isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(algorithm))
        if self.scheme == "rsa-pss":
            salt = algorithm.digest_size
            return key.sign(data, padding.PSS(mgf=padding.MGF1(algorithm), salt_length=salt),
                            algorithm)  # fmt: skip
        return key.sign(data, padding.PKCS1v15(), algorithm)

    def trust_store(self) -> TrustStore:
        """A TrustStore holding only this PKI's CSCA."""
        if self._trust is None:
            self._trust = TrustStore.from_pem(self.csca_pem)
        return self._trust


def demo_trust_dir() -> Path:
    from kiosk.config import resources_path

    return resources_path() / "trust"


@lru_cache(maxsize=1)
def demo_pki() -> TestPKI:
    """The persistent demo PKI from resources/trust/ (CSCA certificate, DSC and its key)."""
    folder = demo_trust_dir()
    csca = x509.load_pem_x509_certificate((folder / DEMO_CSCA_FILE).read_bytes())
    dsc = x509.load_pem_x509_certificate((folder / DEMO_DSC_FILE).read_bytes())
    key = serialization.load_pem_private_key((folder / DEMO_DSC_KEY_FILE).read_bytes(), None)
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise ValueError("demo DSC key must be EC or RSA")
    scheme = "ecdsa" if isinstance(key, ec.EllipticCurvePrivateKey) else "rsa"
    return TestPKI(csca_cert=csca, dsc_cert=dsc, dsc_key=key, scheme=scheme)


@lru_cache(maxsize=1)
def other_pki() -> TestPKI:
    """A PKI the kiosk does not trust: for "unknown CSCA" tests and `wrong_dsc`."""
    return TestPKI.generate(
        csca_name="CSCA Unknown Country TEST", dsc_name="Document Signer UNKNOWN 01"
    )


def write_demo_pki(folder: Path) -> TestPKI:
    """Create the demo PKI files once (the CSCA key is thrown away: nothing else signs)."""
    pki = TestPKI.generate(csca_name="CSCA Viet Nam DEMO", dsc_name="Document Signer DEMO 01")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / DEMO_CSCA_FILE).write_bytes(pki.csca_pem)
    (folder / DEMO_DSC_FILE).write_bytes(pki.dsc_cert.public_bytes(serialization.Encoding.PEM))
    (folder / DEMO_DSC_KEY_FILE).write_bytes(
        pki.dsc_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return pki
