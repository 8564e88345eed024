using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Build;

/// <summary>
/// eng/build-stamp.sh, which lets './build.sh ragpref' and './build.sh demo' skip the set-up: run in bash over a
/// made-up repository in a temporary folder, one step per case, each printing whether the recorded set-up is current.
/// </summary>
public sealed class BuildStampTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ragpref-build-stamp-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task BuildStampCurrent_EachChangeTheBuildOrStoreDependsOn_MakesTheSetupStaleAndOutputsDoNot()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("build.sh and eng/build-stamp.sh run in bash.");
        }

        const string Script = """
            set -euo pipefail
            . "$REPO/eng/build-stamp.sh"
            root="$T/root"; stamp="$T/obj/build-sh.stamp"; out="$root/out.dll"; store="$T/cache/seed.rpstore"
            mkdir -p "$root/src/Lib/obj" "$root/embeddings/seed" "$T/cache"
            for f in src/Lib/A.cs src/Lib/Lib.csproj Directory.Build.props embeddings/seed/attacks.jsonl out.dll; do echo x >"$root/$f"; done
            echo store >"$store"
            old() { touch -d '2020-01-01 00:00:00' "$@"; }
            old "$root/src/Lib/A.cs" "$root/src/Lib/Lib.csproj" "$root/Directory.Build.props" "$root/embeddings/seed/attacks.jsonl"
            key="$(build_stamp_key 10.0.100)"
            check() { if printed="$(build_stamp_current "$root" "$stamp" "${2:-$key}" "$out")"; then echo "$1: current $printed"; else echo "$1: stale"; fi; }
            # Dates every file in the past, then records a set-up that started a minute ago.
            record() { find "$root" -type f -exec touch -d '2020-01-01 00:00:00' {} +; touch -d '1 minute ago' "$T/started"; build_stamp_write "$root" "$stamp" "$key" "$store" "$T/started"; }
            check "no stamp"
            record; check "recorded"
            echo y >"$root/src/Lib/A.cs"; check "source edited"
            record; echo y >"$root/embeddings/seed/attacks.jsonl"; check "seed edited"
            record; echo x >"$root/src/Lib/B.cs"; old "$root/src/Lib/B.cs"; check "old file added"
            record; rm "$root/src/Lib/B.cs"; check "file removed"
            record; echo x >"$root/src/Lib/obj/generated.cs"; mkdir -p "$root/src/Lib/bin"; echo x >"$root/src/Lib/bin/Lib.dll"; check "build outputs written"
            check "other cache" "$(MCIP_RAGPREF_CACHE="$T/other" build_stamp_key 10.0.100)"
            check "other SDK" "$(build_stamp_key 11.0.100)"
            rm "$store"; check "store deleted"
            echo store >"$store"; record; rm "$out"; check "tool deleted"
            """;

        (int code, string output, string error) = await ProcessRun.RunAsync(
            "bash",
            ["-c", Script],
            _folder,
            new Dictionary<string, string> { ["REPO"] = SharedAssets.RepositoryRoot, ["T"] = _folder, ["MCIP_RAGPREF_CACHE"] = Path.Combine(_folder, "cache") },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(code == 0, error);
        string store = Path.Combine(_folder, "cache", "seed.rpstore");
        Assert.Equal(
            [
                "no stamp: stale",
                $"recorded: current {store}",
                "source edited: stale",
                "seed edited: stale",
                "old file added: stale",
                "file removed: stale",
                $"build outputs written: current {store}",
                "other cache: stale",
                "other SDK: stale",
                "store deleted: stale",
                "tool deleted: stale",
            ],
            CliRun.Lines(output.ReplaceLineEndings("\n")));
    }
}
