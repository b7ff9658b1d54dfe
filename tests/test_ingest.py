"""Ingest: files and folders, versions, re-ingest, failures that change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from qanoon.search import Library, Options

from tests.conftest import FIXTURES, needs_shared, shared_file


def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample-act-2021.txt"
    shutil.copy(FIXTURES / "sample-act-2021.txt", path)
    return path


def test_ingest_a_text_file_into_provisions(home: Path, tmp_path: Path) -> None:
    lib = Library(home)
    report = lib.ingest([sample(tmp_path)])
    assert [o.status for o in report.outcomes] == ["indexed"]
    inst = next(i for i in lib.list() if i["title"] == "Sample Protection Act, 2021")
    assert inst["year"] == 2021 and inst["jurisdiction"] == "federal" and inst["type"] == "act"
    hit = lib.search("exploits a child in a sample workshop").hits[0]
    assert hit.number == "3" and hit.citation.startswith("Sample Protection Act, 2021, s. 3")
    assert hit.source["file"].endswith("sample-act-2021.txt")
    shown = lib.show(f"{inst['id']}/sec_3A").to_dict()["provision"]
    assert "hides a sample" in shown["text"]


def test_a_paragraph_of_an_article_is_cited_as_part_of_the_article(home: Path, tmp_path: Path) -> None:
    # not "s. 3(2)": a convention's or the Constitution's clauses belong to an article
    path = tmp_path / "sample-convention-2020.txt"
    path.write_text("Sample Workers Convention, 2020\n"
                    "Article 1\nScope\nThis Convention applies to all sample workers.\n"
                    "Article 2\nProtection\n(1) Each Member shall protect sample workers.\n"
                    "(2) Each Member shall report yearly on sample workshops.\n")
    lib = Library(home)
    lib.ingest([path])
    hit = next(h for h in lib.search("report yearly on sample workshops", Options(limit=20)).hits
               if h.title.startswith("Sample Workers Convention"))
    shown = lib.show(f"{hit.instrument_id}/art_2__subsec_2").to_dict()["provision"]
    assert shown["citation"].endswith("Art. 2(2)")


def test_reingesting_unchanged_file_does_nothing(home: Path, tmp_path: Path) -> None:
    lib = Library(home)
    path = sample(tmp_path)
    lib.ingest([path])
    again = lib.ingest([path])
    assert [o.status for o in again.outcomes] == ["unchanged"]


def test_changed_file_replaces_its_units(home: Path, tmp_path: Path) -> None:
    lib = Library(home)
    path = sample(tmp_path)
    lib.ingest([path])
    path.write_text(path.read_text().replace("sample workshop", "glass factory"))
    lib.ingest([path])
    assert not [h for h in lib.search("sample workshop").hits if "sample workshop" in h.text]
    assert lib.search("glass factory").hits[0].title.startswith("Sample Protection")
    assert len([i for i in lib.list() if i["title"].startswith("Sample Protection")][0]["versions"]) == 1


def test_folder_lists_skipped_files_and_goes_past_bad_ones(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "laws"
    folder.mkdir()
    sample(folder)
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    (folder / "empty.txt").write_bytes(b"")
    report = Library(home).ingest([folder])
    status = {Path(o.path).name: o.status for o in report.outcomes}
    assert status == {"sample-act-2021.txt": "indexed", "notes.docx": "skipped", "broken.pdf": "failed", "empty.txt": "failed"}


def test_a_link_out_of_an_ingested_folder_is_not_followed(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "laws"
    folder.mkdir()
    secret = tmp_path / "outside" / "secret-act-2020.txt"
    secret.parent.mkdir()
    secret.write_text("THE SECRET ACT, 2020\n\n1. Short title.— This Act may be called the Secret Act, 2020. root:x:0:0\n")
    (folder / "passwd.txt").symlink_to(secret)
    shutil.copy(FIXTURES / "sample-act-2021.txt", folder / "sample-act-2021.txt")
    (folder / "again.txt").symlink_to(folder / "sample-act-2021.txt")   # a link that stays inside is read
    lib = Library(home)
    outcomes = {Path(o.path).name: o for o in lib.ingest([folder]).outcomes}
    assert outcomes["passwd.txt"].status == "skipped" and "outside the folder" in outcomes["passwd.txt"].reason
    assert outcomes["again.txt"].status == "indexed"   # read first; the file it points to is the same content
    assert not any("Secret Act" in h.title for h in lib.search("root secret act").hits)


def test_a_path_that_cannot_be_looked_at_fails_alone(home: Path, tmp_path: Path, monkeypatch) -> None:
    from qanoon.indexer import ingest

    blocked = tmp_path / "unreadable" / "x.txt"
    real_is_dir = Path.is_dir

    def is_dir(self: Path) -> bool:   # as pathlib does under a folder without search permission
        if self == blocked:
            raise PermissionError(13, "Permission denied")
        return real_is_dir(self)

    monkeypatch.setattr(Path, "is_dir", is_dir)
    files, other = ingest.discover([sample(tmp_path), blocked])
    assert [f.name for f in files] == ["sample-act-2021.txt"]
    assert [(o.path, o.status, o.reason) for o in other] == [(str(blocked), "failed", "cannot read (Permission denied)")]


def test_failed_file_leaves_the_index_as_it_was(home: Path, tmp_path: Path) -> None:
    lib = Library(home)
    lib.ingest([sample(tmp_path)])
    before = (lib.list(), [h.id for h in lib.search("exploitation").hits])
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    report = lib.ingest([bad])
    assert report.by_status("failed") and (lib.list(), [h.id for h in lib.search("exploitation").hits]) == before


def test_sidecar_overrides_detected_metadata(home: Path, tmp_path: Path) -> None:
    path = sample(tmp_path)
    (tmp_path / "sample-act-2021.txt.qanoon.toml").write_text('jurisdiction = "sindh"\nstatus = "repealed"\n')
    lib = Library(home)
    lib.ingest([path])
    inst = next(i for i in lib.list() if i["title"] == "Sample Protection Act, 2021")
    assert (inst["jurisdiction"], inst["status"]) == ("sindh", "repealed")


@needs_shared
def test_full_text_joins_the_knowledge_base(home: Path, text_cache: Path) -> None:
    """An ingested official text and the curated entry are one instrument: our summary and facts
    appear with the official text, and search shows the provision once."""
    lib = Library(home)
    lib.ingest([shared_file("pk/federal_prevention-of-trafficking-in-persons-act-2018_consolidated.json")])
    shown = lib.show("PTPA s 3").to_dict()["provision"]
    assert "recruits, harbours" in shown["text"] and shown["summary"] and shown["facts"]
    assert "knowledge base" in shown["other_versions"]
    hits = lib.search("trafficking in persons", Options(limit=30)).hits
    keys = [(h.instrument_id, h.number) for h in hits]
    assert keys.count(("pk/act/2018/ptpa", "3")) == 1


def test_a_new_pipeline_version_reads_files_again(home: Path, tmp_path: Path, monkeypatch) -> None:
    """After an upgrade that changes how files are parsed, an unchanged file is read again and
    replaces its old version, instead of being skipped as unchanged."""
    from qanoon.indexer import ingest as ingest_mod

    lib = Library(home)
    path = sample(tmp_path)
    lib.ingest([path])
    monkeypatch.setattr(ingest_mod, "PIPELINE_VERSION", "test-next")
    again = lib.ingest([path])
    assert [o.status for o in again.outcomes] == ["indexed"]
    assert len([i for i in lib.list() if i["title"].startswith("Sample Protection")][0]["versions"]) == 1


def test_the_current_version_is_shown_unless_asked_for_the_enacted_one(home: Path, tmp_path: Path) -> None:
    """Two texts of one Act (the gazette as enacted, a consolidated text as amended): search
    shows the provision once, from the amended text, and names the other version; with
    ``as_enacted`` it shows the enacted text."""
    enacted = sample(tmp_path)
    amended = tmp_path / "sample-act-2021-consolidated.txt"
    amended.write_text(enacted.read_text().replace("three years", "seven years"), encoding="utf-8")
    (tmp_path / "sample-act-2021-consolidated.txt.qanoon.toml").write_text('version = "as amended"\n')
    lib = Library(home)
    lib.ingest([enacted, amended])

    def section_4(**opts: bool) -> list:
        hits = lib.search("punishment for exploitation in a sample workshop", Options(limit=20, **opts)).hits
        return [h for h in hits if h.number == "4" and h.title.startswith("Sample")]

    hits = section_4()
    assert len(hits) == 1 and "seven years" in hits[0].text and hits[0].version == "as amended"
    assert "as enacted" in hits[0].other_versions
    old = section_4(as_enacted=True)
    assert len(old) == 1 and "three years" in old[0].text


def test_repealed_law_comes_back_up_when_asked_for(home: Path, tmp_path: Path) -> None:
    path = sample(tmp_path)
    (tmp_path / "sample-act-2021.txt.qanoon.toml").write_text('status = "repealed"\n')
    lib = Library(home)
    lib.ingest([path])
    query = "exploits a child in a sample workshop"
    default = next(h for h in lib.search(query).hits if h.title.startswith("Sample"))
    asked = next(h for h in lib.search(query, Options(include_repealed=True)).hits if h.title.startswith("Sample"))
    assert asked.score > default.score



def test_a_unit_of_many_megabytes_is_kept_in_bounded_parts(home: Path, tmp_path: Path) -> None:
    # a one-line file of 3 MB: one unit, once; every search that matched it read it all
    from qanoon.indexer.records import MAX_UNIT_CHARS

    path = tmp_path / "one-line-act-2020.txt"
    path.write_text("THE ONE LINE ACT, 2020\n\n1. Short title.— This Act may be called the One Line Act, 2020. "
                    + "bondedzone labour " * 170_000 + "\n")
    lib = Library(home)
    outcome = lib.ingest([path]).outcomes[0]
    assert outcome.status == "indexed" and any("continuation record" in w for w in outcome.warnings)
    records = [r for r in lib.backend.records(record="provision") if r["doc_id"] != "kb" and "One Line" in r["title"]]
    assert len(records) >= 15 and max(len(r["body"]) for r in records) <= MAX_UNIT_CHARS
    assert sum(len(r["body"]) for r in records) >= len("bondedzone labour ") * 170_000 - 200
    hits = lib.search("bondedzone", Options(limit=50)).hits
    assert hits and hits[0].instrument_id == "pk/act/2020/one-line-act"
    part = lib.show("pk/act/2020/one-line-act/sec_1__nn_2").to_dict()["provision"]
    assert part["citation"].endswith("s. 1 (continued, part 2)")


def test_progress_counts_bytes_read(home: Path, tmp_path: Path) -> None:
    # a file count reached 92% at once, then sat on one large PDF: progress is in bytes
    folder = tmp_path / "laws"
    folder.mkdir()
    shutil.copy(FIXTURES / "sample-act-2021.txt", folder / "a.txt")
    big = folder / "big-act-2022.txt"
    big.write_text("THE BIG ACT, 2022\n\n1. Short title.— This Act may be called the Big Act, 2022.\n" + "words " * 50_000)
    seen: list[tuple[int, int]] = []
    Library(home).ingest([folder], workers=1, progress=lambda outcome, done, total: seen.append((done, total)))
    total = (folder / "a.txt").stat().st_size + big.stat().st_size
    assert [t for _, t in seen] == [total, total] and seen[-1][0] == total
    assert seen[0][0] in {(folder / "a.txt").stat().st_size, big.stat().st_size}
