"""versus plugin (reports hook): checks that every code sample compiles.

JavaScript samples go through `node --check`, Python samples through
Python's own compiler (as `py_compile` does, without writing bytecode). A
sample that does not compile is reported as an error at its file and line; one
that does gets a note next to its file name saying, in words, that it
compiles and which tool checked it (versus draws the note). Python standard
library only.

versus starts this once per build (or per `versus serve`) and writes one JSON
request per line to standard input; each is answered with one line of JSON on
standard output, saying only what changes. See docs/plugins.md. Logs go to
standard error.
"""

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

PROTOCOL = 3
# Results by content hash, kept on disk so that the next build re-checks only
# what changed, and in memory for the life of the process.
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


def load_cache():
    try:
        with open(CACHE, encoding="utf-8") as file:
            return json.load(file)
    except (OSError, ValueError):
        return {}


def save_cache(cache):
    try:
        with open(CACHE, "w", encoding="utf-8") as file:
            json.dump(cache, file)
    except OSError as error:
        print(f"could not save the cache: {error}", file=sys.stderr, flush=True)


def key(sample):
    text = sample["language"] + "\0" + sample["path"] + "\0" + sample["code"]
    return hashlib.sha256(text.encode()).hexdigest()


def answer(request, cache, pool):
    samples = [s for report in request["reports"] for c in report["criteria"] for s in c["samples"]]
    todo = [s for s in samples if key(s) not in cache]
    for sample, outcome in zip(todo, pool.map(check, todo)):
        cache[key(sample)] = outcome
    if todo:
        save_cache(cache)

    diagnostics = []
    changes = []
    for report in request["reports"]:
        criteria = []
        for criterion in report["criteria"]:
            notes = []
            for sample in criterion["samples"]:
                outcome = cache[key(sample)]
                if outcome == "skipped":
                    continue
                name = os.path.basename(sample["path"])
                if outcome is None:
                    tool = "node --check" if sample["language"] == "js" else "Python’s compiler"
                    notes.append({"contender": sample["contender"], "text": f"Compiles (checked with {tool})"})
                else:
                    diagnostics.append({
                        "severity": "error",
                        "message": f"{name} does not compile: {outcome['message']}",
                        "file": sample["path"],
                        "line": outcome["line"],
                        "column": outcome["column"],
                        "help": "every sample must be a complete file that compiles",
                    })
            if notes:
                criteria.append({"slug": criterion["slug"], "sample_notes": notes})
        if criteria:
            changes.append({"slug": report["slug"], "criteria": criteria})
    return {"protocol": PROTOCOL, "reports": changes, "diagnostics": diagnostics}


def main():
    cache = load_cache()
    with ThreadPoolExecutor() as pool:
        for line in sys.stdin:
            request = json.loads(line)
            if request["protocol"] != PROTOCOL:
                print(f"check_samples speaks protocol {PROTOCOL}, versus sent {request['protocol']}", file=sys.stderr)
                return 1
            print(json.dumps(answer(request, cache, pool)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
