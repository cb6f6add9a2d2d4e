"""Settings declared once, with type, default and description.

Sources, later wins: the defaults below, a TOML file (``KIOSK_CONFIG`` or ``kiosk.toml`` in the
platform config dir), environment variables ``KIOSK_<NAME>``, then explicit overrides (CLI).
A TOML table flattens into its prefix: ``[portal] url = "..."`` sets ``portal_url``.
Secrets (device token, client-certificate password) are never settings: they live in the
keyring (see ``kiosk.sync.credentials``).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "hanoi-kiosk"
ENV_PREFIX = "KIOSK_"


class SettingsError(ValueError):
    """A settings file or variable holds a value the kiosk cannot use."""


def _opt(default: Any, doc: str) -> Any:
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class Settings:
    # Identity of this kiosk and the unit that receives its dossiers.
    kiosk_id: str = _opt("KIOSK-DEMO-01", "Identifier sent to the portal as Kiosk-Id.")
    kiosk_code_tag: str = _opt("", "This kiosk's unique 3-char tag in local dossier codes, or ''.")
    kiosk_name: str = _opt("Điểm hỗ trợ dịch vụ công 24/7", "Name shown in the header.")
    agency_code: str = _opt(
        "H26.22.01", "Receiving agency code (QCVN 102:2016), prefix of dossier codes."
    )
    agency_name: str = _opt("UBND Phường Hoàn Kiếm", "Receiving unit printed on receipts.")
    agency_place: str = _opt("Hà Nội", "Place name printed before the date on receipts.")
    province_code: int = _opt(1, "Province (National Statistics Office code; Hà Nội = 1).")
    filing_channel: str = _opt(
        "online",
        "How this kiosk files a dossier, for the fee: online (it submits to the portal: the "
        "online rate and the province's online support apply) or counter (staff enter it).",
    )

    # Screen and language.
    language: str = _opt("vi", "Start-up language: vi or en.")
    fullscreen: bool = _opt(True, "Full screen (kiosk); false for a development window.")
    window_size: str = _opt(
        "1280x800",
        "Window size WxH when not full screen: 1920x1080, 1080x1920 (portrait), 1280x800 (tablet).",
    )
    screen_dpi: float = _opt(96.0, "Physical screen density, for touch-target sizes in mm.")
    touch_target_mm: float = _opt(15.0, "Smallest touch target, in millimetres.")
    telex_tone_style: str = _opt("old", "Telex tone placement: old (hòa, thủy) or new (hoà, thuỷ).")
    idle_timeout_s: int = _opt(120, "Seconds without a touch before a session ends.")
    idle_warning_s: int = _opt(30, "Warning shown this many seconds before the idle timeout.")

    # Where things live.
    data_dir: Path = _opt(
        Path(platformdirs.user_data_dir(APP_NAME)), "Outbox, receipts, logs (platform data dir)."
    )
    resources_dir: Path | None = _opt(None, "Override for the catalogue/fonts/trust data.")
    documents_dir: Path | None = _opt(None, "Document files offered besides USB sticks.")
    log_level: str = _opt("INFO", "Log level: DEBUG, INFO, WARNING, ERROR.")

    # Smart card.
    card_reader: str = _opt("", "Preferred PC/SC reader name (substring); empty = first found.")
    card_apdu_timeout_s: float = _opt(5.0, "Timeout for one APDU exchange.")
    csca_trust_store: Path | None = _opt(
        None, "CSCA certificates (PEM bundle or directory) for passive authentication."
    )

    # Portal and sync.
    portal_url: str = _opt("http://127.0.0.1:8765", "Base URL of the portal (HTTPS off loopback).")
    portal_ca_bundle: Path | None = _opt(None, "CA bundle for the portal's certificate.")
    portal_client_cert: Path | None = _opt(None, "Client certificate (PEM) for mutual TLS.")
    portal_connect_timeout_s: float = _opt(5.0, "HTTP connect timeout.")
    portal_read_timeout_s: float = _opt(30.0, "HTTP read timeout.")
    portal_request_deadline_s: float = _opt(
        120.0, "Longest one request to the portal may take in all (a trickling answer is cut)."
    )
    require_encryption: bool = _opt(
        True, "Refuse to send dossiers in plaintext when the portal publishes no key."
    )
    sync_backoff_base_s: float = _opt(1.0, "Backoff base delay for transient errors.")
    sync_backoff_cap_s: float = _opt(600.0, "Backoff cap (full jitter below it).")
    sync_probe_interval_s: float = _opt(5.0, "Health probe interval while offline.")
    retention_days: int = _opt(30, "Days an acknowledged dossier is kept before purge.")
    tracking_url: str = _opt(
        "https://dichvucong.hanoi.gov.vn/tra-cuu?ma={code}",
        "Tracking URL for receipt QR codes; {code} is the dossier code.",
    )
    catalogue_signing_key: str = _opt(
        "",
        "The portal's public Ed25519 key (JWK or PEM) that signs catalogue bundles; "
        "empty = no catalogue updates.",
    )
    catalogue_check_interval_s: float = _opt(
        21600.0, "Seconds between checks for a new catalogue bundle (also at start); 0 = "
        "only at start."
    )

    # Receipts, printing and payment.
    printer_name: str = _opt("", "CUPS printer for receipts; empty = system default.")
    receipt_paper: str = _opt("80mm", "Receipt layout: 80mm or a4.")
    print_timeout_s: float = _opt(60.0, "Seconds before a print job counts as failed.")
    payee_bank_bin: str = _opt("970415", "Bank BIN (NAPAS) of the fee account for VietQR.")
    payee_account: str = _opt("113366668888", "Account number receiving fees.")
    payee_name: str = _opt("UBND PHUONG HOAN KIEM", "Account holder shown to the payer.")

    # Roles.
    mobile_mode: bool = _opt(False, "Tablet/van mode: no printer, receipts as QR and PDF.")
    assisted_mode_allowed: bool = _opt(True, "Volunteers may sign in to assist citizens.")
    speech_engine: str = _opt("", "Speech engine (Qt plugin: speechd...); empty: any; none: off.")

    # Demo: simulated card and embedded reference portal.
    demo: bool = _opt(False, "Demo mode: virtual ID card and the embedded reference portal.")

    @property
    def window_px(self) -> tuple[int, int]:
        """`window_size` as (width, height) in pixels."""
        width, sep, height = self.window_size.lower().partition("x")
        if not (sep and width.isdigit() and height.isdigit()
                and 320 <= int(width) <= 8192 and 320 <= int(height) <= 8192):
            raise SettingsError(
                f"window_size must be WIDTHxHEIGHT in pixels, e.g. 1080x1920, not "
                f"{self.window_size!r}")
        return int(width), int(height)

    @property
    def touch_target_px(self) -> int:
        return round(self.touch_target_mm / 25.4 * self.screen_dpi)

    def resources(self) -> Path:
        return self.resources_dir or resources_path()


def resources_path() -> Path:
    """The catalogue, fonts and trust data: inside the wheel, or the repo's resources/."""
    packaged = Path(__file__).parent / "_resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"


def translations_path() -> Path:
    packaged = Path(__file__).parent / "_translations"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "translations"


def default_config_file() -> Path:
    env = os.environ.get(ENV_PREFIX + "CONFIG")
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir(APP_NAME)) / "kiosk.toml"


def describe() -> list[tuple[str, str, Any, str]]:
    """(name, type, default, description) of every setting, for docs and `kiosk doctor`."""
    hints = typing.get_type_hints(Settings)
    out = []
    for f in dataclasses.fields(Settings):
        out.append((f.name, _type_name(hints[f.name]), f.default, f.metadata["doc"]))
    return out


def load(
    config_file: Path | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Build settings from defaults, file, environment and overrides (None = not given)."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = config_file or default_config_file()
    if path.is_file():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{path}: not valid TOML: {exc}") from exc
        values.update(_flatten(raw, path))
    for name in _names():
        key = ENV_PREFIX + name.upper()
        if key in env:
            values[name] = env[key]
    values.update({k: v for k, v in overrides.items() if v is not None})
    return _build(values, origin=str(path))


def _names() -> list[str]:
    return [f.name for f in dataclasses.fields(Settings)]


def _flatten(raw: Mapping[str, Any], path: Path, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        name = f"{prefix}{key}".replace("-", "_")
        if isinstance(value, Mapping):
            out.update(_flatten(value, path, name + "_"))
        else:
            out[name] = value
    return out


def _build(values: Mapping[str, Any], origin: str) -> Settings:
    hints = typing.get_type_hints(Settings)
    known = set(_names())
    unknown = sorted(set(values) - known)
    if unknown:
        raise SettingsError(f"{origin}: unknown setting(s): {', '.join(unknown)}")
    converted = {name: _convert(name, hints[name], value) for name, value in values.items()}
    settings = Settings(**converted)
    if settings.filing_channel not in ("online", "counter"):
        raise SettingsError(
            f"filing_channel must be online or counter, not {settings.filing_channel!r}")
    if settings.language not in ("vi", "en"):
        raise SettingsError(f"language must be vi or en, not {settings.language!r}")
    if settings.receipt_paper not in ("80mm", "a4"):
        raise SettingsError(f"receipt_paper must be 80mm or a4, not {settings.receipt_paper!r}")
    if settings.idle_warning_s < 20 or settings.idle_warning_s >= settings.idle_timeout_s:
        raise SettingsError("idle_warning_s must be at least 20 and below idle_timeout_s")
    if settings.catalogue_check_interval_s < 0:
        raise SettingsError("catalogue_check_interval_s must be 0 or more")
    settings.window_px  # noqa: B018 (raises SettingsError when malformed)
    return settings


def _convert(name: str, hint: Any, value: Any) -> Any:
    optional = False
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(args) < len(typing.get_args(hint))
        hint = args[0]
    if optional and (value is None or value == ""):
        return None
    try:
        if hint is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError(value)
        if hint is Path:
            return Path(str(value)).expanduser()
        if hint in (int, float, str):
            if hint is not str and isinstance(value, bool):
                raise ValueError(value)
            return hint(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"setting {name}: {value!r} is not a valid {_type_name(hint)}") from exc
    raise SettingsError(f"setting {name}: unsupported type {hint!r}")


def _type_name(hint: Any) -> str:
    return getattr(hint, "__name__", str(hint))
