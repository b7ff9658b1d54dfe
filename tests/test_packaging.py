"""Qanoon installs like any Python tool (issue 18): a built wheel, installed into a fresh venv,
answers from its embedded knowledge base in another folder, and puts only ``qanoon`` into
site-packages (no top-level ``cli``, ``search``, ``web`` or ``indexer`` to clash with others)."""

from __future__ import annotations

import shutil
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # from a copy, so that setuptools' build/ folder is not left in the source tree
    src = tmp_path_factory.mktemp("src") / "qanoon"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__",
                                                              ".pytest_cache", ".ruff_cache", "tests", "benchmarks"))
    # no build isolation: the test environment's setuptools builds it, so no download is needed
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(src)],
                   check=True, capture_output=True, text=True, timeout=300)
    return next(out.glob("qanoon-*.whl"))


def test_the_wheel_holds_one_package_and_the_knowledge_base(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"qanoon"}
    assert "qanoon/corpus/topics.toml" in names and "qanoon/corpus/instruments/federal/ptpa.md" in names
    assert "qanoon/cli.py" in names and not any(n.startswith("qanoon/tests/") for n in names)


def test_an_installed_wheel_answers_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True, timeout=300)
    # the dependencies (whoosh, click ...) from this environment, without its editable Qanoon:
    # a path in a .pth file is added as it is, its own .pth files are not run
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "test-deps.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    r = subprocess.run([str(env_dir / "bin" / "qanoon"), "--home", str(tmp_path / "home"), "search", "punishment for trafficking a child",
                        "-n", "1"], cwd=elsewhere, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "Prevention of Trafficking in Persons Act, 2018" in r.stdout
    where = subprocess.run([str(py), "-c", "import qanoon.search; print(qanoon.search.__file__)"], cwd=elsewhere,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(purelib)
