using Mcip.RagPref.Cli;
using Mcip.RagPref.Embeddings.UseLite;
using Mcip.RagPref.Tests.Embeddings.UseLite;

namespace Mcip.RagPref.Tests.Cli.Commands;

public sealed class SetupCommandTests
{
    [Fact]
    public async Task Setup_ModelMissingThenPresent_ConvertsOnceThenReportsNothingToDo()
    {
        using UseLiteModelCopy copy = UseLiteModelCopy.Create();

        (int firstCode, string firstError) = await RunAsync("setup", "--model-dir", copy.Directory);
        (int secondCode, string secondError) = await RunAsync("setup", "--model-dir", copy.Directory);

        Assert.Equal(0, firstCode);
        Assert.Contains("converted", firstError, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(copy.Directory, UseLiteAssets.OnnxFile)));
        Assert.Equal(0, secondCode);
        Assert.Contains("nothing to do", secondError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_FolderWithoutModelFiles_FailsSayingToRunBuildSetup()
    {
        string empty = Directory.CreateTempSubdirectory("ragpref-empty-").FullName;
        try
        {
            (int code, string error) = await RunAsync("setup", "--model-dir", empty);

            Assert.Equal(1, code);
            Assert.Contains("./build.sh setup", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public async Task Help_ListsSetup_SoBuildShRunsIt()
    {
        var output = new StringWriter();
        var console = new CliConsole(TextReader.Null, output, new StringWriter(), IsErrorRedirected: true);

        await CliApplication.RunAsync(["--help"], console, TestContext.Current.CancellationToken);

        Assert.Contains("\n  setup", output.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Error)> RunAsync(params string[] args)
    {
        var error = new StringWriter();
        var console = new CliConsole(TextReader.Null, new StringWriter(), error, IsErrorRedirected: true);
        int code = await CliApplication.RunAsync(args, console, TestContext.Current.CancellationToken);
        return (code, error.ToString());
    }
}
