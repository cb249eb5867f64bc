"""The result cache: an unchanged case is not checked again, an edit re-asks only the questions it changes."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from benchmark_case import generated_case
from checker import api, cli
from checker.cache import ResultCache
from checker.logic import solver

ROOT = Path(__file__).resolve().parent.parent
AS_OF = datetime.date(2026, 11, 1)


@pytest.fixture
def asked(monkeypatch):
    """The solver checks run, counted across every Prover."""
    counter = {"checks": 0}
    run = solver.Prover.run

    def counting(self, *args):
        counter["checks"] += 1
        return run(self, *args)

    monkeypatch.setattr(solver.Prover, "run", counting)
    return counter


def test_an_unchanged_case_is_not_checked_again(tmp_path, monkeypatch):
    case = tmp_path / "big.case"
    case.write_text(generated_case(60))
    cache = ResultCache(tmp_path / "cache")
    first = api.check_path(case, as_of=AS_OF, cache=cache)

    def no_prover(*args, **kwargs):
        raise AssertionError("an unchanged case reached the prover")

    monkeypatch.setattr(solver.Prover, "__init__", no_prover)
    again = api.check_path(case, as_of=AS_OF, cache=cache)
    assert again == first and again.summary == first.summary
    assert [f.world for f in again.findings] == [f.world for f in first.findings]


def test_after_a_one_claim_edit_only_the_questions_that_changed_reach_the_solver(tmp_path, asked):
    text = generated_case(60)
    case = tmp_path / "big.case"
    case.write_text(text)
    cache = ResultCache(tmp_path / "cache")
    api.check_path(case, as_of=AS_OF, cache=cache)
    fresh = asked["checks"]
    edited = text.replace("  solve_rate(t7) < 0.15\n", "  solve_rate(t7) < 0.14\n")
    assert edited != text
    case.write_text(edited)
    asked["checks"] = 0
    report = api.check_path(case, as_of=AS_OF, cache=cache)
    assert 0 < asked["checks"] <= 12 < fresh
    assert report == api.check_text(edited, str(case), as_of=AS_OF)


def test_a_changed_required_case_or_date_or_timeout_is_checked_again(tmp_path, asked):
    (tmp_path / "base.case").write_text(generated_case(10))
    top = tmp_path / "top.case"
    top.write_text(generated_case(10).replace('case generated_10 "', 'case top "') + 'requires "base.case"\n')
    cache = ResultCache(tmp_path / "cache")
    first = api.check_path(top, as_of=AS_OF, cache=cache)
    assert first.verdict == "holds"
    assert api.check_path(top, as_of=AS_OF, cache=cache) == first
    (tmp_path / "base.case").write_text(generated_case(10).replace("0.10]", "0.18]", 1))
    # the decision now rests on a failing required case too (L210 after G005)
    assert sorted(f.code for f in api.check_path(top, as_of=AS_OF, cache=cache).findings) == ["G005", "L210"]
    later = api.check_path(top, as_of=datetime.date(2027, 9, 11), cache=cache)
    assert "E304" in {f.code for f in later.findings}  # evidence expired at the later date
    checks = asked["checks"]
    api.check_path(top, as_of=AS_OF, timeout=5.0, cache=cache)
    assert asked["checks"] > checks  # another timeout may decide otherwise: asked again


def test_the_cache_lives_in_the_user_cache_directory_and_no_cache_keeps_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    case = tmp_path / "cases" / "ok.case"
    case.parent.mkdir()
    case.write_text(generated_case(10))
    assert cli.main(["check", "--no-cache", "--as-of", "2026-11-01", str(case)]) == 0
    assert not (tmp_path / "xdg" / "warrant" / "results").exists()
    assert cli.main(["check", "--as-of", "2026-11-01", str(case)]) == 0
    assert len(list((tmp_path / "xdg" / "warrant" / "results").iterdir())) == 1
    assert sorted(p.name for p in case.parent.iterdir()) == ["ok.case"]
    capsys.readouterr()


def test_a_damaged_cache_file_is_no_entry(tmp_path):
    case = tmp_path / "ok.case"
    case.write_text(generated_case(10))
    cache = ResultCache(tmp_path / "cache")
    first = api.check_path(case, as_of=AS_OF, cache=cache)
    for kept in (tmp_path / "cache").rglob("*.pickle"):
        kept.write_bytes(b"not a pickle")
    assert api.check_path(case, as_of=AS_OF, cache=cache) == first


HISTORY = ROOT / "examples" / "patterns" / "history" / "triggers_pf_v2.case"  # imports stdlib.triggers_pf_v2
LIBRARY = ROOT / "stdlib_patterns" / "triggers_pf_v2.case"


def _codes(report) -> list:
    return [f.code for f in report.findings]


def _instance_of_a_local_pattern(tmp_path):
    """(the pattern file, the case that imports it from the case's own tree)."""
    (tmp_path / "patterns").mkdir()
    pattern = tmp_path / "patterns" / "local.case"
    pattern.write_text(LIBRARY.read_text())
    case = tmp_path / "instance.case"
    case.write_text(HISTORY.read_text().replace("import stdlib.triggers_pf_v2", 'import "patterns/local.case"'))
    return pattern, case


def test_an_edited_imported_pattern_file_is_checked_again(tmp_path):
    pattern, case = _instance_of_a_local_pattern(tmp_path)
    cache = ResultCache(tmp_path / "cache")
    first = api.check_path(case, as_of=AS_OF, cache=cache)
    assert first.case is not None and "P006" not in _codes(first)
    assert api.check_path(case, as_of=AS_OF, cache=cache) == first
    pattern.write_text(LIBRARY.read_text() + "\npattern broken(\n")  # a syntax error in the imported file
    edited = api.check_path(case, as_of=AS_OF, cache=cache)
    assert "P006" in _codes(edited) and edited == api.check_path(case, as_of=AS_OF)
    pattern.unlink()  # gone: the import fails, not the kept report
    assert "P006" in _codes(api.check_path(case, as_of=AS_OF, cache=cache))
    pattern.write_text(LIBRARY.read_text())  # back as it was: the first report holds again
    assert api.check_path(case, as_of=AS_OF, cache=cache) == first


def test_an_edited_standard_library_file_is_checked_again(tmp_path, monkeypatch):
    from checker.semantics import imports

    library = tmp_path / "stdlib"
    library.mkdir()
    for source in LIBRARY.parent.glob("*.case"):
        (library / source.name).write_text(source.read_text())
    monkeypatch.setattr(imports, "_stdlib_folder", lambda: library)
    case = tmp_path / "instance.case"
    case.write_text(HISTORY.read_text())
    cache = ResultCache(tmp_path / "cache")
    first = api.check_path(case, as_of=AS_OF, cache=cache)
    assert first.case is not None and "P006" not in _codes(first)
    assert api.check_path(case, as_of=AS_OF, cache=cache) == first
    (library / LIBRARY.name).write_text(LIBRARY.read_text() + "\npattern broken(\n")
    edited = api.check_path(case, as_of=AS_OF, cache=cache)
    assert "P006" in _codes(edited) and edited == api.check_path(case, as_of=AS_OF)


def test_settings_that_change_the_check_are_part_of_the_key(tmp_path):
    from checker.interop.settings import Settings

    case = tmp_path / "ok.case"
    case.write_text(generated_case(10))
    cache = ResultCache(tmp_path / "cache")
    plain = api.check_path(case, as_of=AS_OF, cache=cache)
    warned = api.check_path(case, as_of=AS_OF, cache=cache, settings=Settings(warn_expiry=3650))
    assert "E309" not in _codes(plain) and "E309" in _codes(warned)
    assert warned == api.check_path(case, as_of=AS_OF, settings=Settings(warn_expiry=3650))


# ---- the resolved model that `scope --config` judges against ---------------------------------------

EXAMPLE = ROOT / "examples" / "cyber_inability.case"  # a use of stdlib.inability_via_proxy


def test_scope_judges_against_the_kept_model_with_the_same_reports(tmp_path, monkeypatch):
    configs = sorted(str(p) for p in (ROOT / "examples" / "deploy").glob("*.yaml"))
    cache = ResultCache(tmp_path / "cache")
    fresh = api.scope_configs(EXAMPLE, configs)
    assert api.scope_configs(EXAMPLE, configs, cache=cache) == fresh
    assert list((tmp_path / "cache" / "models").glob("*.pickle"))

    def not_again(source):
        raise AssertionError("the case was parsed again")

    monkeypatch.setattr(api, "_loaded", not_again)
    kept = api.scope_configs(EXAMPLE, configs, cache=cache)
    assert kept == fresh and [r.findings for r in kept] == [r.findings for r in fresh]
    assert {r.verdict for r in kept} == {"holds", "fails"}


def test_an_edited_imported_pattern_file_makes_scope_read_the_case_again(tmp_path):
    pattern, case = _instance_of_a_local_pattern(tmp_path)
    config = tmp_path / "deploy.json"
    config.write_text("{}\n")
    cache = ResultCache(tmp_path / "cache")
    first = api.scope_config(case, config, cache=cache)
    assert first.verdict != "unreadable" and api.scope_config(case, config, cache=cache) == first
    pattern.write_text(LIBRARY.read_text() + "\npattern broken(\n")  # a syntax error in the imported file
    edited = api.scope_config(case, config, cache=cache)
    assert "P006" in _codes(edited) and edited == api.scope_config(case, config)
    pattern.write_text(LIBRARY.read_text())
    assert api.scope_config(case, config, cache=cache) == first


def test_scope_no_cache_keeps_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    config = str(ROOT / "examples" / "deploy" / "trusted_api.yaml")
    assert cli.main(["scope", str(EXAMPLE), "--config", config, "--no-cache"]) == 0
    assert not (tmp_path / "xdg" / "warrant" / "models").exists()
    fresh = capsys.readouterr().out
    assert cli.main(["scope", str(EXAMPLE), "--config", config]) == 0
    assert list((tmp_path / "xdg" / "warrant" / "models").glob("*.pickle"))
    assert capsys.readouterr().out == fresh
