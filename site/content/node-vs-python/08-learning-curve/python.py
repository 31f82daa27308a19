"""A first exercise: download JSON from a web API and print a few fields.

Run it with `python3 python.py [owner/repo]` (needs an internet connection).
"""
import json
import sys
import urllib.error
import urllib.request

repo = sys.argv[1] if len(sys.argv) > 1 else "python/cpython"
url = f"https://api.github.com/repos/{repo}"

request = urllib.request.Request(url, headers={"Accept": "application/vnd.github+json"})

try:
    # urllib ships with Python: no package to install.
    with urllib.request.urlopen(request, timeout=10) as response:
        data = json.load(response)
except (urllib.error.URLError, TimeoutError) as error:
    # HTTPError (bad status codes) is a subclass of URLError.
    print(f"Could not load {url}: {error}", file=sys.stderr)
    sys.exit(1)

print(f"Repository:  {data['full_name']}")
print(f"Description: {data['description']}")
print(f"Stars:       {data['stargazers_count']:,}")
print(f"Language:    {data['language']}")
