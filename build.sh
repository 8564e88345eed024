#!/usr/bin/env bash
# Mcip.RagPref developer entry point.
#   ./build.sh setup           restore the pinned NuGet packages (lock files), build, and build the default store into the user cache (idempotent)
#   ./build.sh demo            run the guard demo on the default embedder
#   ./build.sh test            run the whole test suite (every layer: Unit, Models, Integration, Quality); ends with one
#                              line "N passed, N failed, N skipped"
#   ./build.sh ragpref ARGS    run the ragpref command-line tool (Release build)
# demo and ragpref run setup first only when a source, the SDK or the cache changed since the last one (obj/build-sh.stamp).
# Environment: MCIP_RAGPREF_CACHE overrides the user cache (default $XDG_CACHE_HOME/mcip-ragpref or ~/.cache/mcip-ragpref).
# Needs only the .NET 10 SDK: the model and ONNX Runtime come from NuGet packages.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

die() { echo "build.sh: $*" >&2; exit 1; }

sdk_version=""
require_tools() {
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK is missing: install .NET 10 SDK (https://dot.net), then run this again."
  sdk_version="$(dotnet --version 2>/dev/null || true)"
  [ "$(echo "${sdk_version:-0}" | cut -d. -f1)" -ge 10 ] 2>/dev/null || die "the .NET SDK is ${sdk_version:-unknown}; version 10 or later is needed (see global.json)."
}

cli_dll="src/Mcip.RagPref.Cli/bin/Release/net10.0/ragpref.dll"
stamp="obj/build-sh.stamp"
# shellcheck source=eng/build-stamp.sh
. "$here/eng/build-stamp.sh"

build_release() {
  dotnet build Mcip.RagPref.sln -c Release -nologo -v q -clp:ErrorsOnly >&2 || die "the Release build failed (see the errors above)."
}

setup() {
  require_tools
  local started store step=$SECONDS
  mkdir -p obj
  started="$(mktemp obj/build-sh.started.XXXXXX)"
  if [ -d "${NUGET_PACKAGES:-$HOME/.nuget/packages}/microsoft.ml.onnxruntime" ]; then
    echo "build.sh: restoring NuGet packages..." >&2
  else
    echo "build.sh: restoring NuGet packages (the first run downloads about 270 MB, most of it ONNX Runtime)..." >&2
  fi
  dotnet restore Mcip.RagPref.sln -v q >&2 || die "package restore failed: check the NuGet source (dotnet nuget list source)."
  echo "build.sh: building the solution (Release)..." >&2
  build_release
  echo "build.sh: restored and built in $((SECONDS - step)) s" >&2
  # The default guard's store is built from the seed corpus once per machine (offline), then reused; setup prints its path.
  store="$(dotnet "$cli_dll" setup)" || die "building the default store failed (see above)."
  build_stamp_write "$here" "$stamp" "$(build_stamp_key "$sdk_version")" "$store" "$started"
  rm -f "$started"
}

# setup, unless the last one is still current (see eng/build-stamp.sh): then demo and ragpref start at once.
setup_if_stale() {
  require_tools
  if build_stamp_current "$here" "$stamp" "$(build_stamp_key "$sdk_version")" "$cli_dll" >/dev/null; then
    return 0
  fi

  [ -f "$stamp" ] && echo "build.sh: sources, SDK or cache changed since the last setup; setting up again" >&2
  setup
}

# The MCP interop test (tests/mcp-interop) drives the proxy with the TypeScript SDK: npm ci from the committed lock file,
# only when node_modules is missing or older than package-lock.json. Without npm the test itself fails saying what to install.
setup_interop() {
  local dir="tests/mcp-interop"
  if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "build.sh: installing Node.js and npm from Debian's packages (the MCP interop test drives the TypeScript SDK)..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm >&2 || true
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "build.sh: npm not found; the MCP interop test will fail until Node.js 20+ with npm is installed (apt-get install nodejs npm)." >&2
    return 0
  fi
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    npm ci --prefix "$dir" --no-audit --no-fund >&2 || die "npm ci in $dir failed (see above)."
  fi
}

# The PostgreSQL tests (tests/Mcip.RagPref.Tests.Integration/Postgres) start private servers from Debian's postgresql-15
# binaries; installed once, pinned to the version the tests were written against. No server is started here: each test run
# starts its own. Without the binaries those tests fail saying what to install.
postgres_bin="/usr/lib/postgresql/15/bin/postgres"
postgres_version="15.18-0+deb12u1"
setup_postgres() {
  [ -x "$postgres_bin" ] && return 0
  if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
    echo "build.sh: $postgres_bin not found and apt-get or root is missing; the PostgreSQL tests will fail until postgresql-15 is installed (apt-get install postgresql-15)." >&2
    return 0
  fi
  echo "build.sh: installing PostgreSQL 15 ($postgres_version) from Debian's packages (the PostgreSQL tests start private servers)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  # A fresh container has no package lists: refresh them once when the pinned install finds nothing, then try again.
  if ! apt-get install -y -q "postgresql-15=$postgres_version" >&2 \
    && ! { apt-get update -q >&2 && apt-get install -y -q "postgresql-15=$postgres_version" >&2; }; then
    echo "build.sh: postgresql-15=$postgres_version is not on the mirror; installing the mirror's postgresql-15 instead." >&2
    apt-get install -y -q postgresql-15 >&2 || true
  fi
  [ -x "$postgres_bin" ] || echo "build.sh: installing postgresql-15 failed (see above); the PostgreSQL tests will fail until it is installed." >&2
  return 0
}

run_tests() {
  setup
  setup_interop
  setup_postgres
  local log results
  results="$(mktemp -d)"
  log="$results/test.log"
  set +e
  # One test project at a time (-m:1): the Integration and Quality layers each load the machine fully, and run side by side
  # on two cores their process-start and model-load timings stretch past the bounds that tests keep against hangs.
  dotnet test Mcip.RagPref.sln -c Release --no-build -m:1 --logger "trx;LogFilePrefix=run" --results-directory "$results" 2>&1 | tee "$log"
  local code=${PIPESTATUS[0]}
  set -e
  # Sum the per-assembly totals VSTest prints ("Failed: F, Passed: P, Skipped: S, Total: T"), one line per test project
  # (tests/Mcip.RagPref.Tests.{Unit,Models,Integration,Quality}); a project that printed no totals (its test host
  # crashed or never started) counts as one failure, and so does a crash after which VSTest still prints "Passed!" over the
  # tests that reported (xunit's "Catastrophic failure"), so the summary never looks greener than the run.
  local projects
  projects="$(grep -c 'Microsoft.NET.Test.Sdk' tests/*/*.csproj | awk -F: '$2 > 0' | wc -l)"
  awk -v projects="$projects" '
    /(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+/ {
      line=$0; gsub(/[,:]/, " ", line); n=split(line, w, /[ \t]+/)
      for (i=1;i<n;i++) { if (w[i]=="Failed") f+=w[i+1]; if (w[i]=="Passed" && w[i+1] ~ /^[0-9]+$/) p+=w[i+1]; if (w[i]=="Skipped") s+=w[i+1]; }
      seen++
    }
    /Catastrophic failure|Test Run Aborted/ { crashed++ }
    END {
      if (crashed) { printf "build.sh: %d test process(es) crashed or were aborted (see above)\n", crashed; f += crashed }
      if (seen < projects) { printf "build.sh: %d of %d test projects reported no totals (see above)\n", projects - seen, projects; f += projects - seen }
      printf "%d passed, %d failed, %d skipped\n", p, f, s
    }
  ' "$log"
  rm -rf "$results"
  return "$code"
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  setup) setup ;;
  test) run_tests ;;
  demo)
    setup_if_stale
    dotnet "$cli_dll" demo "$@"
    ;;
  ragpref)
    setup_if_stale
    dotnet "$cli_dll" "$@"
    ;;
  *)
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
    [ -z "$cmd" ] && exit 0
    die "unknown subcommand '$cmd'"
    ;;
esac
