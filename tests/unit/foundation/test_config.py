from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import Settings, SettingsError, describe, load


def test_defaults_are_vietnamese_first_and_fullscreen(tmp_path: Path) -> None:
    s = load(tmp_path / "missing.toml", env={})
    assert s.language == "vi"
    assert s.fullscreen is True
    assert s.demo is False


def test_file_tables_flatten_and_env_and_overrides_win(tmp_path: Path) -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(
        'kiosk_id = "HN-HK-07"\nlanguage = "en"\n[portal]\nurl = "https://portal.example"\n'
        "read_timeout_s = 12\n",
        encoding="utf-8",
    )
    s = load(cfg, env={"KIOSK_LANGUAGE": "vi", "KIOSK_FULLSCREEN": "no"}, screen_dpi=160)
    assert s.kiosk_id == "HN-HK-07"
    assert s.portal_url == "https://portal.example"
    assert s.portal_read_timeout_s == 12.0
    assert s.language == "vi"  # environment beats the file
    assert s.fullscreen is False
    assert s.screen_dpi == 160.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour = 'red'\n", "unknown setting"),
        ("language = 'fr'\n", "language must be vi or en"),
        ("filing_channel = 'post'\n", "filing_channel must be online or counter"),
        ("screen_dpi = 'big'\n", "not a valid float"),
        ("fullscreen = 'maybe'\n", "not a valid bool"),
        ("idle_warning_s = 5\n", "idle_warning_s"),
        ("this is not toml", "not valid TOML"),
    ],
)
def test_bad_settings_give_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=message):
        load(cfg, env={})


def test_every_setting_is_described() -> None:
    rows = describe()
    assert {r[0] for r in rows} == set(Settings.__dataclass_fields__)
    assert all(r[3] for r in rows)


def test_touch_target_is_15mm_at_configured_dpi() -> None:
    assert Settings(screen_dpi=96).touch_target_px == 57
    assert Settings(screen_dpi=254, touch_target_mm=10).touch_target_px == 100
