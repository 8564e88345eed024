using System.Globalization;
using Mcip.RagPref.AI;
using Mcip.RagPref.Guard;
using Microsoft.Extensions.AI;

namespace AgentConsole;

/// <summary>One turn of the sample agent: send a prompt through the guarded client and print what happened.</summary>
internal static class AgentTurn
{
    /// <summary>The agent's own instructions, sent before every prompt.</summary>
    public const string SystemPrompt = "You are a file assistant. You can read, list and write files in the user's project folder.";

    /// <summary>
    /// Sends <paramref name="prompt"/> (after the agent's system message) through <paramref name="agent"/>, then writes
    /// the verdict, the score, the nearest examples and the model's answer (with the echo model: the composed prompt).
    /// </summary>
    /// <param name="agent">The guarded chat client.</param>
    /// <param name="prompt">The user's prompt.</param>
    /// <param name="output">Where to write the report.</param>
    /// <param name="cancellationToken">Cancels the turn.</param>
    /// <returns>The guard's result, or <see langword="null"/> when the request was not screened.</returns>
    public static async Task<GuardResult?> RunAsync(IChatClient agent, string prompt, TextWriter output, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> conversation = [new(ChatRole.System, SystemPrompt), new(ChatRole.User, prompt)];
        ChatResponse response = await agent.GetResponseAsync(conversation, cancellationToken: cancellationToken);
        GuardResult? result = response.GetGuardResult();

        await output.WriteLineAsync($"> {prompt}");
        if (result is null)
        {
            await output.WriteLineAsync("verdict: (not screened)");
        }
        else
        {
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"verdict: {result.Verdict.ToString().ToUpperInvariant()}  score {result.Score:0.0000} (flag >= {result.Policy.FlagThreshold:0.0000}, block >= {result.Policy.BlockThreshold:0.0000})  margin {result.Margin:+0.000;-0.000}"));
            await WriteNeighboursAsync(output, "attack neighbours", result.AttackNeighbours);
            await WriteNeighboursAsync(output, "benign neighbours", result.BenignNeighbours);
        }

        bool refused = response.FinishReason == ChatFinishReason.ContentFilter;
        await output.WriteLineAsync(refused ? "model not called; the agent answers:" : "model received (echoed back):");
        foreach (string line in response.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await output.WriteLineAsync("  " + line);
        }

        await output.WriteLineAsync();
        return result;
    }

    private static async Task WriteNeighboursAsync(TextWriter output, string title, IReadOnlyList<GuardNeighbour> neighbours)
    {
        await output.WriteLineAsync(title + ":");
        foreach (GuardNeighbour n in neighbours)
        {
            string text = n.Text.Length > 80 ? n.Text[..77] + "..." : n.Text;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {n.Similarity:0.000}  {n.Id,-14} {n.Category ?? "-",-26} {text}"));
        }
    }
}
