using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Flows;

namespace Mcip.RagPref.AI;

/// <summary>Builds the result a guarded tool returns in place of a blocked call or output.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class ToolRefusal
{
    /// <summary>
    /// A JSON object: <c>blocked</c> (true), <c>tool</c>, <c>surface</c>, <c>verdict</c>, <c>score</c>, <c>reason</c>
    /// and <c>matched_examples</c> (the nearest attack examples' ids, most similar first).
    /// </summary>
    public static JsonElement Create(string tool, GuardResult result)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("blocked", true);
            writer.WriteString("tool", tool);
            writer.WriteString("surface", GuardNames.Surface(result.Surface));
            writer.WriteString("verdict", GuardNames.Verdict(result.Verdict));
            writer.WriteNumber("score", Math.Round(result.Score, 4));
            writer.WriteString("reason", Reason(tool, result));
            writer.WriteStartArray("matched_examples");
            foreach (GuardNeighbour neighbour in result.AttackNeighbours)
            {
                writer.WriteStringValue(neighbour.Id);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>Why the call or output was withheld, for the model and the logs.</summary>
    public static string Reason(string tool, GuardResult result)
    {
        bool output = result.Surface == GuardSurface.ToolOutput;
        string what = output ? $"The output of tool '{tool}'" : $"The call to tool '{tool}'";
        string outcome = output ? "Its result was withheld." : "The tool was not run.";
        if (result.Failure is { } failure)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{what} was blocked because the RAG-Pref guard could not screen it ({failure.ErrorType}: {failure.Reason}) and fails closed. {outcome}");
        }

        if (result.Flow is { Verdict: GuardVerdict.Block } flow && flow.Verdict >= result.RetrievalVerdict)
        {
            foreach (FlowFinding finding in flow.Findings)
            {
                if (finding.Verdict == GuardVerdict.Block)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"{what} was blocked by the RAG-Pref guard's flow check: {finding.Explanation} {outcome}");
                }
            }
        }

        string nearest = result.AttackNeighbours.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"; nearest attack example '{result.AttackNeighbours[0].Id}' ({result.AttackNeighbours[0].Category ?? "uncategorised"}, similarity {result.AttackNeighbours[0].Similarity:0.000})")
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{what} was blocked by the RAG-Pref guard: it resembles known attacks (score {result.Score:0.000} >= block threshold {result.Policy.BlockThreshold:0.000}{nearest}). {outcome}");
    }
}
