using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Mcip.RagPref.Cli.Evaluation;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Cli.Commands;

/// <content>The run details of the HTML report: the command line, the data files, the embedder and the store.</content>
internal static partial class EvalCommand
{
    /// <summary>Adds the command line and the data files to the report's run details.</summary>
    internal static void DescribeRun(EvaluationReport report, ParseResult parse, IReadOnlyList<string> dataFiles)
    {
        report.AddDetail("Command line", "ragpref " + string.Join(' ', parse.Tokens.Select(t => Quote(t.Value))));
        report.AddDetail("Data files", string.Join(", ", dataFiles.Select(Path.GetFileName)));
    }

    /// <summary>
    /// Adds the embedder and the store of <paramref name="guard"/> to the report's run details, each once: the store's
    /// file name (or how it was built), its rows and the SHA-256 of its file.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="guard">The guard the items are scored with.</param>
    /// <param name="model">The <c>--model</c> value, if any.</param>
    /// <param name="storePath">The <c>--store</c> value, if any.</param>
    /// <param name="inDomainName">With <c>--in-domain</c>, the data file whose store split the store holds.</param>
    /// <param name="plusSeed">With <c>--in-domain</c>, whether the seed corpus was added.</param>
    /// <param name="cancellationToken">Cancels hashing the store file.</param>
    internal static async Task DescribeGuardAsync(
        EvaluationReport report, RagPrefGuard guard, string? model, string? storePath, string? inDomainName, bool plusSeed, CancellationToken cancellationToken)
    {
        ExampleStore store = guard.Store;
        AddOnce(report, "Embedder", $"{model ?? "default"}: {store.Fingerprint}");
        string? file = inDomainName is not null ? null : Path.GetFullPath(storePath ?? RagPrefGuard.DefaultStorePath(store.Fingerprint));
        string source = inDomainName is not null
            ? $"built from the non-test split of {inDomainName}{(plusSeed ? " and the seed corpus" : string.Empty)}"
            : storePath is null ? $"{Path.GetFileName(file)} (the default seed-corpus store, in the user cache)" : Path.GetFileName(file)!;
        string rows = string.Create(CultureInfo.InvariantCulture, $"{store.Count} rows ({store.AttackCount} attack, {store.BenignCount} benign)");
        string hash = file is not null && File.Exists(file) ? $", file sha256 {await Sha256Async(file, cancellationToken).ConfigureAwait(false)}" : string.Empty;
        AddOnce(report, inDomainName is null ? "Store" : $"Store ({inDomainName})", $"{source}: {rows}{hash}");
    }

    private static void AddOnce(EvaluationReport report, string name, string value)
    {
        foreach (KeyValuePair<string, string> detail in report.Details)
        {
            if (detail.Key == name && detail.Value == value)
            {
                return;
            }
        }

        report.AddDetail(name, value);
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        FileStream stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return Convert.ToHexStringLower(hash)[..16];
        }
    }

    private static string Quote(string token) =>
        token.Length > 0 && !token.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or '$' or '`') ? token : "'" + token.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
