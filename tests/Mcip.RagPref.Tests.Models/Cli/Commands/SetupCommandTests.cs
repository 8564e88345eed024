using Mcip.RagPref.Cli;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Cli.Commands;

public sealed class SetupCommandTests
{
    [Fact]
    public async Task Setup_DefaultStoreInCache_ReportsNothingToDo()
    {
        // The default guard's store is in the user cache (./build.sh setup built it; DefaultGuard builds it otherwise).
        await DefaultGuard.GetAsync();
        using CanonicalizingEmbeddingGenerator embedder = RagPrefGuard.CreateDefaultEmbedder();
        string path = RagPrefGuard.DefaultStorePath(EmbedderFingerprint.Of(embedder));

        (int code, string output, string error) = await RunAsync("setup");

        Assert.Equal(0, code);
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.Contains("nothing to do", error, StringComparison.Ordinal);
        // The path alone on standard output: build.sh records it to skip setup while the file is there.
        Assert.Equal(path + Environment.NewLine, output);
    }

    [Fact]
    public async Task Help_ListsSetup_SoBuildShRunsIt()
    {
        var output = new StringWriter();
        var console = new CliConsole(TextReader.Null, output, new StringWriter(), IsErrorRedirected: true);

        await CliApplication.RunAsync(["--help"], console, TestContext.Current.CancellationToken);

        Assert.Contains("\n  setup", output.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(TextReader.Null, output, error, IsErrorRedirected: true);
        int code = await CliApplication.RunAsync(args, console, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
