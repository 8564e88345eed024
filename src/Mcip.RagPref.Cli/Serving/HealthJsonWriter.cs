using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>
/// Writes a health report as JSON: <c>{"status", "duration_ms", "entries": {name: {"status", "description", "duration_ms", "data"}}}</c>.
/// The route is public (it stays open when the service requires an API key), so every text goes through
/// <see cref="PublicText.WithoutPaths"/>: <c>store_path</c> shows the store's file name, and an error names files without their folders.
/// </summary>
internal static class HealthJsonWriter
{
    // A JSON response, not HTML: keep '+' and non-ASCII readable (the fingerprint contains '+').
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "application/json; charset=utf-8";
        using (var json = new Utf8JsonWriter(context.Response.BodyWriter, Options))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteNumber("duration_ms", Math.Round(report.TotalDuration.TotalMilliseconds, 3));
            json.WriteStartObject("entries");
            foreach (KeyValuePair<string, HealthReportEntry> pair in report.Entries)
            {
                HealthReportEntry entry = pair.Value;
                json.WriteStartObject(pair.Key);
                json.WriteString("status", entry.Status.ToString());
                if (entry.Description is not null)
                {
                    json.WriteString("description", PublicText.WithoutPaths(entry.Description));
                }

                json.WriteNumber("duration_ms", Math.Round(entry.Duration.TotalMilliseconds, 3));
                json.WriteStartObject("data");
                foreach (KeyValuePair<string, object> item in entry.Data)
                {
                    WriteValue(json, item.Key, item.Value);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static void WriteValue(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(name);
                break;
            case bool b:
                json.WriteBoolean(name, b);
                break;
            case int or long or short or byte:
                json.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case float or double or decimal:
                json.WriteNumber(name, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteString(name, PublicText.WithoutPaths(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));
                break;
        }
    }
}
