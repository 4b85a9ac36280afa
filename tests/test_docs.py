"""The README opens with the two commands, and documents every command."""
from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys

import pytest

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


def _search_examples() -> list[str]:
    lines = []
    for block in re.findall(r"```\n(.*?)```", readme(), re.S):
        lines += [x for x in block.splitlines() if x.startswith("wenyuan search ")]
    return lines


@pytest.fixture(scope="module")
def samples_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("readme") / "home"
    r = subprocess.run([sys.executable, "-m", "cli", "--home", str(home), "import", str(ROOT / "samples")],
                       cwd=ROOT, capture_output=True, timeout=300, stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr.decode()
    return home


def test_every_search_example_in_the_readme_finds_something_in_samples(samples_home):
    examples = _search_examples()
    assert len(examples) >= 5
    for line in examples:
        command = line.split("  #")[0].split(" > ")[0].strip()
        args = shlex.split(command)[2:]
        r = subprocess.run([sys.executable, "-m", "cli", "--home", str(samples_home), "search", *args], cwd=ROOT,
                           capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
        out = r.stdout.decode()
        assert r.returncode == 0, (line, r.stderr.decode())
        if "--json" in args:
            assert json.loads(out)["total"] > 0, line
        elif "--all" in args or "--format" in args:
            assert len(out.strip().splitlines()) >= (2 if "csv" in args else 1), line
        else:
            assert not out.startswith("0 hits"), line


def test_the_readme_json_example_is_the_real_output(samples_home):
    block = re.search(r"```json\n(.*?)```", readme(), re.S).group(1)
    example = json.loads(block)
    real = json.loads(subprocess.run([sys.executable, "-m", "cli", "--home", str(samples_home), "search", "反诈",
                                      "--json"], cwd=ROOT, capture_output=True, timeout=120).stdout)
    # Only the timing differs.
    assert isinstance(example.pop("took_ms"), float) and isinstance(real.pop("took_ms"), float)
    assert example == real


def test_the_readme_says_how_to_install_where_shared_material_comes_from_and_the_budgets_the_code_uses():
    from indexer.sync import SYNC_SEGMENT_MB
    from indexer.whoosh.index import SEGMENT_MB

    text = " ".join(readme().split())
    assert "python3 -m venv" in text and "pipx" in text              # Debian's Python refuses pip install
    assert "../shared" in text and "WENYUAN_SHARED" in text
    assert f"memory budget ({SYNC_SEGMENT_MB} MB;" in text
    assert f"single segments take {SEGMENT_MB} MB" in text
    from indexer.whoosh.evaluate import JOINED_CACHE_MB, POSTINGS_CACHE_MB
    assert f"at most {POSTINGS_CACHE_MB} MB of decoded postings and phrase position keys and " \
           f"{JOINED_CACHE_MB} MB of postings joined over segments" in text


def test_ci_installs_what_the_browser_tests_need_and_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "chromium" in ci and "fonts-noto-cjk" in ci   # screenshots that show Chinese text
    second = re.match(r"```\n(.*?)\n```", readme(), re.S).group(1).splitlines()[1]
    assert "'.[test]'" in ci and "python3 -m pytest" in ci and "python3 -m pytest" in second
