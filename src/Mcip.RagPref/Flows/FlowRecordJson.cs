using System.Text.Json;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Flows;

/// <summary>The wire form of a <see cref="FlowRecord"/>: snake_case names, lower-case surface, verdict and sink names (public as <see cref="FlowRecord.WriteJson"/> and <see cref="FlowRecord.WireName(FlowSinkKind)"/>).</summary>
internal static class FlowRecordJson
{
    /// <summary>Writes <paramref name="record"/> as one JSON object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="record">The record.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void Write(Utf8JsonWriter writer, FlowRecord record)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        writer.WriteStartObject();
        writer.WriteString("timestamp", record.Timestamp);
        writer.WriteString("surface", GuardNames.Surface(record.Surface));
        if (record.Tool is not null)
        {
            writer.WriteString("tool", record.Tool);
        }

        writer.WriteString("sender", record.Sender);
        writer.WriteString("recipient", record.Recipient);
        writer.WriteString("data_subject", record.DataSubject);
        writer.WriteString("information_type", record.InformationType);
        writer.WriteString("transmission_principle", record.TransmissionPrinciple);
        writer.WriteString("verdict", GuardNames.Verdict(record.Verdict));
        writer.WriteString("rule", record.Rule);
        writer.WriteString("sink", SinkName(record.Sink));
        writer.WriteEndObject();
    }

    /// <summary>The wire name of a value kind (<c>email_address</c>, <c>phone_number</c>, <c>account_number</c>, <c>url</c>, <c>user_name</c>, <c>file_path</c>, <c>amount</c>, <c>command</c>).</summary>
    /// <param name="kind">The value kind.</param>
    /// <returns>The snake_case name.</returns>
    public static string KindName(FlowValueKind kind) => kind switch
    {
        FlowValueKind.EmailAddress => "email_address",
        FlowValueKind.PhoneNumber => "phone_number",
        FlowValueKind.AccountNumber => "account_number",
        FlowValueKind.Url => "url",
        FlowValueKind.UserName => "user_name",
        FlowValueKind.FilePath => "file_path",
        FlowValueKind.Amount => "amount",
        _ => "command",
    };

    /// <summary>The wire name of a source kind (<c>user</c>, <c>system</c>, <c>trusted_tool</c>, <c>trusted_value</c>, <c>tool_result</c>, <c>nowhere</c>).</summary>
    /// <param name="source">The source kind.</param>
    /// <returns>The snake_case name.</returns>
    public static string SourceName(FlowSourceKind source) => source switch
    {
        FlowSourceKind.User => "user",
        FlowSourceKind.System => "system",
        FlowSourceKind.TrustedTool => "trusted_tool",
        FlowSourceKind.TrustedValue => "trusted_value",
        FlowSourceKind.ToolResult => "tool_result",
        _ => "nowhere",
    };

    /// <summary>The wire name of a sink kind (<c>none</c>, <c>send</c>, <c>transfer</c>, <c>share</c>, <c>post</c>, <c>write</c>, <c>execute</c>, <c>permissions</c>).</summary>
    /// <param name="sink">The sink kind.</param>
    /// <returns>The lower-case name.</returns>
    public static string SinkName(FlowSinkKind sink) => sink switch
    {
        FlowSinkKind.Send => "send",
        FlowSinkKind.Transfer => "transfer",
        FlowSinkKind.Share => "share",
        FlowSinkKind.Post => "post",
        FlowSinkKind.Write => "write",
        FlowSinkKind.Execute => "execute",
        FlowSinkKind.Permissions => "permissions",
        _ => "none",
    };
}
