#!/usr/bin/env bash
# Rewrites the PublicAPI.Unshipped.txt baselines of the shipping libraries to match the code: builds, drops the lines the
# analyzer reports as gone (RS0017), adds the symbols it reports as new (RS0016, with the analyzer's own spelling), and
# builds again until neither is reported. Review the diff. Fix compile errors first: while a project does not compile the
# analyzer can report members of a record as gone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
python3 - <<'PY'
import os, re, subprocess, sys

new = re.compile(r"error RS0016: Symbol '(.*?)' is not part of the declared public API.*?\[([^\]]*)\.csproj\]")
gone = re.compile(r"error RS0017: Symbol '(.*?)' is part of the declared API.*?\[([^\]]*)\.csproj\]")
for round in range(1, 9):
    log = subprocess.run(["dotnet", "build", "Mcip.RagPref.sln", "-c", "Release", "-v", "q", "-clp:ErrorsOnly"],
                         capture_output=True, text=True).stdout
    added, removed = {}, {}
    for m in new.finditer(log):
        added.setdefault(os.path.dirname(m.group(2)), set()).add(m.group(1))
    for m in gone.finditer(log):
        removed.setdefault(os.path.dirname(m.group(2)), set()).add(m.group(1))
    if not added and not removed:
        errors = sorted({re.sub(r" \[.*", "", l) for l in log.splitlines() if ": error " in l})
        print("\n".join(errors) if errors else "The baselines match the code.")
        sys.exit(1 if errors else 0)
    for project in sorted(set(added) | set(removed)):
        path = os.path.join(project, "PublicAPI.Unshipped.txt")
        lines = [l for l in open(path).read().split("\n") if l.strip()]
        kept = {l for l in lines if not l.startswith("#") and l not in removed.get(project, set())} | added.get(project, set())
        header = [l for l in lines if l.startswith("#")]
        open(path, "w").write("\n".join(header + sorted(kept)) + "\n")
        print(f"round {round}: {os.path.relpath(path)}: +{len(added.get(project, ()))} -{len(removed.get(project, ()))}")
print("The baselines still change after 8 rounds; look at the build output.")
sys.exit(1)
PY
