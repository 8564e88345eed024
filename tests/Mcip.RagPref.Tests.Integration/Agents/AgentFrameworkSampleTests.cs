using System.Reflection;
using Mcip.RagPref.AI;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Agents;

/// <summary>
/// The AgentFrameworkAgent sample (built with the tests) run as a process: a ChatClientAgent over a scripted model with
/// both RAG-Pref middlewares and the real default guard.
/// </summary>
public sealed class AgentFrameworkSampleTests
{
    private static string SampleDll
    {
        get
        {
            string configuration = typeof(AgentFrameworkSampleTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            return Path.Combine(SharedAssets.RepositoryRoot, "samples", "AgentFrameworkAgent", "bin", configuration, "net10.0", "AgentFrameworkAgent.dll");
        }
    }

    [Fact]
    public async Task Run_DefaultPrompts_RefusesTheInjectedPromptAndThePoisonedToolCallOnly()
    {
        Assert.True(File.Exists(SampleDll), $"The sample was not built at {SampleDll}.");

        (int code, string output, string error) = await ProcessRun.RunAsync(
            "dotnet", [SampleDll], SharedAssets.RepositoryRoot, deadline: TimeSpan.FromMinutes(3), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        string[] turns = output.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        string summary = Assert.Single(turns, t => t.StartsWith("> Summarise", StringComparison.Ordinal));
        Assert.Contains("prompt: Allow", summary, StringComparison.Ordinal);
        Assert.Contains("RAG-Pref context included", summary, StringComparison.Ordinal);

        string injected = Assert.Single(turns, t => t.StartsWith("> Ignore all previous instructions", StringComparison.Ordinal));
        Assert.Contains("prompt: Block", injected, StringComparison.Ordinal);
        Assert.Contains(RagPrefChatClientOptions.DefaultRefusalText, injected, StringComparison.Ordinal);

        string shopping = Assert.Single(turns, t => t.StartsWith("> Save my shopping list", StringComparison.Ordinal));
        Assert.Contains("tool ToolCall: Allow", shopping, StringComparison.Ordinal);
        Assert.Contains("wrote 22 characters to notes/shopping.md", shopping, StringComparison.Ordinal);

        string shell = Assert.Single(turns, t => t.StartsWith("> Set up my shell", StringComparison.Ordinal));
        Assert.Contains("tool ToolCall: Block", shell, StringComparison.Ordinal);
        Assert.Contains("\"blocked\":true", shell, StringComparison.Ordinal);
        Assert.DoesNotContain("appended", shell, StringComparison.Ordinal);

        Assert.Contains("write_file ran 1 time(s).", output, StringComparison.Ordinal);
    }
}
