"""Inspect what ships with Python and summarise a project's pyproject.toml.

Run it with `python3 python.py [project-folder]` (defaults to the current folder).
"""
import sys
import tomllib
from pathlib import Path

# The standard library is large: no pip install needed for any of these.
stdlib = sorted(name for name in sys.stdlib_module_names if not name.startswith("_"))
print(f"Python {sys.version.split()[0]} ships {len(stdlib)} standard-library modules,")
print("for example: json, sqlite3, asyncio, http, statistics")

folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
manifest = folder / "pyproject.toml"

if not manifest.is_file():
    print(f"\nNo pyproject.toml in {folder}; `uv init` or a text editor can create one.")
else:
    # tomllib (Python 3.11+) parses TOML out of the box.
    with manifest.open("rb") as handle:
        project = tomllib.load(handle).get("project", {})
    print(f"\n{project.get('name', '(unnamed)')} {project.get('version', '')}")
    dependencies = project.get("dependencies", [])
    print(f"dependencies: {len(dependencies)}")
    for requirement in dependencies:
        print(f"  - {requirement}")
    for group, extras in project.get("optional-dependencies", {}).items():
        print(f"optional [{group}]: {', '.join(extras)}")
