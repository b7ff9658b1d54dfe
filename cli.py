"""The ``qanoon`` command: a thin layer over ``search.Library``.

Each command reads its options, calls one library method and renders the result as text or,
with ``--json``, as the result's ``to_dict``. Library errors become one-line messages with
exit code 1; no traceback reaches the user for a bad file or a bad query.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click
from qanoon.indexer.jurisdictions import PAKISTAN
from qanoon.search import Library, Options, QanoonError, render


def _emit(data: Any, as_json: bool, text: Callable[[Any], str]) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2) if as_json else _plain(text(data)))


def _plain(text: str) -> str:
    """Bold where stdout is a terminal that shows it (and NO_COLOR is not set), plain otherwise."""
    return render.for_terminal(text, sys.stdout.isatty() and not os.environ.get("NO_COLOR"))


def json_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")(fn)


def library_command(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command its ``Library`` and turn library errors into one-line messages."""

    @click.pass_context
    @wraps(fn)
    def wrapper(ctx: click.Context, *args: Any, **kwargs: Any) -> Any:
        try:
            wait = kwargs.pop("wait", 0.0) or 0.0
            engine = kwargs.pop("engine", None)
            if kwargs.pop("rebuild", False):
                # A new index beside the old one (which may be of a schema this version cannot
                # open), swapped in only when the command ends without an error.
                with Library.rebuilt(ctx.obj["home"], lock_timeout=wait, engine=engine) as lib:
                    return fn(lib, *args, **kwargs)
            lib = Library(ctx.obj["home"], lock_timeout=wait, engine=engine)
            return fn(lib, *args, **kwargs)
        except QanoonError as exc:
            raise click.ClickException(render.one_line(str(exc))) from None
        except OSError as exc:
            raise click.ClickException(render.one_line(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}".lstrip(": "))) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # a bug: one line for the user; QANOON_DEBUG=1 shows the traceback
            if os.environ.get("QANOON_DEBUG"):
                raise
            raise click.ClickException(
                f"internal error ({exc.__class__.__name__}: {str(exc)[:200]}); the index is unchanged. "
                "Please report it; QANOON_DEBUG=1 shows the details") from None

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
@click.option("--rebuild", is_flag=True, help="Start a new index (after a schema change): built beside the old one, which "
              "searches keep reading until the new one replaces it.")
@click.option("--engine", type=click.Choice(["whoosh", "tantivy"]), help="Search engine of a new index (with --rebuild, "
              "of the rebuilt one): tantivy, for large collections, needs pip install 'qanoon[tantivy]'. Default: "
              "the index's own, else QANOON_ENGINE, else whoosh.")
@click.option("--workers", type=int, help="Parallel reader processes (default: one per core).")
@click.option("--max-size", type=float, default=200.0, show_default=True, help="Largest file to read, in MB.")
@click.option("--timeout", type=float, default=300.0, show_default=True, help="Seconds allowed per file.")
@click.option("--wait", type=float, default=60.0, show_default=True, help="Seconds to wait for another ingest to finish.")
@click.option("--no-ocr", is_flag=True, help="Do not OCR scanned or garbled PDFs (report them instead).")
@click.option("--ocr-lang", default="eng", show_default=True, help="Tesseract languages, e.g. eng or eng+urd.")
@json_option
@library_command
def ingest(lib: Library, paths: tuple[Path, ...], jurisdiction: str | None, type_: str | None, title: str | None,
           year: int | None, status: str | None, workers: int | None, max_size: float,
           timeout: float, no_ocr: bool, ocr_lang: str, as_json: bool) -> None:
    """Read laws (PDF, HTML, Markdown, text, XML, JSON) into the index.

    Folders are read recursively; unsupported files are listed as skipped. A file that fails
    leaves the index as it was. Re-ingesting an unchanged file does nothing. Scanned or
    garbled PDFs are read with OCR where Tesseract is installed (text cached by content).

    \b
    Example:
      qanoon ingest gazettes/ptpa-2018.pdf laws/
    """
    overrides = {k: v for k, v in {"jurisdiction": jurisdiction, "type": type_, "title": title, "year": year, "status": status}.items() if v}
    quiet = as_json or not sys.stderr.isatty()
    with click.progressbar(length=1, label="reading", file=io.StringIO() if quiet else sys.stderr) as bar:
        def tick(outcome: Any, done: int, total: int) -> None:   # bytes, not files: see indexer.ingest.Progress
            bar.length = max(total, 1)
            bar.update(done - bar.pos)
        report = lib.ingest(list(paths), overrides=overrides, workers=workers, max_bytes=int(max_size * 1024 * 1024),
                            timeout=timeout, progress=tick, ocr=not no_ocr, ocr_lang=ocr_lang)
    data = report.to_dict()
    _emit(data, as_json, render.ingest_text)
    if not data["indexed"] and not data["unchanged"]:
        if not data["files"]:
            click.echo("nothing to ingest: no files found under " + ", ".join(map(str, paths)), err=True)
        sys.exit(1)   # nothing could be ingested


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
@click.argument("query", nargs=-1, required=True)
@search_options
@click.option("--limit", "-n", type=click.IntRange(1, 200), default=10, show_default=True)
@click.option("--include-repealed", is_flag=True, help="Rank repealed law like law in force.")
@click.option("--group-by", type=click.Choice(["instrument"]), help="Best provisions per instrument.")
@click.option("--facets", is_flag=True, help="Counts by jurisdiction, type and topic.")
@json_option
@library_command
def search_cmd(lib: Library, query: tuple[str, ...], jurisdiction: tuple[str, ...], type_: tuple[str, ...], year: int | None,
               as_enacted: bool, limit: int, include_repealed: bool, group_by: str | None, facets: bool, as_json: bool) -> None:
    """Find the provisions that answer QUERY: words, a citation or an instrument name (quotes
    are optional: the words are joined).

    \b
    Examples:
      qanoon search "punishment for trafficking a child"
      qanoon search "PTPA s 3"
      qanoon search "minimum age" -j punjab -j sindh --json
    """
    opts = Options(jurisdiction=jurisdiction, type=type_, year=year, limit=limit, include_repealed=include_repealed,
                   as_enacted=as_enacted, group_by=group_by or "", facets=facets)
    _emit(lib.search(" ".join(query), opts).to_dict(), as_json, render.search_text)


@cli.command()
@click.argument("what", nargs=-1, required=True)
@click.option("--as-enacted", is_flag=True, help="Show the text as first enacted.")
@json_option
@library_command
def show(lib: Library, what: tuple[str, ...], as_enacted: bool, as_json: bool) -> None:
    """Print one provision in full, or an instrument's metadata and contents (quotes are
    optional: the words are joined).

    \b
    Examples:
      qanoon show "PTPA s 3"
      qanoon show "s. 3(2) PTPA"
      qanoon show "Constitution Art 11"
      qanoon show PSMA
    """
    _emit(lib.show(" ".join(what), Options(as_enacted=as_enacted)).to_dict(), as_json, render.show_text)


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


FORMATS = click.Choice(["table", "md", "html", "json"])


def _render(data: Any, fmt: str, title: str, table: Callable[[Any], str], markdown: Callable[[Any], str]) -> str:
    """``data`` in the chosen format: a terminal table, Markdown, one HTML page or JSON."""
    from qanoon.search import reports  # here and in the report commands: a search needs no report writers

    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "md":
        return f"# {title}\n\n{markdown(data)}"
    if fmt == "html":
        return reports.to_html(f"# {reports.esc(title)}\n\n{markdown(data)}", title)
    return _plain(table(data))


def _report(data: Any, fmt: str, title: str, table: Callable[[Any], str], markdown: Callable[[Any], str]) -> None:
    click.echo(_render(data, fmt, title, table, markdown))


@cli.command()
@click.argument("subjects", nargs=-1, required=True)
@click.option("--jurisdiction", "-j", multiple=True, help="Rows to show (default: all, plus international standards).")
@click.option("--topic", help="With two instruments: only this shared topic.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@library_command
def compare(lib: Library, subjects: tuple[str, ...], jurisdiction: tuple[str, ...], topic: str | None, fmt: str) -> None:
    """Compare one TOPIC across jurisdictions, or two instruments side by side.

    \b
    Examples:
      qanoon compare minimum-marriage-age
      qanoon compare "domestic workers" -j punjab -j ict --format md
      qanoon compare PTPA PSMA
      qanoon compare PTPA "Palermo Protocol" --format html > ptpa-vs-protocol.html
    """
    from qanoon.search import reports

    if len(subjects) == 2:
        data = lib.compare_instruments(subjects[0], subjects[1], topic).to_dict()
        title = f"{data['left']['title']} and {data['right']['title']}"
        _report(data, fmt, title, reports.pairing_markdown, reports.pairing_markdown)
    elif len(subjects) == 1:
        data = lib.compare(subjects[0], jurisdiction).to_dict()
        _report(data, fmt, f"Comparison: {data['label']}", reports.compare_table,
                lambda d: reports.compare_markdown(d, with_map=fmt == "html"))
    else:
        raise QanoonError("compare takes one TOPIC, or two instruments")


@cli.command()
@click.argument("topic", required=False)
@click.option("--jurisdiction", "-j", multiple=True)
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["coverage", "divergence", "below-standard", "outdated", "ratification"],
                                                                   case_sensitive=False))
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@library_command
def gaps(lib: Library, topic: str | None, jurisdiction: tuple[str, ...], kinds: tuple[str, ...], fmt: str) -> None:
    """Flag gaps that need harmonisation, each with its evidence as citations.

    Kinds: coverage (no law where others have one), divergence (different values),
    below-standard (short of an international benchmark), outdated (points to repealed law, or
    a fact older than an amendment), ratification (instruments Pakistan is not party to).

    \b
    Examples:
      qanoon gaps
      qanoon gaps minimum-marriage-age --format md
      qanoon gaps -j balochistan --kind coverage --format json
    """
    from qanoon.search import reports

    data = [f.to_dict() for f in lib.gaps(topic, jurisdiction, kinds)]
    _report(data, fmt, "Harmonisation gaps", reports.gaps_table, reports.gaps_markdown)


@cli.command("checklist")
@click.option("--jurisdiction", "-j", required=True, help="federal, ict, punjab, sindh, kp, balochistan, gb or ajk (any case; KPK, Islamabad ...).")
@click.option("--topic", required=True, help="A subject area: trafficking, smuggling, forced-labour or child-labour.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@library_command
def checklist_cmd(lib: Library, jurisdiction: str, topic: str, fmt: str) -> None:
    """Each element of the standards for an area, with the verdict for the law that applies in
    one jurisdiction: met, partly met, not met or not assessed, with the reason and provisions.

    \b
    Example:
      qanoon checklist -j sindh --topic trafficking
      qanoon checklist -j Punjab --topic forced-labour --format md
    """
    from qanoon.search import reports

    data = lib.checklist(jurisdiction, topic).to_dict()
    _report(data, fmt, f"Checklist: {data['area']} ({data['jurisdiction']})", reports.checklist_table, reports.checklist_markdown)


@cli.command("applies")
@click.option("--jurisdiction", "-j", multiple=True, help="Jurisdictions to show (default: all of Pakistan's).")
@click.argument("topic")
@json_option
@library_command
def applies_cmd(lib: Library, topic: str, jurisdiction: tuple[str, ...], as_json: bool) -> None:
    """Which law governs TOPIC (a topic or a subject area) in each jurisdiction, and on what basis.

    \b
    Examples:
      qanoon applies minimum-marriage-age
      qanoon applies forced-labour -j KP -j Balochistan --json
    """
    data = [lib.applicable(j, topic).to_dict() for j in (jurisdiction or PAKISTAN)]
    _emit(data, as_json, render.applicability_text)


@cli.command("plan")
@click.option("--jurisdiction", "-j", required=True, help="Whose House acts: federal, ict, punjab, sindh, kp, balochistan, gb or ajk.")
@click.option("--topic", help="Only the flags on this topic or subject area (trafficking, forced-labour ...).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, path_type=Path), help="Write to this file.")
@library_command
def plan_cmd(lib: Library, jurisdiction: str, topic: str | None, fmt: str, output: Path | None) -> None:
    """Turn a jurisdiction's gap flags into a legislative action plan for its House: bills,
    resolutions, oversight questions, call-attention notices and committee references, each
    under a rule of the House's rules of procedure, with the evidence and, for a bill, a
    drafting outline (a training specimen, not legal drafting).

    \b
    Examples:
      qanoon plan -j punjab
      qanoon plan -j Punjab --topic forced-labour --format md -o punjab-plan.md
      qanoon plan -j ICT --format html -o ict-plan.html
    """
    from qanoon.search import reports

    data = lib.plan(jurisdiction, topic).to_dict()
    title = f"Legislative action plan: {data['label']}" + (f" ({topic})" if topic else "")
    text = _render(data, fmt, title, reports.plan_table, reports.plan_markdown)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text)


@cli.command("brief")
@click.argument("topic")
@click.option("--jurisdiction", "-j", multiple=True, help="Limit provisions, comparison and flags to these jurisdictions.")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json", "docx", "pptx"]), default="md", show_default=True,
              help="docx: a Word handout; pptx: a slide deck (both need -o, and python-docx / python-pptx).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, path_type=Path), help="Write to this file.")
@click.option("--plan", "plan_for", metavar="JURISDICTION", help="Add the legislative action plan of this jurisdiction's House.")
@click.option("--handout", is_flag=True, help="A handout of at most four A4 pages instead of the full brief.")
@library_command
def brief_cmd(lib: Library, topic: str, jurisdiction: tuple[str, ...], fmt: str, output: Path | None, plan_for: str | None,
              handout: bool) -> None:
    """Write a trainer's brief on TOPIC: provisions, comparison, flags, standards, questions.

    TOPIC is a topic id, label or words, or trafficking-vs-smuggling for the two offences side
    by side. HTML is one self-contained page that prints on A4.

    \b
    Examples:
      qanoon brief minimum-marriage-age
      qanoon brief "domestic workers" -j punjab -j sindh --format html -o brief.html
      qanoon brief trafficking-vs-smuggling --format html -o tip-vs-som.html
      qanoon brief bonded-labour-abolition --plan punjab --format html -o bonded-labour-punjab.html
      qanoon brief trafficking-vs-smuggling --handout --format html -o handout.html
      qanoon brief minimum-marriage-age --format pptx -o marriage-age.pptx
    """
    from qanoon.search import brief as briefs

    data = briefs.build(lib, topic, jurisdiction, plan_for)
    if fmt in {"docx", "pptx"}:
        from qanoon.search import office

        if not output:
            raise QanoonError(f"--format {fmt} writes a file: give it with -o FILE.{fmt}")
        output.write_bytes(office.to_docx(data) if fmt == "docx" else office.to_pptx(data))
        click.echo(f"wrote {output}", err=True)
        return
    text = json.dumps(data, ensure_ascii=False, indent=2) if fmt == "json" else \
        briefs.to_html(data, handout) if fmt == "html" else briefs.handout_markdown(data) if handout else briefs.to_markdown(data)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but 127.0.0.1 lets other machines reach the app.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free port).")
@library_command
def serve(lib: Library, host: str, port: int) -> None:
    """Start the local, read-only web app: search, provisions, compare, gaps, briefs.

    \b
    Example:
      qanoon serve
      qanoon serve --port 8080
    """
    from qanoon.web import serve as run

    try:
        run(lib, host=host, port=port, echo=click.echo)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


@cli.command()
@click.argument("ids", nargs=-1)
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds per download.")
@json_option
@library_command
def fetch(lib: Library, ids: tuple[str, ...], timeout: float, as_json: bool) -> None:
    """Download the official texts the knowledge base points to, and ingest them.

    With no IDS, every instrument with a recorded address. Offline, it says so and changes
    nothing.

    \b
    Examples:
      qanoon fetch PTPA PSMA
      qanoon fetch pk/act/1974/passports
    """
    downloads, report = lib.fetch(ids, timeout=timeout, progress=lambda d: click.echo(
        f"{'saved' if d.path else 'failed'}: {d.instrument_id}: {d.path or d.error}", err=True) if not as_json else None)
    data = {"downloads": [{"instrument_id": d.instrument_id, "url": d.url, "path": str(d.path or ""), "error": d.error}
                          for d in downloads], "ingest": report.to_dict() if report else None}
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif report:
        click.echo(render.ingest_text(data["ingest"]))
    if not report:
        raise QanoonError("nothing was downloaded (offline, or the sources did not answer); the index is unchanged")


# Every command opens the index and may have to bring its knowledge base up to date, which
# waits for an ingest that is writing; the error then says "use --wait": each command takes it.
for _command in cli.commands.values():
    if not any(p.name == "wait" for p in _command.params):
        _command.params.append(click.Option(["--wait"], type=float, default=0.0, show_default=True, metavar="SECONDS",
                                            help="Seconds to wait for an ingest that is writing to the index."))


def main() -> None:
    cli(prog_name="qanoon")


if __name__ == "__main__":
    main()
