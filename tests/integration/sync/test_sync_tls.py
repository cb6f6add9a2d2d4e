"""HTTPS to the portal: verification against the configured CA bundle, and mutual TLS with a
password-protected client key whose password comes from the credentials (keyring)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import ipaddress
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kiosk.sync.credentials import StaticCredentials
from kiosk.sync.outbox import Outbox

pytestmark = pytest.mark.portal


def _cert(subject: str, issuer_key, issuer_name, key, *, ca: bool = False,
          server: bool = False) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(issuer_name or x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if server:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                         x509.DNSName("localhost")]), critical=False)
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    elif not ca:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
    return builder.sign(issuer_key or key, hashes.SHA256())


@pytest.fixture
def pki(tmp_path: Path) -> dict[str, Path]:
    return make_pki(tmp_path)


def make_pki(tmp_path: Path) -> dict[str, Path]:
    """A CA, a server certificate for 127.0.0.1 and a client certificate, as PEM files."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert("Test portal CA", None, None, ca_key, ca=True)
    server_key = ec.generate_private_key(ec.SECP256R1())
    server = _cert("127.0.0.1", ca_key, ca.subject, server_key, server=True)
    client_key = ec.generate_private_key(ec.SECP256R1())
    client = _cert("KIOSK-TEST-01", ca_key, ca.subject, client_key)
    pem = serialization.Encoding.PEM
    paths = {name: tmp_path / f"{name}.pem" for name in ("ca", "server", "server_key",
                                                          "client")}
    paths["ca"].write_bytes(ca.public_bytes(pem))
    paths["server"].write_bytes(server.public_bytes(pem))
    paths["server_key"].write_bytes(server_key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    paths["client"].write_bytes(client.public_bytes(pem) + client_key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"cert-pass")))
    return paths


def _server_context(pki: dict[str, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pki["server"], pki["server_key"])
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(pki["ca"])
    return context


def test_mutual_tls_with_ca_bundle_and_password_protected_client_key(
        pki, start_portal, sync_settings, make_worker, make_dossier, portal_token):
    portal = start_portal(tls=_server_context(pki))
    assert portal.url.startswith("https://127.0.0.1:")
    settings = dataclasses.replace(sync_settings, portal_url=portal.url,
                                   portal_ca_bundle=pki["ca"], portal_client_cert=pki["client"])
    outbox = Outbox.open(settings)
    dossier = make_dossier()
    outbox.enqueue(dossier)

    # Without the portal's CA the certificate is not trusted: nothing is sent.
    untrusting = make_worker(dataclasses.replace(settings, portal_ca_bundle=None),
                             credentials=StaticCredentials(portal_token, "cert-pass"))
    assert not untrusting.run_until_empty(0.5)
    untrusting.close()
    # Without a client certificate the portal refuses the handshake.
    anonymous = make_worker(dataclasses.replace(settings, portal_client_cert=None))
    assert not anonymous.run_until_empty(0.5)
    anonymous.close()
    assert portal.requests() == []

    worker = make_worker(settings, credentials=StaticCredentials(portal_token, "cert-pass"))
    assert worker.run_until_empty(10)
    assert [d["dossier_id"] for d in portal.dossiers()] == [dossier.dossier_id]
    outbox.close()
