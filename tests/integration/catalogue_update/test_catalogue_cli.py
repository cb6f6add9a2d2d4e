"""`kiosk catalogue bundle`, `kiosk catalogue update` and `kiosk portal-sim --catalogue`, run
as an operator would (separate processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.forms.catalogue_bundle import new_signing_key, public_key_setting
from tests.integration.catalogue_update.conftest import TOKEN, snapshot

pytestmark = pytest.mark.portal


@pytest.fixture
def kiosk(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    base = {**os.environ, "KIOSK_CONFIG": str(tmp_path / "none.toml"),
            "PYTHON_KEYRING_BACKEND": "kiosk.sync.credentials.FileKeyring",
            "KIOSK_KEYRING_FILE": str(tmp_path / "keyring.json")}

    def run(*args: str, stdin: str | None = None, **settings: str
            ) -> subprocess.CompletedProcess[str]:
        env = {**base, **{f"KIOSK_{k.upper()}": v for k, v in settings.items()}}
        return subprocess.run([sys.executable, "-m", "kiosk", "--data-dir",
                               str(tmp_path / "data"), *args], input=stdin, env=env,
                              capture_output=True, text=True, timeout=120)
    return run


def listed_name(kiosk: Any, **settings: str) -> str:
    done = kiosk("catalogue", "list", "--json", **settings)
    assert done.returncode == 0, done.stderr
    return next(s["name_vi"] for s in json.loads(done.stdout)["services"]
                if s["code"] == "1.001193")


def test_an_operator_signs_a_bundle_and_a_technician_installs_it_from_a_file(
        tmp_path: Path, kiosk: Any, catalogue_named: Callable[[str], Path]) -> None:
    key = new_signing_key()
    key_file = tmp_path / "portal-key.jwk"
    key_file.write_text(key.export_private())
    out = tmp_path / "bundle.jws"
    signed = kiosk("catalogue", "bundle", "--key", str(key_file), "--out", str(out),
                   "--from", str(catalogue_named("Khai sinh (USB)")), "--version",
                   "2026.12.08.3")
    assert signed.returncode == 0, signed.stderr
    assert "bundle 2026.12.08.3 for province 1" in signed.stdout
    assert public_key_setting(key) in signed.stderr  # what the kiosks pin
    pin = {"catalogue_signing_key": public_key_setting(key)}

    installed = kiosk("catalogue", "update", "--file", str(out), **pin)
    assert installed.returncode == 0, installed.stderr
    assert installed.stdout.startswith("installed: bundle 2026.12.08.3 installed")
    assert listed_name(kiosk, **pin) == "Khai sinh (USB)"
    # The same file again is a replay: refused, exit 1, one line on stderr says why.
    again = kiosk("catalogue", "update", "--file", str(out), **pin)
    assert again.returncode == 1
    assert again.stdout.startswith("refused: version 2026.12.08.3 is not newer")
    assert "refused (replay)" in again.stderr
    # Another key than the pinned one: refused.
    other = {"catalogue_signing_key": public_key_setting(new_signing_key())}
    refused = kiosk("catalogue", "update", "--file", str(out), **other)
    assert refused.returncode == 1 and "not the pinned key" in refused.stdout


def test_an_invalid_catalogue_is_not_signed(tmp_path: Path, kiosk: Any,
                                            catalogue_named: Callable[[str], Path]) -> None:
    folder = catalogue_named("x")
    path = folder / "1.001193.json"
    raw = json.loads(path.read_text("utf-8"))
    raw["fee"]["rule"] = "${copies} *"
    path.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    key_file = tmp_path / "k.jwk"
    key_file.write_text(new_signing_key().export_private())
    done = kiosk("catalogue", "bundle", "--key", str(key_file), "--out",
                 str(tmp_path / "b.jws"), "--from", str(folder))
    assert done.returncode == 1
    assert "1.001193.json: fee.rule: syntax error" in done.stdout
    assert not (tmp_path / "b.jws").exists()
    public = tmp_path / "public.jwk"
    public.write_text(new_signing_key().export_public())
    assert kiosk("catalogue", "bundle", "--key", str(public), "--out",
                 str(tmp_path / "b.jws")).returncode == 2


def test_update_from_the_portal(tmp_path: Path, kiosk: Any, portal: Any,
                                catalogue_named: Callable[[str], Path]) -> None:
    pin = {"catalogue_signing_key": portal.catalogue.public_key_setting(),
           "portal_url": portal.url}
    assert kiosk("token", "set", stdin=TOKEN + "\n").returncode == 0
    portal.catalogue.publish(catalogue_named("Khai sinh (cổng)"))
    done = kiosk("catalogue", "update", **pin)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"installed: bundle {portal.catalogue.newest()} installed")
    assert "in use from the next citizen: bundle" in done.stdout
    assert listed_name(kiosk, **pin) == "Khai sinh (cổng)"
    before = snapshot(tmp_path / "data" / "catalogue")
    portal.set_faults("catalogue=tampered")
    portal.catalogue.publish(catalogue_named("Khai sinh (giả)"))
    tampered = kiosk("catalogue", "update", **pin)
    assert tampered.returncode == 1
    assert tampered.stdout.startswith("refused: the signature does not verify")
    assert snapshot(tmp_path / "data" / "catalogue") == before
    assert listed_name(kiosk, **pin) == "Khai sinh (cổng)"


def test_portal_sim_publishes_the_catalogue_and_prints_the_key_to_pin(
        tmp_path: Path, kiosk: Any) -> None:
    import requests

    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "portal-sim", "--port", "0", "--data",
         str(tmp_path / "sim"), "--token", TOKEN, "--catalogue"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "KIOSK_CONFIG": str(tmp_path / "none.toml")})
    try:
        assert process.stdout is not None
        ready = process.stdout.readline()
        pinned = process.stdout.readline()
        url = ready.split(" on ", 1)[1].split()[0]
        assert "catalogue_signing_key = '" in pinned
        key = pinned.split("catalogue_signing_key = '", 1)[1].rstrip("'\n")
        answer = requests.get(f"{url}/v1/catalogue/bundle?province=1", timeout=10, headers={
            "Authorization": f"Bearer {TOKEN}", "Kiosk-Id": "K1"})
        assert answer.status_code == 200
        assert answer.headers["Content-Type"] == "application/jose"
        from kiosk.forms.catalogue_bundle import PinnedKey, open_bundle

        bundle = open_bundle(answer.content, PinnedKey.from_setting(key), 1)
        assert "1.001193.json" in bundle.files
        version = bundle.version
        unchanged = requests.get(f"{url}/v1/catalogue/bundle?province=1&after={version}",
                                 timeout=10, headers={"Authorization": f"Bearer {TOKEN}",
                                                      "Kiosk-Id": "K1"})
        assert unchanged.status_code == 204 and unchanged.content == b""
    finally:
        process.terminate()
        process.wait(timeout=10)
