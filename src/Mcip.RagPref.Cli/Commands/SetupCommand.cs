using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Mcip.RagPref.Assets;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Embeddings.UseLite;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// <c>ragpref setup</c>: prepares the generated assets in the cache once the downloads are there: converts
/// Universal Sentence Encoder Lite to <c>model.onnx</c> when it is missing, then builds the default store from the
/// seed corpus when it is missing. Idempotent; reports on standard error what it found or did. <c>./build.sh setup</c> runs it after fetching the downloads.
/// </summary>
internal static class SetupCommand
{
    public static Command Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var directory = new Option<string?>("--model-dir")
        {
            Description = "Folder with the Universal Sentence Encoder Lite files (default: the cache, " + AssetCache.UseLiteDirectory + ").",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Convert again even when model.onnx is already there.",
        };
        var command = new Command("setup", "Prepare generated assets in the cache: convert Universal Sentence Encoder Lite to ONNX and build the default seed-corpus store, when missing.")
        {
            directory,
            force,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string folder = parse.GetValue(directory) is { Length: > 0 } given ? Path.GetFullPath(given) : AssetCache.UseLiteDirectory;
            await RunAsync(console, folder, parse.GetValue(force), cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(CliConsole console, string folder, bool force, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        string path;
        bool converted;
        if (force)
        {
            path = UseLiteOnnxConverter.ConvertToFile(folder);
            converted = true;
        }
        else
        {
            path = UseLiteModelFiles.EnsureOnnx(folder, convertIfMissing: true, out UseLiteModelFiles.Outcome outcome);
            converted = outcome == UseLiteModelFiles.Outcome.Converted;
        }

        long bytes = new FileInfo(path).Length;
        string size = (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture);
        string message = converted
            ? $"use-lite: converted the TensorFlow.js files to {path} ({size} MB) in {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s"
            : $"use-lite: {path} is already there ({size} MB); nothing to do (use --force to convert again)";
        await console.Error.WriteLineAsync(message).ConfigureAwait(false);

        clock.Restart();
        var guardOptions = new GuardOptions();
        using var embedder = new CanonicalizingEmbeddingGenerator(
            RagPrefGuard.CreateDefaultEmbedder(guardOptions.LexicalWeight, new UniversalSentenceEncoderLiteOptions { ModelDirectory = folder }),
            guardOptions.Canonicalization);
        string storePath = RagPrefGuard.DefaultStorePath(EmbedderFingerprint.Of(embedder));
        bool existed = File.Exists(storePath);
        using ExampleStore store = await RagPrefGuard.LoadOrBuildDefaultStoreAsync(embedder, cancellationToken).ConfigureAwait(false);
        await console.Error.WriteLineAsync(existed
            ? $"store: {storePath} is already there ({store.AttackCount} attack, {store.BenignCount} benign rows); nothing to do"
            : string.Create(CultureInfo.InvariantCulture, $"store: built {storePath} from the seed corpus ({store.AttackCount} attack, {store.BenignCount} benign rows) in {clock.Elapsed.TotalSeconds:0.0} s")).ConfigureAwait(false);
    }
}
