using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// <c>ragpref setup</c>: builds the default guard's seed-corpus store in the user cache when it is missing, so that
/// the first guard of every later process starts at once. Idempotent and offline (the model comes with the library);
/// reports on standard error what it found or did (with progress while embedding), and prints the store's path on
/// standard output, so scripts (build.sh) can tell later whether it is still there.
/// </summary>
internal static class SetupCommand
{
    public static Command Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var command = new Command("setup", "Build the default guard's seed-corpus store in the user cache when it is missing (offline; the model comes with the library) and print its path.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            await RunAsync(console, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(CliConsole console, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        var guardOptions = new GuardOptions();
        using CanonicalizingEmbeddingGenerator embedder = RagPrefGuard.CreateDefaultEmbedder(guardOptions);
        string storePath = RagPrefGuard.DefaultStorePath(EmbedderFingerprint.Of(embedder));
        bool existed = File.Exists(storePath);
        if (!existed)
        {
            await console.Error.WriteLineAsync($"store: building {storePath} from the seed corpus (once per machine)...").ConfigureAwait(false);
        }

        var progress = new ConsoleProgress(console, "store", "texts embedded");
        using ExampleStore store = await RagPrefGuard.LoadOrBuildDefaultStoreAsync(embedder, existed ? null : progress, cancellationToken).ConfigureAwait(false);
        progress.Finish();
        await console.Error.WriteLineAsync(existed
            ? $"store: {storePath} is already there ({store.AttackCount} attack, {store.BenignCount} benign rows); nothing to do"
            : string.Create(CultureInfo.InvariantCulture, $"store: built {storePath} from the seed corpus ({store.AttackCount} attack, {store.BenignCount} benign rows) in {clock.Elapsed.TotalSeconds:0.0} s")).ConfigureAwait(false);
        await console.Out.WriteLineAsync(storePath).ConfigureAwait(false);
    }
}
