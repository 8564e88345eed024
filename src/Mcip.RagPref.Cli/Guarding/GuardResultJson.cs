using System.Text.Json;
using Mcip.RagPref.Flows;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Cli.Guarding;

/// <summary>Writes a <see cref="GuardResult"/> as JSON (snake_case field names, stable order).</summary>
internal static class GuardResultJson
{
    /// <summary>Writes <paramref name="result"/>.</summary>
    /// <param name="json">The writer.</param>
    /// <param name="result">The result.</param>
    /// <param name="includeContext">Whether to write the composed context.</param>
    /// <param name="failureText">Rewrites the failure's reason before it is written (the HTTP service strips file paths from it), or <see langword="null"/> to write it as is.</param>
    public static void Write(Utf8JsonWriter json, GuardResult result, bool includeContext, Func<string, string>? failureText = null)
    {
        json.WriteStartObject();
        json.WriteString("surface", GuardNames.Surface(result.Surface));
        json.WriteString("verdict", result.Verdict.ToString().ToLowerInvariant());
        json.WriteNumber("score", result.Score);
        json.WriteNumber("calibrated_score", result.CalibratedScore);
        json.WriteNumber("attack_score", result.AttackScore);
        json.WriteNumber("benign_score", result.BenignScore);
        json.WriteNumber("margin", result.Margin);
        json.WriteNumber("flag_threshold", result.Policy.FlagThreshold);
        json.WriteNumber("block_threshold", result.Policy.BlockThreshold);
        json.WriteStartObject("neighbours");
        WriteNeighbours(json, "attack", result.AttackNeighbours);
        WriteNeighbours(json, "benign", result.BenignNeighbours);
        json.WriteEndObject();
        json.WriteStartObject("window");
        json.WriteNumber("index_start", result.DecidingWindow.Start);
        json.WriteNumber("length", result.DecidingWindow.Length);
        json.WriteNumber("count", result.WindowCount);
        json.WriteNumber("screened", result.ScreenedWindows);
        json.WriteEndObject();
        json.WriteBoolean("oversize", result.Oversize);
        json.WriteStartArray("findings");
        foreach (Enum flag in Enum.GetValues<CanonicalizationSignals>())
        {
            if (!flag.Equals(CanonicalizationSignals.None) && result.Findings.Flags.HasFlag(flag))
            {
                json.WriteStringValue(flag.ToString());
            }
        }

        json.WriteEndArray();
        if (result.Findings.HiddenTagText.Length > 0)
        {
            json.WriteString("hidden_tag_text", result.Findings.HiddenTagText);
        }

        json.WriteStartObject("timings_ms");
        json.WriteNumber("canonicalize", result.Timings.Canonicalize.TotalMilliseconds);
        json.WriteNumber("embed", result.Timings.Embed.TotalMilliseconds);
        json.WriteNumber("search", result.Timings.Search.TotalMilliseconds);
        json.WriteNumber("compose", result.Timings.Compose.TotalMilliseconds);
        json.WriteNumber("total", result.Timings.Total.TotalMilliseconds);
        json.WriteEndObject();
        if (result.Failure is { } failure)
        {
            json.WriteStartObject("failure");
            json.WriteString("reason", failureText is null ? failure.Reason : failureText(failure.Reason));
            json.WriteString("error_type", failure.ErrorType);
            json.WriteBoolean("failed_closed", failure.FailedClosed);
            json.WriteEndObject();
        }

        if (includeContext)
        {
            json.WriteString("context", result.Context);
        }

        json.WriteString("retrieval_verdict", GuardNames.Verdict(result.RetrievalVerdict));
        if (result.Flow is { } flow)
        {
            WriteFlow(json, flow);
        }

        json.WriteEndObject();
    }

    /// <summary>Writes the <c>flow</c> member: sink, verdict, values with provenance, findings and the MCIP record.</summary>
    private static void WriteFlow(Utf8JsonWriter json, FlowAssessment flow)
    {
        json.WriteStartObject("flow");
        json.WriteString("sink", FlowRecordJson.SinkName(flow.Sink));
        json.WriteString("verdict", GuardNames.Verdict(flow.Verdict));
        json.WriteBoolean("had_context", flow.HadContext);
        json.WriteBoolean("context_truncated", flow.ContextTruncated);
        json.WriteStartArray("values");
        foreach (FlowValue value in flow.Values)
        {
            json.WriteStartObject();
            json.WriteString("kind", FlowRecordJson.KindName(value.Kind));
            json.WriteString("argument", value.ArgumentPath);
            json.WriteString("value", value.Value);
            json.WriteBoolean("target", value.IsTarget);
            json.WriteString("source", FlowRecordJson.SourceName(value.Source));
            if (value.SourceTool is not null)
            {
                json.WriteString("source_tool", value.SourceTool);
            }

            json.WriteNumber("source_turn", value.SourceTurn);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("findings");
        foreach (FlowFinding finding in flow.Findings)
        {
            json.WriteStartObject();
            json.WriteString("rule", finding.Rule);
            json.WriteString("verdict", GuardNames.Verdict(finding.Verdict));
            json.WriteString("value", finding.Value.Value);
            json.WriteNumber("passage_score", finding.PassageScore);
            json.WriteString("explanation", finding.Explanation);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WritePropertyName("record");
        FlowRecordJson.Write(json, flow.Record);
        json.WriteEndObject();
    }

    /// <summary>Parses a surface name (see <see cref="GuardNames.TryParseSurface"/>); blank text means a user prompt.</summary>
    public static bool TryParseSurface(string? text, out GuardSurface surface)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            surface = GuardSurface.UserPrompt;
            return true;
        }

        return GuardNames.TryParseSurface(text, out surface);
    }

    private static void WriteNeighbours(Utf8JsonWriter json, string name, IReadOnlyList<GuardNeighbour> neighbours)
    {
        json.WriteStartArray(name);
        foreach (GuardNeighbour n in neighbours)
        {
            json.WriteStartObject();
            json.WriteString("id", n.Id);
            json.WriteNumber("similarity", n.Similarity);
            if (n.Category is not null)
            {
                json.WriteString("category", n.Category);
            }

            json.WriteString("text", n.Text);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
