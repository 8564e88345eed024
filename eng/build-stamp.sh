# Sourced by build.sh (bash). Decides whether the Release build and the default store that './build.sh setup' made
# are still current, so './build.sh ragpref' and './build.sh demo' skip the restore, the build and 'ragpref setup'
# when nothing they depend on changed since.
#
# The stamp is a small text file written after a successful set-up, dated when that set-up started (so a source
# edited during the build makes the next run build again). It holds three lines:
#   1. the key: the SDK version and the cache location (MCIP_RAGPREF_CACHE, XDG_CACHE_HOME, HOME);
#   2. a checksum of the list of input files (catches files added, removed or renamed, which leave no newer file);
#   3. the path of the default store that 'ragpref setup' printed.
# The set-up is current when the stamp exists, its key and file list match, its store file and the built tool exist,
# and no input file is newer than the stamp. No stamp (a fresh clone) means a full set-up.

# What the Release build of the ragpref tool and its default store depend on, relative to the repository root;
# missing ones are ignored. bin/ and obj/ (build outputs) and node_modules/ are skipped.
build_stamp_inputs=(src embeddings/seed Directory.Build.props Directory.Build.targets Directory.Packages.props
  global.json NuGet.config nuget.config .editorconfig Mcip.RagPref.sln)

# build_stamp_find ROOT [TEST...]: prints the input files under ROOT that pass the find(1) TESTs, one per line.
build_stamp_find() {
  local root="$1" input
  shift
  local -a inputs=()
  for input in "${build_stamp_inputs[@]}"; do
    [ -e "$root/$input" ] && inputs+=("$root/$input")
  done
  [ ${#inputs[@]} -gt 0 ] || return 0
  find "${inputs[@]}" -type d \( -name bin -o -name obj -o -name node_modules \) -prune -o -type f "$@" -print
}

# build_stamp_listing ROOT: prints the checksum of the input file list (line 2 of the stamp).
build_stamp_listing() {
  build_stamp_find "$1" | LC_ALL=C sort | cksum | tr -s ' ' '-'
}

# build_stamp_key SDK_VERSION: prints the key line (line 1 of the stamp).
build_stamp_key() {
  printf 'sdk=%s cache=%s xdg=%s home=%s\n' "$1" "${MCIP_RAGPREF_CACHE:-}" "${XDG_CACHE_HOME:-}" "${HOME:-}"
}

# build_stamp_current ROOT STAMP KEY OUTPUT: succeeds when the set-up recorded in STAMP is current for the inputs
# under ROOT, the key KEY and the built file OUTPUT (see the top of this file); prints the store path when it is.
build_stamp_current() {
  local root="$1" stamp="$2" key="$3" output="$4" recorded_key="" recorded_listing="" store=""
  [ -f "$stamp" ] && [ -f "$output" ] || return 1
  { IFS= read -r recorded_key && IFS= read -r recorded_listing && IFS= read -r store; } <"$stamp" || return 1
  [ "$recorded_key" = "$key" ] && [ -n "$store" ] && [ -f "$store" ] || return 1
  [ "$recorded_listing" = "$(build_stamp_listing "$root")" ] || return 1
  [ -z "$(build_stamp_find "$root" -newer "$stamp" | head -n 1)" ] || return 1
  printf '%s\n' "$store"
}

# build_stamp_write ROOT STAMP KEY STORE STARTED: records a finished set-up; STARTED is a file created when the set-up
# began, whose time the stamp takes. Written to a temporary file and renamed, so an interrupted write leaves no stamp.
build_stamp_write() {
  local root="$1" stamp="$2" key="$3" store="$4" started="$5" temporary
  mkdir -p "$(dirname "$stamp")"
  temporary="$stamp.$$.tmp"
  printf '%s\n%s\n%s\n' "$key" "$(build_stamp_listing "$root")" "$store" >"$temporary"
  touch -r "$started" "$temporary"
  mv -f "$temporary" "$stamp"
}
