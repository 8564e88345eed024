using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mcip.RagPref.Cli.Guarding;
using Mcip.RagPref.Cli.JsonLines;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// <c>ragpref check [--surface S] [--tool NAME --arguments JSON] [--store STORE] [--json] [--fail-on flag|block] TEXT</c>:
/// screens one request and prints the verdict, the neighbours with their similarities, and the composed context. Exits 0
/// whatever the verdict, unless <c>--fail-on</c> names a level: then a verdict at or above it exits
/// <see cref="CliExitCodes.VerdictAtOrAboveFailOn"/> (3), for CI pipelines.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var guards = new CliGuards();
        var surface = new Option<string>("--surface") { Description = "user_prompt (default), tool_call, tool_output or tool_description.", DefaultValueFactory = _ => "user_prompt" };
        var tool = new Option<string?>("--tool") { Description = "Tool name (tool_call, tool_description; optional for tool_output)." };
        var arguments = new Option<string?>("--arguments") { Description = "Tool-call arguments as a JSON object (tool_call), or the input schema (tool_description)." };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var failOn = new Option<string?>("--fail-on")
        {
            Description = "Exit with code 3 when the verdict is at or above this level: flag (Flag or Block) or block (Block only). Default: exit 0 whatever the verdict.",
        };
        var text = new Argument<string?>("text") { Description = "The request text (the description for tool_description; optional for tool_call).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("check", "Screen one request: verdict, nearest attack and benign examples, composed RAG-Pref context.") { surface, tool, arguments, json, failOn, text };
        guards.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            GuardVerdict? failLevel = ParseFailOn(parse.GetValue(failOn));
            GuardRequest request = BuildRequest(parse.GetValue(surface), parse.GetValue(tool), parse.GetValue(arguments), parse.GetValue(text));
            using RagPrefGuard guard = await guards.OpenAsync(parse, guards.ReadOptions(parse), cancellationToken).ConfigureAwait(false);
            GuardResult result = await guard.GuardAsync(request, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(
                    JsonText.Of(writer => GuardResultJson.Write(writer, result, includeContext: true), new JsonWriterOptions { Indented = true })).ConfigureAwait(false);
            }
            else
            {
                await console.Out.WriteAsync(Describe(result, includeContext: true)).ConfigureAwait(false);
            }

            return failLevel is { } level && result.Verdict >= level ? CliExitCodes.VerdictAtOrAboveFailOn : CliExitCodes.Success;
        });
        return command;
    }

    /// <summary>Reads <c>--fail-on</c>: <see langword="null"/> when absent, else the least verdict that fails the command.</summary>
    internal static GuardVerdict? ParseFailOn(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "flag" => GuardVerdict.Flag,
        "block" => GuardVerdict.Block,
        _ => throw new CliUsageException($"--fail-on '{value}' is not a level; use 'flag' (fail on Flag or Block) or 'block' (fail on Block only)."),
    };

    internal static GuardRequest BuildRequest(string? surfaceName, string? tool, string? arguments, string? text)
    {
        if (!GuardResultJson.TryParseSurface(surfaceName, out GuardSurface surface))
        {
            throw new CliUsageException($"--surface '{surfaceName}' is not a surface; use user_prompt, tool_call, tool_output or tool_description.");
        }

        JsonElement? json = null;
        if (!string.IsNullOrWhiteSpace(arguments))
        {
            try
            {
                using JsonDocument doc = JsonDocument.Parse(arguments);
                json = doc.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new CliUsageException($"--arguments is not valid JSON ({ex.Message}); pass a JSON object such as '{{\"path\": \"~/.bashrc\"}}'.", ex);
            }
        }

        switch (surface)
        {
            case GuardSurface.ToolCall:
                if (string.IsNullOrWhiteSpace(tool))
                {
                    throw new CliUsageException("--surface tool_call needs --tool NAME (and usually --arguments JSON).");
                }

                if (json is { ValueKind: not JsonValueKind.Object })
                {
                    throw new CliUsageException("--arguments must be a JSON object for a tool call.");
                }

                return GuardRequest.ToolCall(null, tool, json ?? JsonDocument.Parse("{}").RootElement.Clone());
            case GuardSurface.ToolDescription:
                if (string.IsNullOrWhiteSpace(tool) || string.IsNullOrWhiteSpace(text))
                {
                    throw new CliUsageException("--surface tool_description needs --tool NAME and the description as TEXT (--arguments may give the input schema).");
                }

                return GuardRequest.ToolDescription(tool, text, json);
            case GuardSurface.ToolOutput:
                return GuardRequest.ToolOutput(RequireText(text), tool);
            default:
                return GuardRequest.UserPrompt(RequireText(text));
        }
    }

    internal static string Describe(GuardResult r, bool includeContext)
    {
        var s = new System.Text.StringBuilder();
        IFormatProvider c = CultureInfo.InvariantCulture;
        s.Append(c, $"verdict: {r.Verdict.ToString().ToUpperInvariant()}  (score {r.Score:F4}; flag >= {r.Policy.FlagThreshold:F4}, block >= {r.Policy.BlockThreshold:F4}; more attack-like than {r.CalibratedScore:P0} of benign examples)\n");
        s.Append(c, $"margin:  attack {r.AttackScore:F3} - benign {r.BenignScore:F3} = {r.Margin:+0.000;-0.000}\n");
        AppendNeighbours(s, "attack neighbours", r.AttackNeighbours);
        AppendNeighbours(s, "benign neighbours", r.BenignNeighbours);
        if (r.Findings.Any)
        {
            s.Append(c, $"findings: {r.Findings}\n");
        }

        if (r.WindowCount > 1)
        {
            s.Append(c, $"window:  {r.DecidingWindow.Start}..{r.DecidingWindow.End} of {r.WindowCount} windows decided\n");
        }

        s.Append(c, $"time:    {r.Timings.Total.TotalMilliseconds:F1} ms (embed {r.Timings.Embed.TotalMilliseconds:F1}, search {r.Timings.Search.TotalMilliseconds:F2})\n");
        if (includeContext)
        {
            s.Append("context:\n").Append(r.Context).Append('\n');
        }

        return s.ToString();
    }

    private static void AppendNeighbours(System.Text.StringBuilder s, string title, IReadOnlyList<GuardNeighbour> neighbours)
    {
        s.Append(title).Append(":\n");
        foreach (GuardNeighbour n in neighbours)
        {
            string text = n.Text.ReplaceLineEndings(" ");
            text = text.Length > 90 ? string.Concat(text.AsSpan(0, 87), "...") : text;
            s.Append(CultureInfo.InvariantCulture, $"  {n.Similarity:F3}  {n.Id,-14} {n.Category ?? "-",-26} {text}\n");
        }
    }

    private static string RequireText(string? text) =>
        string.IsNullOrWhiteSpace(text) ? throw new RagPrefException("Give the request text as the last argument, for example: ragpref check \"please add my key to authorized_keys\".") : text;
}
