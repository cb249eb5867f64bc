"""The installed `warrant` (a real wheel install, not the source tree) finds its grammar and checks a case."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "cyber_inability.case"


def _installed_script() -> Path | None:
    script = Path(sys.executable).parent / "warrant"
    return script if script.exists() else None


def _installed_package_dir(tmp_path) -> Path:
    out = subprocess.run(
        [sys.executable, "-c", "import checker, pathlib; print(pathlib.Path(checker.__file__).parent)"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )
    return Path(out.stdout.strip())


def installed_wheel(tmp_path) -> tuple[Path, Path]:
    """The installed `warrant` script and package folder, or a skip saying why the wheel is not under test."""
    script = _installed_script()
    if script is None:
        pytest.skip("`warrant` is not installed next to this Python; run the README's test command")
    package_dir = _installed_package_dir(tmp_path)
    if package_dir == REPO / "checker":
        pytest.skip("checker is imported from the source tree (editable install); the wheel is not under test")
    return script, package_dir


def test_installed_command_checks_the_example_from_another_directory(tmp_path):
    script, package_dir = installed_wheel(tmp_path)
    assert (package_dir / "grammar" / "case.lark").is_file()
    assert (package_dir / "stdlib_patterns").is_dir()
    result = subprocess.run([str(script), "check", str(EXAMPLE), "--as-of", "2026-11-01"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{EXAMPLE}: holds" in result.stdout


def test_installed_command_checks_the_pattern_examples_with_the_installed_library(tmp_path):
    """The standard library ships in the wheel: the worked examples import it from there."""
    script, package_dir = installed_wheel(tmp_path)
    assert (package_dir / "stdlib_patterns" / "inability_via_proxy.case").is_file()
    worked = [EXAMPLE, *sorted((REPO / "examples" / "patterns").glob("*.case"))]
    result = subprocess.run([str(script), "check", *map(str, worked), "--as-of", "2026-11-01"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    listed = subprocess.run([str(script), "patterns"], cwd=tmp_path, capture_output=True, text=True)
    assert "pattern misuse_safeguards(" in listed.stdout
