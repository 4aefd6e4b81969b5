import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_and_cli_command_is_documented():
    readme = (ROOT / "README.md").read_text()
    source = "".join(p.read_text() for p in (ROOT / "src" / "contingent").rglob("*.py"))
    for name in set(re.findall(r"CONTINGENT_[A-Z_]+", source)):
        assert f"`{name}`" in readme, f"{name} is not documented in README.md"
    from contingent.cli import build_parser

    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for command in commands:
        assert f"`contingent {command}" in readme, f"contingent {command} is not documented"


def test_production_refuses_the_development_key(monkeypatch):
    import subprocess
    import sys

    env = {"CONTINGENT_PRODUCTION": "1", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", "import contingent.settings"], env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "CONTINGENT_SECRET_KEY" in result.stderr
