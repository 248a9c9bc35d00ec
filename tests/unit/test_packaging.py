"""Packaging checks.

* ``environment.yml`` (for conda users) lists exactly the dependencies of
  ``pyproject.toml`` (runtime and the ``test`` extra) with the same version bounds.
* ``import coprod_helpers`` stays cheap: no heavy library is loaded and nothing is
  written to disk, and working out the default store URL creates no file either.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[2]
PYPROJECT = REPO_DIR / "pyproject.toml"
ENVIRONMENT = REPO_DIR / "environment.yml"

#: PyPI name (normalised, extras dropped) -> conda-forge name, where the two differ.
#: Only used for entries in the conda section; pip entries keep their PyPI names.
#: (``psycopg[binary]`` needs no entry: extras are dropped for conda, and the
#: conda-forge ``psycopg`` package links its own libpq.)
CONDA_NAMES = {
    "playwright": "playwright-python",  # if it ever moves from the pip: list to conda
}
PYPI_NAMES = {conda: pypi for pypi, conda in CONDA_NAMES.items()}

#: Entries environment.yml may have that pyproject.toml does not.
ENV_ONLY = {"python", "pip"}

_REQ = re.compile(
    r"""^\s*
    (?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)
    \s*(?:\[(?P<extras>[^\]]*)\])?
    \s*(?P<spec>[^#;]*?)
    \s*(?:[;#].*)?$""",
    re.VERBOSE,
)


def normalise_name(name: str) -> str:
    """PEP 503 name: lower case, runs of ``-``, ``_`` and ``.`` become one ``-``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_requirement(text: str) -> tuple[str, frozenset[str], frozenset[str]]:
    """``"psycopg[binary] >=3.1"`` -> ``("psycopg", {"binary"}, {">=3.1"})``.

    Works for both PEP 508 strings and conda match specs of the simple
    ``name>=x`` / ``name >=x,<y`` kind used here. Spaces are ignored in the
    specifier, so ``>= 3.1`` and ``>=3.1`` compare equal.
    """
    match = _REQ.match(text)
    if not match:
        raise ValueError(f"cannot parse requirement {text!r}")
    extras = frozenset(
        normalise_name(e) for e in (match["extras"] or "").split(",") if e.strip()
    )
    spec = frozenset(
        part.replace(" ", "") for part in match["spec"].split(",") if part.strip()
    )
    return normalise_name(match["name"]), extras, spec


def lower_bound(spec: frozenset[str]) -> str | None:
    bounds = [s[2:] for s in spec if s.startswith(">=")]
    return bounds[0] if len(bounds) == 1 else None


def pyproject_requirements(data: dict) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Runtime and test requirements of a parsed pyproject: name -> (extras, spec)."""
    project = data["project"]
    lines = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    out: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    for line in lines:
        name, extras, spec = parse_requirement(line)
        if name in out:
            raise ValueError(f"{name} listed twice in pyproject.toml")
        out[name] = (extras, spec)
    return out


def _parse_environment_by_hand(text: str) -> dict:
    """Enough of YAML for environment.yml: top-level keys, ``- item`` lists and one
    nested ``- pip:`` list. Used only when PyYAML is not installed."""
    data: dict = {}
    key = None
    pip_list = None
    pip_indent = None
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        stripped = line.strip()
        if indent == 0:
            pip_list = None
            key, _, value = stripped.partition(":")
            value = value.strip()
            data[key] = value if value else []
            continue
        if not stripped.startswith("- "):
            raise ValueError(f"unexpected line in environment.yml: {raw!r}")
        item = stripped[2:].strip()
        if pip_list is not None and indent > pip_indent:
            pip_list.append(item)
            continue
        pip_list = None
        if item == "pip:":
            pip_list = []
            pip_indent = indent
            data[key].append({"pip": pip_list})
        else:
            data[key].append(item)
    return data


def load_environment(text: str) -> dict:
    try:
        import yaml
    except ImportError:  # PyYAML comes with Jupyter, but do not depend on it
        return _parse_environment_by_hand(text)
    return yaml.safe_load(text)


def environment_requirements(data: dict) -> dict[str, list[tuple[str, frozenset[str], frozenset[str]]]]:
    """Parsed environment.yml -> PyPI name -> [(section, extras, spec), ...].

    Conda names are turned back into PyPI names with :data:`CONDA_NAMES`. A list
    per name, so that a package listed twice shows up as a problem.
    """
    out: dict[str, list[tuple[str, frozenset[str], frozenset[str]]]] = {}
    for entry in data.get("dependencies") or []:
        if isinstance(entry, dict):
            for pip_entry in entry.get("pip") or []:
                name, extras, spec = parse_requirement(str(pip_entry))
                out.setdefault(name, []).append(("pip", extras, spec))
            continue
        text = str(entry)
        # conda's "python=3.11" (one "=") means 3.11.*; keep it as an "==3.11.*" spec
        text = re.sub(r"^([A-Za-z0-9._-]+)\s*=(?![=])\s*", r"\1==", text)
        name, extras, spec = parse_requirement(text)
        name = PYPI_NAMES.get(name, name)
        out.setdefault(name, []).append(("conda", extras, spec))
    return out


def compare(pyproject: dict, environment: dict) -> list[str]:
    """Every way ``environment`` (parsed environment.yml) differs from ``pyproject``
    (parsed pyproject.toml). An empty list means they agree."""
    wanted = pyproject_requirements(pyproject)
    have = environment_requirements(environment)
    problems: list[str] = []

    for name, (extras, spec) in sorted(wanted.items()):
        entries = have.get(name, [])
        if not entries:
            problems.append(f"{name}: in pyproject.toml, missing from environment.yml")
            continue
        if len(entries) > 1:
            problems.append(f"{name}: listed {len(entries)} times in environment.yml")
        for section, env_extras, env_spec in entries:
            if lower_bound(spec) is None:
                problems.append(f"{name}: pyproject.toml should give one '>=' lower bound, has {sorted(spec)}")
            if env_spec != spec:
                problems.append(
                    f"{name}: bounds differ: pyproject.toml {sorted(spec)}, "
                    f"environment.yml ({section}) {sorted(env_spec)}"
                )
            if section == "pip" and env_extras != extras:
                problems.append(
                    f"{name}: extras differ: pyproject.toml {sorted(extras)}, environment.yml {sorted(env_extras)}"
                )
            if section == "conda" and env_extras:
                problems.append(f"{name}: conda entries take no extras, has {sorted(env_extras)}")

    for name in sorted(set(have) - set(wanted) - ENV_ONLY):
        problems.append(f"{name}: in environment.yml, not in pyproject.toml")

    channels = environment.get("channels") or []
    if channels != ["conda-forge"]:
        problems.append(f"channels should be ['conda-forge'], is {channels}")

    python = have.get("python", [])
    requires = pyproject["project"].get("requires-python", "")
    if len(python) != 1 or python[0][0] != "conda":
        problems.append("environment.yml should pin python once, in the conda section")
    else:
        pinned = {s[2:].removesuffix(".*") for s in python[0][2] if s.startswith("==")}
        minimum = requires.removeprefix(">=").strip()
        if len(pinned) != 1 or _version(next(iter(pinned))) < _version(minimum):
            problems.append(f"python pin {sorted(python[0][2])} does not satisfy requires-python {requires!r}")

    if any(section == "pip" for entries in have.values() for section, *_ in entries) and "pip" not in have:
        problems.append("environment.yml has a pip: list but does not install pip")
    return problems


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(".") if p.isdigit())


# --- environment.yml against pyproject.toml ------------------------------------


@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def environment_text() -> str:
    return ENVIRONMENT.read_text(encoding="utf-8")


def test_environment_yml_matches_pyproject(pyproject, environment_text):
    problems = compare(pyproject, load_environment(environment_text))
    assert not problems, "environment.yml and pyproject.toml disagree:\n" + "\n".join(problems)


def test_environment_yml_covers_every_dependency(pyproject, environment_text):
    # the comparison really looked at the whole list, not an empty one
    wanted = pyproject_requirements(pyproject)
    have = environment_requirements(load_environment(environment_text))
    assert len(wanted) >= 30
    assert set(wanted) <= set(have)


def test_environment_yml_says_it_must_match_pyproject(environment_text):
    head = environment_text.split("name:", 1)[0]
    assert "pyproject.toml" in head
    assert "tests/unit/test_packaging.py" in head


def test_hand_parser_reads_environment_yml_like_pyyaml(environment_text):
    yaml = pytest.importorskip("yaml")
    assert _parse_environment_by_hand(environment_text) == yaml.safe_load(environment_text)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("psycopg[binary]>=3.1", ("psycopg", {"binary"}, {">=3.1"})),
        ("Python_Docx >= 1.1", ("python-docx", set(), {">=1.1"})),
        ("XStatic.Leaflet>=1.9", ("xstatic-leaflet", set(), {">=1.9"})),
        ("pandas >=2.2,<3  # comment", ("pandas", set(), {">=2.2", "<3"})),
        ("pip", ("pip", set(), set())),
    ],
)
def test_parse_requirement(line, expected):
    assert parse_requirement(line) == (expected[0], frozenset(expected[1]), frozenset(expected[2]))


# The same comparison must fail on a broken environment.yml. Each mutation is a
# text edit, so the whole path (YAML parsing included) is exercised.
MUTATIONS = {
    "dependency dropped": (r"\n\s*- rapidfuzz>=3\.6[^\n]*", ""),
    "bound changed": (r"- pandas>=2\.2", "- pandas>=2.1"),
    "bound removed": (r"- scipy>=1\.12", "- scipy"),
    "pip dependency dropped": (r"\n\s*- nhs-number>=1\.3[^\n]*", ""),
    "pip bound changed": (r"- pytest-playwright>=0\.5", "- pytest-playwright>=0.4"),
    "test extra dropped": (r"\n\s*- pytest-timeout>=2\.3[^\n]*", ""),
    "extra package": (r"- scipy>=1\.12", "- scipy>=1.12\n  - requests>=2.31"),
    "listed twice": (r"- numpy>=1\.26", "- numpy>=1.26\n  - numpy>=1.26"),
    "in conda and pip": (r"(\n\s*)- axe-playwright-python>=0\.1\.4", r"\1- axe-playwright-python>=0.1.4\1- numpy>=1.26"),
    "pip extras differ": (r"- nhs-number>=1\.3", "- nhs-number[cli]>=1.3"),
    "wrong channel": (r"- conda-forge", "- defaults"),
    "python too old": (r"python=3\.11", "python=3.10"),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_comparison_catches_broken_environment(pyproject, environment_text, mutation):
    pattern, replacement = MUTATIONS[mutation]
    mutated, count = re.subn(pattern, replacement, environment_text, count=1)
    assert count == 1, f"mutation {mutation!r} no longer applies to environment.yml"
    assert compare(pyproject, load_environment(mutated)), f"{mutation!r} went unnoticed"


def test_comparison_catches_pyproject_change(pyproject, environment_text):
    changed = json.loads(json.dumps(pyproject))  # deep copy
    changed["project"]["dependencies"].append("rich>=13")
    problems = compare(changed, load_environment(environment_text))
    assert any(p.startswith("rich:") for p in problems)


# --- importing the package is cheap and writes nothing --------------------------

HEAVY_MODULES = [
    "geopandas", "folium", "pandas", "sqlalchemy", "ipywidgets",
    "matplotlib", "numpy", "scipy", "shapely", "pyproj", "statsmodels", "alembic",
]

_PROBE = textwrap.dedent(
    """
    import json, os, sys
    sys.dont_write_bytecode = True   # .pyc files are not the package's doing

    WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
    FILE_EVENTS = {
        "os.mkdir", "os.rename", "os.replace", "os.remove", "os.rmdir", "os.link",
        "os.symlink", "os.truncate", "os.chmod", "os.chown", "os.utime",
        "shutil.copyfile", "shutil.copytree", "shutil.move", "shutil.rmtree",
        "sqlite3.connect", "tempfile.mkstemp", "tempfile.mkdtemp",
    }
    writes = []

    def hook(event, args):
        if event == "open":
            path, mode, flags = args
            if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                mode is None and isinstance(flags, int) and flags & WRITE_FLAGS
            ):
                writes.append([event, str(path)])
        elif event in FILE_EVENTS:
            writes.append([event, repr(args)[:200]])

    sys.addaudithook(hook)

    import coprod_helpers
    after_import = sorted(sys.modules)
    writes_on_import = list(writes)

    url = coprod_helpers.config.store_url()
    path = coprod_helpers.config.default_store_path()

    print(json.dumps({
        "modules": after_import,
        "modules_after_config": sorted(sys.modules),
        "writes_on_import": writes_on_import,
        "writes": writes,
        "url": url,
        "path": str(path),
        "file": coprod_helpers.__file__,
    }))
    """
)


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    """Run the probe in a fresh interpreter with HOME, XDG_* and the working folder
    all pointing at empty folders; return its report and the folders."""
    root = tmp_path_factory.mktemp("import-probe")
    dirs = {name: root / name for name in ("home", "data", "config", "cache", "cwd")}
    for folder in dirs.values():
        folder.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XDG_", "COPROD_", "PYTHON", "MPL", "JUPYTER"))
    }
    env.update(
        HOME=str(dirs["home"]),
        XDG_DATA_HOME=str(dirs["data"]),
        XDG_CONFIG_HOME=str(dirs["config"]),
        XDG_CACHE_HOME=str(dirs["cache"]),
        PYTHONPATH=str(REPO_DIR),
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONNOUSERSITE="1",
    )
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=dirs["cwd"], env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return report, dirs


def _loaded(modules: list[str], name: str) -> list[str]:
    return [m for m in modules if m == name or m.startswith(name + ".")]


def test_probe_imported_this_checkout(probe):
    report, _ = probe
    assert Path(report["file"]).resolve() == (REPO_DIR / "coprod_helpers" / "__init__.py").resolve()


@pytest.mark.parametrize("module", HEAVY_MODULES)
def test_import_loads_no_heavy_library(probe, module):
    report, _ = probe
    assert not _loaded(report["modules"], module), f"import coprod_helpers loaded {module}"
    assert not _loaded(report["modules_after_config"], module), f"coprod_helpers.config loaded {module}"


def test_import_and_store_url_touch_no_files(probe):
    report, dirs = probe
    assert report["writes_on_import"] == [], "import coprod_helpers wrote to disk"
    assert report["writes"] == [], "coprod_helpers.config.store_url() wrote to disk"
    for name, folder in dirs.items():
        left = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
        assert left == [], f"files appeared in the {name} folder: {left}"


def test_default_store_url_lives_under_xdg_data_home_but_is_not_created(probe):
    report, dirs = probe
    path = Path(report["path"])
    assert report["url"] == f"sqlite:///{path}"
    assert path.is_relative_to(dirs["data"])
    assert not path.exists() and not path.parent.exists()
