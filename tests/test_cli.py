"""Every command through click's runner: output, --json, exit codes, one-line errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from qanoon.cli import cli

from tests.conftest import FIXTURES


@pytest.fixture()
def run(kb_home: Path):
    runner = CliRunner()

    def invoke(*args: str, home: Path | None = None):
        return runner.invoke(cli, ["--home", str(home or kb_home), *args], catch_exceptions=False)

    return invoke


def test_help_lists_every_command() -> None:
    out = CliRunner().invoke(cli, ["--help"]).output
    for command in ("ingest", "search", "show", "list"):
        assert command in out


@pytest.mark.parametrize("command", ["ingest", "search", "show", "list"])
def test_each_command_has_help_with_an_example(command: str) -> None:
    out = CliRunner().invoke(cli, [command, "--help"]).output
    assert "Example" in out and f"qanoon {command}" in out


def test_search_text(run) -> None:
    res = run("search", "punishment for trafficking a child", "-n", "3")
    assert res.exit_code == 0
    assert res.output.startswith("1. Prevention of Trafficking in Persons Act, 2018, s. 3")


def test_search_json(run) -> None:
    data = json.loads(run("search", "PTPA s 3", "--json").output)
    assert data["hits"][0]["citation"] == "Prevention of Trafficking in Persons Act, 2018, s. 3"
    assert data["total"] >= 1 and data["query"] == "PTPA s 3"


def test_search_filters(run) -> None:
    data = json.loads(run("search", "minimum age", "-j", "international", "--json").output)
    assert {h["jurisdiction"] for h in data["hits"]} == {"international"}


def test_show(run) -> None:
    res = run("show", "s. 3(2) PTPA")
    assert res.exit_code == 0 and "Trafficking in persons" in res.output
    # facts read as sentences with units, not keys (JSON keeps the keys)
    assert "Maximum prison term (victim is a woman or a child): 14 years" in res.output and "max_prison_years" not in res.output
    assert "Maximum fine (victim is a woman or a child): Rs 2,000,000" in res.output
    data = json.loads(run("show", "C182 art 3", "--json").output)
    assert data["provision"]["number"] == "3"
    # an unconfirmed fact is shown with what was (or could not be) checked
    reported = run("show", "Punjab CMRO 2026 s 2").output
    assert "[unconfirmed]" in reported and "Press reports of the promulgation" in reported


def test_show_instrument_contents(run) -> None:
    res = run("show", "PSMA")
    assert "Contents:" in res.output and "Investigating agency" in res.output


def test_show_unknown_is_one_line_exit_1(run) -> None:
    res = run("show", "XYZ s 9")
    assert res.exit_code == 1 and res.output.count("\n") == 1 and "Error:" in res.output and "Traceback" not in res.output


def test_list_and_coverage(run) -> None:
    res = run("list", "-j", "ict")
    assert "Domestic Workers Act" in res.output
    data = json.loads(run("list", "--coverage", "--json").output)
    assert set(data["counts"]) >= {"federal", "ict", "punjab", "sindh", "kp", "balochistan", "gb", "ajk", "international"}


def test_ingest_then_search(tmp_path: Path, run) -> None:
    home = tmp_path / "h"
    shutil.copy(FIXTURES / "sample-act-2021.txt", tmp_path / "sample-act-2021.txt")
    res = run("ingest", str(tmp_path / "sample-act-2021.txt"), home=home)
    assert res.exit_code == 0 and "1 indexed" in res.output
    assert "Sample Protection Act, 2021, s. 3" in run("search", "sample workshop", home=home).output


def test_ingest_of_only_bad_files_exits_non_zero(tmp_path: Path, run) -> None:
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"not a pdf at all")
    res = run("ingest", str(bad), home=tmp_path / "h")
    assert res.exit_code == 1 and "x.pdf" in res.output and "Traceback" not in res.output


def test_ingest_unsupported_file_named_directly_is_an_error(tmp_path: Path, run) -> None:
    f = tmp_path / "notes.docx"
    f.write_bytes(b"PK")
    res = run("ingest", str(f), home=tmp_path / "h")
    assert res.exit_code == 1 and "unsupported" in res.output


def test_a_direct_answer_comes_before_the_provisions(run) -> None:
    res = run("search", "does Punjab have its own trafficking law")
    first = res.output.splitlines()[0]
    assert first.startswith("No law of its own on trafficking offence: in Punjab the federal Prevention of Trafficking")
    assert "More: qanoon applies trafficking-offence -j punjab" in res.output
    data = json.loads(run("search", "what has Pakistan not ratified", "--json").output)
    assert data["answer"]["kind"] == "ratification" and data["hits"]


def test_names_are_taken_as_typed(run) -> None:
    # no quotes needed, any case, the common variants of names
    assert run("show", "ptpa", "s", "3").output.startswith("Prevention of Trafficking in Persons Act, 2018, s. 3")
    joined = run("search", "punishment", "for", "trafficking", "a", "child", "--json").output
    assert json.loads(joined)["query"] == "punishment for trafficking a child"
    assert "1 flags" in run("gaps", "--kind", "Coverage", "-j", "SINDH").output
    assert run("plan", "-j", "Khyber Pakhtunkhwa", "--topic", "Forced-Labour").exit_code == 0
    assert run("checklist", "-j", "KPK", "--topic", "Trafficking").exit_code == 0


def test_the_terminal_gets_text_not_markdown(run) -> None:
    # snippets mark matched words **so** for the web; piped output shows them plain
    res = run("search", "punishment for trafficking a child")
    assert res.exit_code == 0 and "Punishment" in res.output and "**" not in res.output
    from qanoon.search.render import for_terminal

    assert for_terminal("up to **ten** years", tty=True) == "up to \033[1mten\033[0m years"


def test_a_file_name_with_a_newline_is_printed_on_one_line(run, tmp_path: Path) -> None:
    odd = tmp_path / "bad\nname.xyz"
    odd.write_text("x")
    res = run("ingest", str(odd), home=tmp_path / "h")
    assert res.exit_code == 1
    lines = [ln for ln in res.output.splitlines() if "name" in ln]
    assert lines and all("bad\\nname.xyz" in ln for ln in lines), res.output


def test_every_command_takes_the_wait_its_lock_message_suggests(run) -> None:
    # a search that must refresh the knowledge base while an ingest writes says "use --wait SECONDS"
    for name, command in cli.commands.items():
        assert any(p.name == "wait" for p in command.params), name
    res = run("search", "bonded labour", "--wait", "5")
    assert res.exit_code == 0 and "Bonded Labour" in res.output


def test_every_command_is_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"qanoon {name}" in readme, name
    assert readme.index("```sh") < readme.index("pip install -q -e . && .venv/bin/qanoon search")  # set-up first


def test_a_flag_under_a_hit_takes_at_most_three_lines_and_keeps_its_citations() -> None:
    from qanoon.search.render import FLAG_LINES, flag_lines, without_explanations

    laws = ", and only in part by ".join(
        f"the {name} (it makes {name.lower()} an offence (ss. 3, 7) but leaves out sale for other ends, "
        "which the standard also covers)" for name in ("Penal Code", "Trafficking Act", "Alert Act"))
    long = {"kind": "below-standard", "topic": "child-victims",
            "summary": f"Federal and Punjab: CRC Art. 35 and TIP Protocol Art. 6(4) are met only in part by {laws}."}
    lines = flag_lines(long)
    assert len(lines) <= FLAG_LINES and all(len(ln) <= 96 for ln in lines)
    assert "Art. 6(4)" in lines[0] + lines[1] and "offence" not in " ".join(lines)
    assert lines[-1].endswith("(qanoon gaps child-victims)")
    assert without_explanations("met by the Act (ss. 7-9) (which is long enough to be an explanation)") == "met by the Act (ss. 7-9)"
    short = {"kind": "coverage", "topic": "bonded-labour", "summary": "Sindh: no law on bonded labour is recorded."}
    assert flag_lines(short) == ["   ⚑ coverage: Sindh: no law on bonded labour is recorded."]
