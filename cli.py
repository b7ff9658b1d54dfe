"""The ``qanoon`` command: a thin layer over ``search.Library``.

Each command reads its options, calls one library method and renders the result as text or,
with ``--json``, as the result's ``to_dict``. Library errors become one-line messages with
exit code 1; no traceback reaches the user for a bad file or a bad query.
"""

from __future__ import annotations

import json
import sys
from functools import wraps
from pathlib import Path
from typing import Any, Callable

import click

from search import Library, Options, QanoonError
from search import render


def _emit(data: Any, as_json: bool, text: Callable[[Any], str]) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2) if as_json else text(data))


def json_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")(fn)


def library_command(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command its ``Library`` and turn library errors into one-line messages."""

    @click.pass_context
    @wraps(fn)
    def wrapper(ctx: click.Context, *args: Any, **kwargs: Any) -> Any:
        try:
            lib = Library(ctx.obj["home"], lock_timeout=kwargs.pop("wait", 0.0) or 0.0) if "wait" in kwargs else Library(ctx.obj["home"])
            return fn(lib, *args, **kwargs)
        except QanoonError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}".lstrip(": ")) from None

    return wrapper


@click.group()
@click.option("--home", type=click.Path(file_okay=False), envvar="QANOON_HOME",
              help="Folder for the index and caches (default: the user data folder; env QANOON_HOME).")
@click.version_option(package_name="qanoon")
@click.pass_context
def cli(ctx: click.Context, home: str | None) -> None:
    """Qanoon: search Pakistan's law on trafficking in persons, smuggling of migrants and
    migration, next to the ILO and UN standards.

    \b
    Examples:
      qanoon search "punishment for trafficking a child"
      qanoon show "PTPA s 3"
      qanoon ingest ~/laws/
    """
    ctx.ensure_object(dict)
    ctx.obj["home"] = home


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--jurisdiction", help="Override the detected jurisdiction of every file.")
@click.option("--type", "type_", help="Override the detected instrument type.")
@click.option("--title", help="Override the detected title.")
@click.option("--year", type=int, help="Override the detected year.")
@click.option("--status", type=click.Choice(["in_force", "repealed", "not_in_force", "superseded"]))
@click.option("--rebuild", is_flag=True, help="Empty the index first (after a schema change).")
@click.option("--workers", type=int, help="Parallel reader processes (default: one per core).")
@click.option("--max-size", type=float, default=200.0, show_default=True, help="Largest file to read, in MB.")
@click.option("--timeout", type=float, default=300.0, show_default=True, help="Seconds allowed per file.")
@click.option("--wait", type=float, default=60.0, show_default=True, help="Seconds to wait for another ingest to finish.")
@json_option
@library_command
def ingest(lib: Library, paths: tuple[Path, ...], jurisdiction: str | None, type_: str | None, title: str | None,
           year: int | None, status: str | None, rebuild: bool, workers: int | None, max_size: float,
           timeout: float, as_json: bool) -> None:
    """Read laws (PDF, HTML, Markdown, text, XML, JSON) into the index.

    Folders are read recursively; unsupported files are listed as skipped. A file that fails
    leaves the index as it was. Re-ingesting an unchanged file does nothing.

    \b
    Example:
      qanoon ingest gazettes/ptpa-2018.pdf laws/
    """
    if rebuild:
        lib.rebuild()
    overrides = {k: v for k, v in {"jurisdiction": jurisdiction, "type": type_, "title": title, "year": year, "status": status}.items() if v}
    quiet = as_json or not sys.stderr.isatty()
    with click.progressbar(length=1, label="reading", file=sys.stderr if not quiet else open("/dev/null", "w")) as bar:
        def tick(outcome: Any) -> None:
            bar.length = (bar.length or 1) + 1
            bar.update(1)
        report = lib.ingest(list(paths), overrides=overrides, workers=workers, max_bytes=int(max_size * 1024 * 1024),
                            timeout=timeout, progress=tick)
    data = report.to_dict()
    _emit(data, as_json, render.ingest_text)
    if data["failed"] and not data["indexed"] and not data["unchanged"]:
        sys.exit(1)


def search_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed([
        click.option("--jurisdiction", "-j", multiple=True, help="federal, ict, punjab, sindh, kp, balochistan, gb, ajk, international."),
        click.option("--type", "type_", multiple=True, help="act, ordinance, rules, constitution, convention, protocol, ..."),
        click.option("--year", type=int),
        click.option("--as-enacted", is_flag=True, help="Prefer the text as first enacted over the amended one."),
    ]):
        fn = opt(fn)
    return fn


@cli.command("search")
@click.argument("query")
@search_options
@click.option("--limit", "-n", type=click.IntRange(1, 200), default=10, show_default=True)
@click.option("--include-repealed", is_flag=True, help="Rank repealed law like law in force.")
@click.option("--group-by", type=click.Choice(["instrument"]), help="Best provisions per instrument.")
@click.option("--facets", is_flag=True, help="Counts by jurisdiction, type and topic.")
@json_option
@library_command
def search_cmd(lib: Library, query: str, jurisdiction: tuple[str, ...], type_: tuple[str, ...], year: int | None,
               as_enacted: bool, limit: int, include_repealed: bool, group_by: str | None, facets: bool, as_json: bool) -> None:
    """Find the provisions that answer QUERY: words, a citation or an instrument name.

    \b
    Examples:
      qanoon search "punishment for trafficking a child"
      qanoon search "PTPA s 3"
      qanoon search "minimum age" -j punjab -j sindh --json
    """
    opts = Options(jurisdiction=jurisdiction, type=type_, year=year, limit=limit, include_repealed=include_repealed,
                   as_enacted=as_enacted, group_by=group_by or "", facets=facets)
    _emit(lib.search(query, opts).to_dict(), as_json, render.search_text)


@cli.command()
@click.argument("what")
@click.option("--as-enacted", is_flag=True, help="Show the text as first enacted.")
@json_option
@library_command
def show(lib: Library, what: str, as_enacted: bool, as_json: bool) -> None:
    """Print one provision in full, or an instrument's metadata and contents.

    \b
    Examples:
      qanoon show "PTPA s 3"
      qanoon show "s. 3(2) PTPA"
      qanoon show "Constitution Art 11"
      qanoon show PSMA
    """
    _emit(lib.show(what, Options(as_enacted=as_enacted)).to_dict(), as_json, render.show_text)


@cli.command("list")
@click.option("--jurisdiction", "-j", multiple=True)
@click.option("--type", "type_", multiple=True)
@click.option("--coverage", is_flag=True, help="Instruments per jurisdiction and type, with recorded absences.")
@json_option
@library_command
def list_cmd(lib: Library, jurisdiction: tuple[str, ...], type_: tuple[str, ...], coverage: bool, as_json: bool) -> None:
    """List the instruments in the index.

    \b
    Examples:
      qanoon list -j punjab
      qanoon list --coverage
    """
    if coverage:
        _emit(lib.coverage(), as_json, render.coverage_text)
    else:
        _emit(lib.list(jurisdiction, type_), as_json, render.list_text)


def main() -> None:
    cli(prog_name="qanoon")


if __name__ == "__main__":
    main()
