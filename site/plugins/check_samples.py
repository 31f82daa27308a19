"""versus plugin (reports hook): checks that every code sample compiles.

JavaScript samples go through `node --check`, Python samples through
Python's own compiler (as `py_compile` does, without writing bytecode). A
sample that does not compile is reported as an error at its file and line; one
that does gets a mark next to its file name saying, in words, that it
compiles and which tool checked it. Python standard
library only.

versus writes a JSON request to standard input and reads the answer from
standard output; see docs/plugins.md. Logs go to standard error.
"""

import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

PROTOCOL = 1
# Results by content hash, so that a preview rebuild re-checks only what changed.
CACHE = os.path.join(tempfile.gettempdir(), "versus-check-samples-v1.json")


def check_js(path):
    result = subprocess.run(["node", "--check", path], capture_output=True, text=True)
    if result.returncode == 0:
        return None
    # node prints "<file>:<line>" on the first line, the message further down.
    line = None
    match = re.search(r":(\d+)\s*$", result.stderr.splitlines()[0] if result.stderr else "")
    if match:
        line = int(match.group(1))
    message = next((l for l in result.stderr.splitlines() if "Error" in l), result.stderr.strip())
    return {"line": line, "column": None, "message": message.strip()}


def check_py(path, code):
    try:
        compile(code, path, "exec")
    except SyntaxError as error:
        return {"line": error.lineno, "column": error.offset, "message": f"SyntaxError: {error.msg}"}
    return None


def check(sample):
    if sample["language"] == "js":
        return check_js(sample["path"])
    if sample["language"] == "py":
        return check_py(sample["path"], sample["code"])
    return "skipped"


def main():
    request = json.load(sys.stdin)
    if request["protocol"] != PROTOCOL:
        print(f"check_samples speaks protocol {PROTOCOL}, versus sent {request['protocol']}", file=sys.stderr)
        return 1
    try:
        with open(CACHE, encoding="utf-8") as file:
            cache = json.load(file)
    except (OSError, ValueError):
        cache = {}

    samples = [s for report in request["reports"] for c in report["criteria"] for s in c["samples"]]
    key = lambda s: hashlib.sha256((s["language"] + "\0" + s["path"] + "\0" + s["code"]).encode()).hexdigest()
    todo = [s for s in samples if key(s) not in cache]
    with ThreadPoolExecutor() as pool:
        for sample, outcome in zip(todo, pool.map(check, todo)):
            cache[key(sample)] = outcome

    diagnostics = []
    for report in request["reports"]:
        for criterion in report["criteria"]:
            for sample in criterion["samples"]:
                outcome = cache[key(sample)]
                if outcome == "skipped":
                    continue
                name = os.path.basename(sample["path"])
                if outcome is None:
                    label = "node --check" if sample["language"] == "js" else "Python’s compiler"
                    mark = (
                        '<span class="vs-sample-check"><span aria-hidden="true">✓ </span>'
                        f"Compiles (checked with {label})</span>"
                    )
                    file_span = f'<span class="vs-sample-file">{html.escape(name)}</span>'
                    criterion["html"] = criterion["html"].replace(file_span, file_span + " " + mark, 1)
                else:
                    diagnostics.append({
                        "severity": "error",
                        "message": f"{name} does not compile: {outcome['message']}",
                        "file": sample["path"],
                        "line": outcome["line"],
                        "column": outcome["column"],
                        "help": "every sample must be a complete file that compiles",
                    })
    try:
        with open(CACHE, "w", encoding="utf-8") as file:
            json.dump(cache, file)
    except OSError as error:
        print(f"could not save the cache: {error}", file=sys.stderr)

    json.dump({"protocol": PROTOCOL, "reports": request["reports"], "diagnostics": diagnostics}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
