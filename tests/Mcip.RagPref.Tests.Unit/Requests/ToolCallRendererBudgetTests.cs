using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Tests.Requests;

/// <summary>Rendering is linear in the size of the arguments: no input can make the rendered text explode.</summary>
public sealed class ToolCallRendererBudgetTests
{
    /// <summary>Bodies of about 98 KB built to amplify a key path written on every value.</summary>
    public static TheoryData<string> AmplifyingBodies()
    {
        var data = new TheoryData<string>();

        // One long key over many values.
        data.Add("{\"" + new string('k', 90_000) + "\":[" + string.Join(',', Enumerable.Repeat("1", 4_000)) + "]}");

        // Deep nesting of long keys, then many values.
        var deep = new StringBuilder();
        for (int i = 0; i < 60; i++)
        {
            deep.Append("{\"").Append(new string((char)('a' + (i % 26)), 1_000)).Append("\":");
        }

        deep.Append('[').Append(string.Join(',', Enumerable.Repeat("0", 18_000))).Append(']').Append('}', 60);
        data.Add(deep.ToString());

        // Many small values under a moderately long path.
        data.Add("{\"" + new string('p', 120) + "\":{\"" + new string('q', 120) + "\":[" + string.Join(',', Enumerable.Repeat("7", 48_000)) + "]}}");

        // Many objects in an array, each with a long key.
        data.Add("{\"a\":[" + string.Join(',', Enumerable.Repeat("{\"" + new string('z', 300) + "\":[1,2,3,4,5,6,7,8]}", 290)) + "]}");
        return data;
    }

    [Theory]
    [MemberData(nameof(AmplifyingBodies))]
    public void ToolCall_AmplifyingBody_RendersWithinALinearBound(string body)
    {
        using JsonDocument doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
        var watch = Stopwatch.StartNew();

        GuardRequest request = GuardRequest.ToolCall(null, "tool", doc.RootElement);

        watch.Stop();
        Assert.InRange(request.RenderedText.Length, 1, (5 * body.Length) + 4096 + (ToolCallRenderer.MaxDepth * (ToolCallRenderer.MaxPathLength + 16)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"Rendering {body.Length:N0} characters took {watch.Elapsed}.");
    }

    [Fact]
    public void ToolCall_LongKeyOverAContainer_IsWrittenInFullOnce()
    {
        string key = "ignore-previous-instructions-" + new string('k', 300);
        using JsonDocument doc = JsonDocument.Parse("{\"" + key + "\":{\"x\":1,\"y\":2}}");

        string rendered = GuardRequest.ToolCall(null, "tool", doc.RootElement).RenderedText;

        Assert.Equal(1, CountOf(rendered, key));
        Assert.Contains("\u2026" + key[^ToolCallRenderer.MaxPathLength..] + ".x = 1", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void ToolCall_OverBudget_WritesTheRestRawAndLosesNoValue()
    {
        string values = string.Join(',', Enumerable.Range(0, 20_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using JsonDocument doc = JsonDocument.Parse("{\"" + new string('p', 200) + "\":[" + values + ",\"needle\"]}");

        string rendered = GuardRequest.ToolCall(null, "tool", doc.RootElement).RenderedText;

        Assert.Contains("\"needle\"", rendered, StringComparison.Ordinal);
        Assert.Contains("19999", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void ToolCall_OrdinaryCall_RendersAsBefore()
    {
        using JsonDocument doc = JsonDocument.Parse("""{"b":{"y":[1,{"z":true}],"x":"s"},"a":1e3}""");

        Assert.Equal("t\na = 1000\nb.x = s\nb.y[0] = 1\nb.y[1].z = true", GuardRequest.ToolCall(null, "t", doc.RootElement).RenderedText);
    }

    [Fact]
    public void ToolDescription_LongPropertyNameOverNestedProperties_RendersWithinALinearBound()
    {
        var schema = new StringBuilder("{\"properties\":{\"").Append(new string('n', 90_000)).Append("\":{\"properties\":{");
        schema.AppendJoin(',', Enumerable.Range(0, 800).Select(i => $"\"p{i}\":{{}}"));
        schema.Append("}}}}");
        using JsonDocument doc = JsonDocument.Parse(schema.ToString());

        GuardRequest request = GuardRequest.ToolDescription("tool", "d", doc.RootElement);

        Assert.InRange(request.RenderedText.Length, 1, (3 * schema.Length) + 4096);
    }

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
