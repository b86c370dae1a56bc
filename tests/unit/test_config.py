"""Configuration: spec, precedence, errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.config import CONFIG_SPEC, load_config, render_config_toml
from tracker.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def test_top_level_config_toml_is_the_rendered_spec():
    assert (ROOT / "config.toml").read_text(encoding="utf-8") == render_config_toml()


def test_rendered_file_loads_to_the_defaults(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(render_config_toml(), encoding="utf-8")
    config = load_config(path)
    for option in CONFIG_SPEC:
        assert config.get(option.section, option.key) == option.default, option.name


def test_every_option_has_a_description():
    assert all(o.description.strip() for o in CONFIG_SPEC)
    names = [o.name for o in CONFIG_SPEC]
    assert len(names) == len(set(names))


def test_defaults_without_any_file():
    config = load_config()
    assert config.path is None
    assert config.timezone == "Asia/Ho_Chi_Minh"
    assert config.database_url.startswith("sqlite:///")
    assert config.database_url.endswith("tracker.db")


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("[general]\ntimezone = 'Asia/Hanoi_Nowhere'\n", "general.timezone"),
        ("[general]\ncolour = 'red'\n", "general.colour"),
        ("[deadlines]\ndue_soon_days = 'three'\n", "deadlines.due_soon_days"),
        ("[deadlines]\nroll_forward = 1\n", "deadlines.roll_forward"),
        ("[reminders]\nladder = [5, -1]\n", "reminders.ladder"),
        ("[schedule]\ncheck_time = '25:00'\n", "schedule.check_time"),
        ("[smtp]\npassword = 'secret'\n", "TRACKER_SMTP_PASSWORD"),
        ("[database]\nurl = 'mysql://x'\n", "database.url"),
        ("general = 3\n", "general"),
        ("[general\n", "TOML"),
    ],
    ids=[
        "unknown time zone",
        "unknown key",
        "string for an integer",
        "integer for a boolean",
        "negative reminder step",
        "impossible clock time",
        "password in the file",
        "unsupported database",
        "section that is not a table",
        "broken TOML",
    ],
)
def test_bad_config_names_the_key_and_file(tmp_path, body, needle):
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert needle in str(caught.value)
    assert "\n" not in str(caught.value)


def test_precedence_flag_over_env_over_file(tmp_path, monkeypatch):
    path = tmp_path / "c.toml"
    path.write_text("[database]\nurl = 'sqlite:///from-file.db'\n", encoding="utf-8")
    assert load_config(path).database_url == "sqlite:///from-file.db"
    monkeypatch.setenv("TRACKER_DATABASE_URL", "sqlite:///from-env.db")
    assert load_config(path).database_url == "sqlite:///from-env.db"
    assert (
        load_config(path, database_url="sqlite:///from-flag.db").database_url
        == "sqlite:///from-flag.db"
    )


def test_file_lookup_order(tmp_path, monkeypatch):
    local = Path.cwd() / "config.toml"
    local.write_text("[office]\nplace = 'Local'\n", encoding="utf-8")
    assert load_config().get("office", "place") == "Local"
    env_file = tmp_path / "env.toml"
    env_file.write_text("[office]\nplace = 'Env'\n", encoding="utf-8")
    monkeypatch.setenv("TRACKER_CONFIG", str(env_file))
    assert load_config().get("office", "place") == "Env"
    flag = tmp_path / "flag.toml"
    flag.write_text("[office]\nplace = 'Flag'\n", encoding="utf-8")
    assert load_config(flag).get("office", "place") == "Flag"


def test_missing_explicit_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="không tìm thấy"):
        load_config(tmp_path / "absent.toml")


def test_secret_only_from_environment(monkeypatch):
    monkeypatch.setenv("TRACKER_SMTP_PASSWORD", "s3cret")
    config = load_config()
    assert config.smtp_password == "s3cret"
    assert "s3cret" not in repr(config)


def test_relative_paths_resolve_against_the_config_file(tmp_path):
    folder = tmp_path / "office"
    folder.mkdir()
    path = folder / "config.toml"
    path.write_text("[notify]\noutbox = 'mail'\n", encoding="utf-8")
    assert load_config(path).resolve_path("notify", "outbox") == folder.resolve() / "mail"
