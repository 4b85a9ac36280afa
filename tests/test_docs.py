"""The README opens with the two commands, and documents every command."""
from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_exactly_two_commands():
    block = re.match(r"```\n(.*?)\n```", readme(), re.S)
    assert block, "README must open with a code block"
    lines = block.group(1).splitlines()
    assert len(lines) == 2
    assert "pip install ." in lines[0] and "import samples/" in lines[0] and "search" in lines[0]
    assert "pip install '.[test]'" in lines[1] and "pytest" in lines[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install" in ci and "'.[test]'" in ci and "pytest" in ci


def test_every_command_is_documented_in_the_readme():
    out = subprocess.run([sys.executable, "-m", "cli", "--help"], cwd=ROOT, capture_output=True,
                         text=True).stdout
    commands = re.findall(r"^  (\w+)\s", out.split("Commands:")[1], re.M)
    assert commands
    for cmd in commands:
        assert f"`wenyuan {cmd}" in readme(), cmd
