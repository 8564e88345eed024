using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mcip.RagPref.Cli.Serving;
using Mcip.RagPref.Cli.Serving.Contracts;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Flows;

namespace Mcip.RagPref.Tests.Cli.Serving;

/// <summary>
/// The MCIP flow record has two writers: the core's <see cref="FlowRecord.WriteJson"/> (audit log, log events) and the HTTP
/// contract's <see cref="FlowRecordBody"/> (the <c>flow.record</c> of a guard result). They must write the same object.
/// </summary>
public sealed class FlowRecordBodyTests
{
    public static TheoryData<string?, GuardSurface, GuardVerdict, FlowSinkKind> Records => new()
    {
        { "send_email", GuardSurface.ToolCall, GuardVerdict.Block, FlowSinkKind.Send },
        { null, GuardSurface.UserPrompt, GuardVerdict.Allow, FlowSinkKind.None },
        { "fetch_url", GuardSurface.ToolOutput, GuardVerdict.Flag, FlowSinkKind.None },
        { "write_file", GuardSurface.ToolCall, GuardVerdict.Flag, FlowSinkKind.Write },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void FlowRecordBody_WritesWhatFlowRecordJsonWrites(string? tool, GuardSurface surface, GuardVerdict verdict, FlowSinkKind sink)
    {
        var record = new FlowRecord
        {
            Timestamp = new DateTimeOffset(2026, 12, 5, 8, 15, 30, 125, TimeSpan.Zero),
            Surface = surface,
            Tool = tool,
            Sender = "assistant",
            Recipient = "email_address:sha256:501e4facfcd1",
            DataSubject = "user",
            InformationType = "message",
            TransmissionPrinciple = "directed-by-tool-output",
            Verdict = verdict,
            Rule = "instructed-untrusted-target",
            Sink = sink,
        };

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            record.WriteJson(writer);
        }

        JsonNode? core = JsonNode.Parse(Encoding.UTF8.GetString(buffer.ToArray()));
        JsonNode? wire = JsonNode.Parse(JsonSerializer.Serialize(FlowRecordBody.From(record), ServeJsonContext.Default.GetTypeInfo(typeof(FlowRecordBody))!));

        Assert.True(JsonNode.DeepEquals(core, wire), $"core: {core?.ToJsonString()}\nwire: {wire?.ToJsonString()}");
    }
}
