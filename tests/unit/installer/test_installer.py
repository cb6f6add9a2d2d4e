"""Linux kiosk installer: shellcheck, systemd-analyze verify, --dry-run and --root runs."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from kiosk.config import Settings, load

REPO = Path(__file__).resolve().parents[3]
LINUX = REPO / "installer" / "linux"
SCRIPT = LINUX / "install-kiosk.sh"
SHELL_SCRIPTS = [SCRIPT, LINUX / "kiosk-session", LINUX / "kiosk-app"]
UNIT = "hanoi-kiosk.service"

BASE_ARGS = [
    "--kiosk-id",
    "HK-HANGBAC-01",
    "--agency-code",
    "H26.22.01",
    "--agency-name",
    'UBND Phường "Hàng" Bạc \\ Hà Nội',
    "--portal-url",
    "https://portal.example.gov.vn",
    "--printer",
    "RECEIPT80",
    "--language",
    "en",
    "--idle-timeout",
    "180",
    "--idle-warning",
    "40",
    "--rotation",
    "90",
    "--mobile",
    "--log-level",
    "DEBUG",
]


def run_installer(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["bash", str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A stand-in for the built bundle: a directory with an executable `kiosk`."""
    path = tmp_path / "bundle"
    path.mkdir()
    exe = path / "kiosk"
    exe.write_text('#!/bin/sh\necho "kiosk $*"\n')
    exe.chmod(0o755)
    (path / "_internal").mkdir()
    (path / "_internal" / "base_library.zip").write_bytes(b"PK")
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A chroot-like directory holding the system's own units, as a Debian image has."""
    path = tmp_path / "root"
    (path / "usr" / "lib").mkdir(parents=True)
    system_units = Path("/usr/lib/systemd/system")
    if system_units.is_dir():
        shutil.copytree(system_units, path / "usr/lib/systemd/system", symlinks=True)
    (path / "lib").symlink_to("usr/lib")
    return path


@pytest.mark.parametrize("script", SHELL_SCRIPTS, ids=lambda p: p.name)
def test_installer_shellcheck(script: Path) -> None:
    if shutil.which("shellcheck") is None:
        pytest.skip("shellcheck is not installed (Debian package shellcheck)")
    result = subprocess.run(
        ["shellcheck", "--severity=style", "--external-sources", str(script)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert os.access(script, os.X_OK)
    assert "set -euo pipefail" in script.read_text()


def test_installer_root_mode_writes_a_complete_kiosk(root: Path, bundle: Path) -> None:
    result = run_installer(*BASE_ARGS, "--bundle", bundle, "--root", root)
    out = result.stdout
    assert "skipped (--root)" in out  # no apt-get, no useradd under --root

    app = root / "opt/hanoi-kiosk"
    assert os.access(app / "app/kiosk", os.X_OK)
    assert (app / "app/_internal/base_library.zip").read_bytes() == b"PK"
    for name in ("kiosk-session", "kiosk-app"):
        installed = app / "bin" / name
        assert installed.read_text() == (LINUX / name).read_text()
        assert stat.S_IMODE(installed.stat().st_mode) == 0o755

    # The settings file is what the app itself loads.
    toml = root / "etc/hanoi-kiosk/kiosk.toml"
    assert stat.S_IMODE(toml.stat().st_mode) == 0o644
    settings = load(toml, env={})
    expected = {
        "kiosk_id": "HK-HANGBAC-01",
        "agency_code": "H26.22.01",
        "agency_name": 'UBND Phường "Hàng" Bạc \\ Hà Nội',
        "portal_url": "https://portal.example.gov.vn",
        "printer_name": "RECEIPT80",
        "language": "en",
        "idle_timeout_s": 180,
        "idle_warning_s": 40,
        "mobile_mode": True,
        "assisted_mode_allowed": True,
        "fullscreen": True,
        "data_dir": Path("/var/lib/hanoi-kiosk/data"),
        "log_level": "DEBUG",
    }
    assert {k: getattr(settings, k) for k in expected} == expected
    # Every key the installer writes is a real setting.
    written = {
        line.split("=")[0].strip()
        for line in toml.read_text().splitlines()
        if "=" in line and not line.startswith("#")
    }
    assert written <= {f.name for f in dataclasses.fields(Settings)}

    env = dict(
        line.split("=", 1)
        for line in (root / "etc/hanoi-kiosk/kiosk.env").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert env["KIOSK_CONFIG"] == "/etc/hanoi-kiosk/kiosk.toml"
    assert env["HANOI_KIOSK_EXE"] == "/opt/hanoi-kiosk/app/kiosk"
    assert env["HANOI_KIOSK_ROTATION"] == "90"
    assert env["QT_QPA_PLATFORM"] == "wayland"
    assert env["QT_IM_MODULE"] == "qtvirtualkeyboard"

    unit = root / "etc/systemd/system" / UNIT
    assert unit.read_text() == (LINUX / UNIT).read_text()
    polkit = root / "etc/polkit-1/rules.d/60-hanoi-kiosk-pcsc.rules"
    assert "org.debian.pcsc-lite.access_card" in polkit.read_text()
    udev = root / "etc/udev/rules.d/95-hanoi-kiosk-reader.rules"
    assert 'ATTR{power/control}="on"' in udev.read_text()
    for path in (unit, polkit, udev):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert stat.S_IMODE((root / "var/lib/hanoi-kiosk/data").stat().st_mode) == 0o700

    if shutil.which("systemctl") and (root / "usr/lib/systemd/system/graphical.target").exists():
        wants = root / "etc/systemd/system/graphical.target.wants" / UNIT
        assert os.readlink(wants) == f"/etc/systemd/system/{UNIT}"
        assert os.readlink(root / "etc/systemd/system/ctrl-alt-del.target") == "/dev/null"
        assert os.readlink(root / "etc/systemd/system/default.target").endswith("graphical.target")


def test_installer_rerun_keeps_previous_app_and_settings(root: Path, bundle: Path) -> None:
    run_installer(*BASE_ARGS, "--bundle", bundle, "--root", root)
    (bundle / "kiosk").write_text('#!/bin/sh\necho "kiosk v2"\n')
    args = [a if a != "HK-HANGBAC-01" else "HK-HANGBAC-02" for a in BASE_ARGS]
    run_installer(*args, "--bundle", bundle, "--root", root)
    app = root / "opt/hanoi-kiosk"
    assert "v2" in (app / "app/kiosk").read_text()
    assert "v2" not in (app / "app.old/kiosk").read_text()
    conf = root / "etc/hanoi-kiosk"
    assert 'kiosk_id = "HK-HANGBAC-02"' in (conf / "kiosk.toml").read_text()
    assert 'kiosk_id = "HK-HANGBAC-01"' in (conf / "kiosk.toml.previous").read_text()


def test_installer_unit_passes_systemd_analyze_verify(root: Path, bundle: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (Debian package systemd)")
    if not (root / "usr/lib/systemd/system/sysinit.target").exists():
        pytest.skip("no systemd units on this machine to verify against")
    run_installer(*BASE_ARGS, "--bundle", bundle, "--root", root)
    result = subprocess.run(
        ["systemd-analyze", "verify", f"--root={root}", UNIT],
        capture_output=True,
        text=True,
        timeout=120,
    )
    # Warnings (unknown keys, bad values) leave the exit code at 0: fail on any line that
    # names our unit too.
    ours = [line for line in (result.stdout + result.stderr).splitlines() if UNIT in line]
    assert result.returncode == 0 and not ours, result.stdout + result.stderr


def test_installer_unit_runs_cage_on_tty1_as_kiosk() -> None:
    unit = (LINUX / UNIT).read_text()
    for line in (
        "User=kiosk",
        "PAMName=login",
        "TTYPath=/dev/tty1",
        "Restart=always",
        "Conflicts=getty@tty1.service",
        "ExecStart=/opt/hanoi-kiosk/bin/kiosk-session",
        "EnvironmentFile=/etc/hanoi-kiosk/kiosk.env",
        "WantedBy=graphical.target",
    ):
        assert line in unit.splitlines(), line
    session = (LINUX / "kiosk-session").read_text()
    assert "exec cage" in session and "-r" in session


def test_installer_dry_run_changes_nothing(tmp_path: Path, bundle: Path) -> None:
    before = {p: p.exists() for p in map(Path, ["/etc/hanoi-kiosk", "/opt/hanoi-kiosk"])}
    wheel = tmp_path / "hanoi_kiosk-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"PK")
    out = run_installer(*BASE_ARGS, "--wheel", wheel, "--dry-run").stdout
    for expected in (
        "+ apt-get update",
        "cage",
        "pcscd",
        "+ useradd --system",
        "+ python3 -m venv /opt/hanoi-kiosk/venv",
        f"+ /opt/hanoi-kiosk/venv/bin/pip install --no-cache-dir {wheel}",
        "+ write /etc/hanoi-kiosk/kiosk.toml (mode 0644)",
        '|   kiosk_id = "HK-HANGBAC-01"',
        "|   HANOI_KIOSK_ROTATION=90",
        f"+ install -D -m 0644 {LINUX / UNIT} /etc/systemd/system/{UNIT}",
        "+ systemctl enable pcscd.socket",
        f"+ systemctl enable {UNIT}",
        "+ systemctl mask ctrl-alt-del.target",
    ):
        assert expected in out, expected
    assert {p: p.exists() for p in before} == before

    # --dry-run with --root: the same, under the root, and the root stays empty.
    empty = tmp_path / "empty-root"
    empty.mkdir()
    out = run_installer(*BASE_ARGS, "--bundle", bundle, "--dry-run", "--root", empty).stdout
    assert f"+ write {empty}/etc/hanoi-kiosk/kiosk.toml" in out
    assert list(empty.iterdir()) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (["--kiosk-id", ""], "--kiosk-id"),
        (["--kiosk-id", "bad id!"], "--kiosk-id"),
        (["--portal-url", "http://portal.example.gov.vn"], "https"),
        (["--rotation", "45"], "--rotation"),
        (["--idle-warning", "10"], "WCAG"),
        (["--idle-warning", "200"], "--idle-warning"),
        (["--language", "fr"], "--language"),
        (["--log-level", "LOUD"], "--log-level"),
        (["--printer", "bad\tname"], "control"),
        (["--frobnicate"], "unknown option"),
    ],
)
def test_installer_refuses_bad_arguments(
    bundle: Path, tmp_path: Path, change: list[str], message: str
) -> None:
    args = list(BASE_ARGS)
    if change[0] in args:
        i = args.index(change[0])
        args[i : i + 2] = change
    else:
        args += change
    result = run_installer(*args, "--bundle", bundle, "--root", tmp_path, check=False)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "etc").exists()


def test_installer_needs_exactly_one_app_source(bundle: Path, tmp_path: Path) -> None:
    result = run_installer(*BASE_ARGS, "--root", tmp_path, check=False)
    assert result.returncode == 2 and "--wheel" in result.stderr
    result = run_installer(*BASE_ARGS, "--bundle", tmp_path, "--root", tmp_path, check=False)
    assert result.returncode == 2 and "executable" in result.stderr
    assert run_installer("--help").stdout.startswith("Usage: install-kiosk.sh")


def test_installer_polkit_rule_allows_only_the_kiosk_user() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: cannot evaluate the polkit rule")
    harness = """
const fs = require("fs"), vm = require("vm");
const rules = [];
const polkit = {addRule: (f) => rules.push(f), Result: {YES: "yes", NO: "no", NOT_HANDLED: null}};
vm.runInNewContext(fs.readFileSync(process.argv[1], "utf8"), {polkit});
const ask = (id, user) => rules.map((r) => r({id, lookup: () => ""}, {user}))
    .find((v) => v !== null) ?? null;
console.log(JSON.stringify({
  pcsc: ask("org.debian.pcsc-lite.access_pcsc", "kiosk"),
  card: ask("org.debian.pcsc-lite.access_card", "kiosk"),
  other_user: ask("org.debian.pcsc-lite.access_card", "www-data"),
  other_action: ask("org.freedesktop.login1.reboot", "kiosk"),
}));
"""
    result = subprocess.run(
        [node, "-e", harness, str(LINUX / "60-hanoi-kiosk-pcsc.rules")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "pcsc": "yes",
        "card": "yes",
        "other_user": None,
        "other_action": None,
    }


def test_installer_session_script_rotates_with_cage_r(tmp_path: Path) -> None:
    """Run kiosk-session with a fake cage that records its arguments."""
    fake = tmp_path / "bin"
    fake.mkdir()
    record = tmp_path / "args"
    cage = fake / "cage"
    cage.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = -h ]; then echo " -r\t Rotate the output 90 degrees clockwise"; exit 0; fi\n'
        f'echo "$* rotated_by_cage=$HANOI_KIOSK_ROTATED_BY_CAGE" > {record}\n'
    )
    cage.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}", "HANOI_KIOSK_ROTATION": "270"}
    subprocess.run(["bash", str(LINUX / "kiosk-session")], env=env, check=True, timeout=30)
    assert record.read_text().split() == [
        "-d",
        "-r",
        "-r",
        "-r",
        "--",
        "/opt/hanoi-kiosk/bin/kiosk-app",
        "rotated_by_cage=1",
    ]
    env["HANOI_KIOSK_ROTATION"] = "0"
    subprocess.run(["bash", str(LINUX / "kiosk-session")], env=env, check=True, timeout=30)
    assert record.read_text().split() == [
        "-d",
        "--",
        "/opt/hanoi-kiosk/bin/kiosk-app",
        "rotated_by_cage=",
    ]
