using System.Text.Json;
using Mcip.RagPref.Embeddings.Tokenization;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Prompting;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>
/// Runs generated hostile inputs through the canonicaliser, the tokenizer, the windows and intent units, the request
/// renderers (from request JSON), the example sanitiser and (for a share of them) the whole guard, and counts every
/// property that does not hold: an undocumented exception, a lone surrogate in canonical text, a canonicalisation that is
/// not idempotent, a rendering beyond its linear bound, a sanitised example that could leave its fence.
/// </summary>
internal static class HostileInputChecks
{
    /// <summary>What a run found.</summary>
    internal sealed record Report(long Inputs, long Failures, IReadOnlyList<string> Samples, TimeSpan Elapsed);

    /// <summary>Checks <paramref name="count"/> inputs generated from <paramref name="seed"/>; every <paramref name="guardEvery"/>-th also goes through <paramref name="guard"/>.</summary>
    public static async Task<Report> RunAsync(int count, int seed, WordPieceTokenizer tokenizer, RagPrefGuard? guard, int guardEvery, CancellationToken cancellationToken)
    {
        var inputs = new HostileInputs(seed);
        var samples = new List<string>();
        long failures = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string text = inputs.Text();
            string json = inputs.MutatedJson();
            string? problem;
            try
            {
                problem = CheckText(text, tokenizer) ?? CheckJson(json) ?? CheckSanitizer(text);
                if (problem is null && guard is not null && i % guardEvery == 0)
                {
                    problem = await CheckGuardAsync(guard, text, json, inputs.Next(4), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problem = $"{ex.GetType().Name}: {ex.Message} at {ex.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("Mcip.RagPref.", StringComparison.Ordinal))?.Trim()}";
            }

            if (problem is not null)
            {
                failures++;
                if (samples.Count < 10)
                {
                    samples.Add($"input {i} (seed {seed}): {problem} | text {Escape(text)} | json {Escape(json)}");
                }
            }
        }

        return new Report(count, failures, samples, watch.Elapsed);
    }

    private static string? CheckText(string text, WordPieceTokenizer tokenizer)
    {
        CanonicalText canonical = TextCanonicalizer.Default.Canonicalize(text);
        if (HasLoneSurrogate(canonical.Text))
        {
            return "lone surrogate in canonical text";
        }

        string again = TextCanonicalizer.Default.Canonicalize(canonical.Text).Text;
        if (again != canonical.Text)
        {
            return $"canonicalisation not idempotent: {Escape(canonical.Text)} -> {Escape(again)}";
        }

        int[] ids = tokenizer.EncodeToIds(text);
        foreach (int id in ids)
        {
            if (id < 0 || id >= tokenizer.VocabularySize)
            {
                return $"token id {id} out of range";
            }
        }

        IReadOnlyList<TextWindow> windows = TextWindows.Split(canonical.Text);
        foreach (TextWindow window in windows)
        {
            if (window.Text.Length > TextWindowOptions.DefaultSize)
            {
                return $"window of {window.Text.Length} characters";
            }
        }

        foreach (GuardSurface surface in Enum.GetValues<GuardSurface>())
        {
            IntentUnits.Split(text, surface, canonicalize: t => TextCanonicalizer.Default.Canonicalize(t).Text);
        }

        return null;
    }

    private static string? CheckJson(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            // Documented: malformed JSON (or a JSON string that is not valid UTF-16) is refused by the parser, never by request building.
            return null;
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                // Documented: arguments that are not an object are refused with an ArgumentException.
                Assert.Throws<ArgumentException>(() => GuardRequest.ToolCall("server", "tool", root));
                return null;
            }

            GuardRequest call = GuardRequest.ToolCall("server", "tool", root);
            int bound = (5 * json.Length) + 4096 + (ToolCallRenderer.MaxDepth * (ToolCallRenderer.MaxPathLength + 16));
            if (call.RenderedText.Length > bound)
            {
                return $"tool call rendered to {call.RenderedText.Length} characters from {json.Length}";
            }

            GuardRequest description = GuardRequest.ToolDescription("tool", "description", root);
            if (description.RenderedText.Length > (40 * json.Length) + 4096)
            {
                return $"tool description rendered to {description.RenderedText.Length} characters from {json.Length}";
            }

            if (HasLoneSurrogate(call.RenderedText) || HasLoneSurrogate(description.RenderedText))
            {
                return "lone surrogate in a rendered request";
            }
        }

        return null;
    }

    private static string? CheckSanitizer(string text)
    {
        string safe = ExampleSanitizer.Sanitize(text, 400);
        if (safe.Length > 400 || safe.IndexOfAny(['\n', '\r', ExampleSanitizer.FenceOpen, ExampleSanitizer.FenceClose, '<', '>', '`']) >= 0)
        {
            return $"sanitised example can leave its fence: {Escape(safe)}";
        }

        return HasLoneSurrogate(safe) ? "lone surrogate in a sanitised example" : null;
    }

    private static async Task<string?> CheckGuardAsync(RagPrefGuard guard, string text, string json, int kind, CancellationToken cancellationToken)
    {
        GuardRequest request;
        switch (kind)
        {
            case 0: request = GuardRequest.UserPrompt(text); break;
            case 1: request = GuardRequest.ToolOutput(text); break;
            default:
                try
                {
                    using JsonDocument document = JsonDocument.Parse(json);
                    request = kind == 2 && document.RootElement.ValueKind == JsonValueKind.Object
                        ? GuardRequest.ToolCall(null, "tool", document.RootElement)
                        : GuardRequest.ToolDescription("tool", text, document.RootElement);
                }
                catch (Exception ex) when (ex is JsonException or ArgumentException)
                {
                    request = GuardRequest.UserPrompt(text);
                }

                break;
        }

        GuardResult result = await guard.GuardAsync(request, cancellationToken).ConfigureAwait(false);
        return float.IsFinite(result.Score) && result.ScreenedWindows >= 1 && result.ScreenedWindows <= result.WindowCount
            ? null
            : $"guard result out of range: score {result.Score}, windows {result.ScreenedWindows}/{result.WindowCount}";
    }

    private static bool HasLoneSurrogate(string text) => !ReferenceEquals(JsonStrings.ReplaceLoneSurrogates(text), text);

    private static string Escape(string text)
    {
        string cut = text.Length > 200 ? text[..200] + "..." : text;
        var builder = new System.Text.StringBuilder(cut.Length);
        foreach (char c in cut)
        {
            builder.Append(c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return builder.ToString();
    }
}
