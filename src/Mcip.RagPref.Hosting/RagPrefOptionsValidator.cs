using System.Text;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Stores;
using Microsoft.Extensions.Options;

namespace Mcip.RagPref.Hosting;

/// <summary>
/// Validates <see cref="RagPrefOptions"/> at start-up and reports every problem in one message, each naming the option
/// and the fix: values out of range (reusing <see cref="GuardOptions.Validate"/>), a store file that is missing or
/// unreadable, a model or native ONNX Runtime library that cannot be loaded (the embedder is created here, once, and
/// reused by the guard), and a store built with another embedder.
/// </summary>
internal sealed class RagPrefOptionsValidator(RagPrefEmbedderSource embedders) : IValidateOptions<RagPrefOptions>
{
    public ValidateOptionsResult Validate(string? name, RagPrefOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> problems = [];
        CheckValues(options, problems);
        EmbedderFingerprint? storeFingerprint = CheckStore(options, problems);

        // The embedder needs valid guard options (its lexical weight and canonicalisation); skip it when they are not.
        if (options.Guard is not null && options.Embedder is not null && options.Guard.Validate().Count == 0)
        {
            CheckEmbedder(options, storeFingerprint, problems);
        }

        if (problems.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        var message = new StringBuilder("Invalid RagPref options (")
            .Append(problems.Count).Append(problems.Count == 1 ? " problem):" : " problems):");
        for (int i = 0; i < problems.Count; i++)
        {
            message.Append('\n').Append(i + 1).Append(". ").Append(problems[i]);
        }

        return ValidateOptionsResult.Fail(message.ToString());
    }

    private static void CheckValues(RagPrefOptions options, List<string> problems)
    {
        if (options.Timeout <= TimeSpan.Zero || options.Timeout.TotalMilliseconds > int.MaxValue)
        {
            problems.Add($"Timeout is {options.Timeout}; use a positive duration below 24 days, such as 00:00:05 (default 5 seconds).");
        }

        if (options.FailOpenMaxLength < 0)
        {
            problems.Add($"FailOpenMaxLength is {options.FailOpenMaxLength}; use 0 or more characters (default 4096).");
        }

        if (options.ReloadDelay < TimeSpan.Zero || options.ReloadDelay.TotalMilliseconds > int.MaxValue)
        {
            problems.Add($"ReloadDelay is {options.ReloadDelay}; use zero or a positive duration below 24 days (default 00:00:00.5).");
        }

        if (options.Guard is null)
        {
            problems.Add("Guard is null; remove the assignment to use the defaults, or set a GuardOptions.");
        }
        else
        {
            foreach (string problem in options.Guard.Validate())
            {
                problems.Add("Guard." + problem);
            }
        }

        if (options.Embedder is null)
        {
            problems.Add("Embedder is null; remove the assignment to use the defaults, or set a RagPrefEmbedderOptions.");
        }
        else
        {
            if (options.Embedder.BatchSize < 1)
            {
                problems.Add($"Embedder.BatchSize is {options.Embedder.BatchSize}; use at least 1 (default 16).");
            }

            if (options.Embedder.IntraOpThreads < 0)
            {
                problems.Add($"Embedder.IntraOpThreads is {options.Embedder.IntraOpThreads}; use 0 (ONNX Runtime picks) or more (default 1).");
            }
        }

        if (options.FailureModes is null)
        {
            problems.Add("FailureModes is null; remove the assignment to use the defaults (closed for tool calls, open for prompts).");
        }
        else
        {
            foreach (GuardSurface surface in Enum.GetValues<GuardSurface>())
            {
                GuardFailureMode mode = options.FailureModes.For(surface);
                if (!Enum.IsDefined(mode))
                {
                    problems.Add($"FailureModes.{surface} is {(int)mode}; use FailOpen or FailClosed.");
                }
            }
        }
    }

    private static EmbedderFingerprint? CheckStore(RagPrefOptions options, List<string> problems)
    {
        if (options.StorePath is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(options.StorePath))
        {
            problems.Add("StorePath is empty; set the path of a store file (ragpref store build), or leave it unset for the default seed-corpus store.");
            return null;
        }

        string path = Path.GetFullPath(options.StorePath);
        if (!File.Exists(path))
        {
            problems.Add($"StorePath '{path}' does not exist; build the store there with 'ragpref store build', fix the path, or leave StorePath unset for the default seed-corpus store.");
            return null;
        }

        try
        {
            return ExampleStore.ReadFingerprint(path);
        }
        catch (RagPrefException ex)
        {
            problems.Add($"StorePath '{path}' cannot be used: {ex.Message}");
            return null;
        }
    }

    private void CheckEmbedder(RagPrefOptions options, EmbedderFingerprint? storeFingerprint, List<string> problems)
    {
        CanonicalizingEmbeddingGenerator embedder;
        try
        {
            embedder = embedders.Get(options);
        }
        catch (Exception ex) when (ex is RagPrefException or ArgumentException)
        {
            problems.Add($"Embedder: the embedder could not be created (check Embedder.ModelDirectory, or leave it unset for the built-in all-MiniLM-L6-v2): {ex.Message}");
            return;
        }

        if (storeFingerprint is null)
        {
            return;
        }

        // The guard accepts a store built through the canonicalising wrapper or with the raw embedder.
        EmbedderFingerprint canonical = EmbedderFingerprint.Of(embedder);
        EmbedderFingerprint raw = EmbedderFingerprint.Of(embedder.Inner);
        if (storeFingerprint != canonical && storeFingerprint != raw)
        {
            problems.Add(
                $"StorePath '{Path.GetFullPath(options.StorePath!)}' was built with the embedder '{storeFingerprint}', but the configured embedder is '{canonical}'; "
                + "vectors from different embedders are not comparable: rebuild the store with this embedder (ragpref store build), or configure the embedder it was built with.");
        }
    }
}
