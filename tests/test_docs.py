"""Every setting, command and rule id a person can use is documented."""

from pathlib import Path

from models.labels import LABELS
from models.rules import RULES
from models.settings import SETTINGS
from service.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_every_setting_is_documented():
    settings_doc = (ROOT / "docs" / "settings.md").read_text()
    for setting in SETTINGS:
        assert f"`{setting.name}`" in settings_doc and setting.name in README, setting.name


def test_every_command_is_in_the_readme():
    commands = build_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"amends {name}" in README, name


def test_every_rule_id_is_documented():
    rules_doc = (ROOT / "docs" / "rules.md").read_text()
    ids = [r.rule_id for r in RULES] + ["MS_NO_CONCRETE_STEP"] + [f"MODEL_{k.upper()}" for k in LABELS]
    for rule_id in ids:
        assert f"`{rule_id}`" in rules_doc, rule_id


def test_readme_quick_start_is_two_commands():
    quick = README.split("## Quick start")[1].split("##")[0]
    commands = [line for line in quick.split("```sh")[1].split("```")[0].splitlines() if line.strip()]
    assert [c.split()[:2] for c in commands] == [["make", "run"], ["make", "test"]]
