#!/usr/bin/env bash
# Rewrites the PublicAPI.Unshipped.txt baselines of the shipping libraries to match the code: drops the lines the
# analyzer reports as gone (RS0017) and adds the new public symbols with its code fix (RS0016/RS0037). Review the diff.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
projects=(src/Mcip.RagPref src/Mcip.RagPref.AI src/Mcip.RagPref.Hosting src/Mcip.RagPref.Mcp src/Mcip.RagPref.Agents src/Mcip.RagPref.Models.MiniLM src/Mcip.RagPref.Postgres)
log="$(mktemp)"
dotnet build Mcip.RagPref.sln -c Release -v q -clp:ErrorsOnly >"$log" 2>&1 || true
python3 - "$log" "${projects[@]}" <<'PY'
import re, sys
log = open(sys.argv[1]).read()
for proj in sys.argv[2:]:
    name = proj.split('/')[-1]
    gone = set(re.findall(r"RS0017: Symbol '(.*?)' is part of the declared API.*?\[[^\]]*/" + re.escape(name) + r"\.csproj\]", log))
    if not gone:
        continue
    path = f"{proj}/PublicAPI.Unshipped.txt"
    lines = open(path).read().split('\n')
    kept = [l for l in lines if l not in gone]
    open(path, 'w').write('\n'.join(kept))
    print(f"{path}: removed {len(lines) - len(kept)} line(s)")
PY
for p in "${projects[@]}"; do
  dotnet format analyzers "$p/$(basename "$p").csproj" --diagnostics RS0016 RS0037 --severity warn >/dev/null 2>&1 || true
done
rm -f "$log"
dotnet build Mcip.RagPref.sln -c Release -v q -clp:ErrorsOnly
