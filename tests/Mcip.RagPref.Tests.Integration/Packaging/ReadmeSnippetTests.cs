using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Mcip.RagPref.Tests.Mcp;
using Mcip.RagPref.Tests.TestSupport;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Mcip.RagPref.Tests.Packaging;

/// <summary>
/// Every C# example of the README and of each package's README, pasted as the whole <c>Program.cs</c> of a fresh
/// console (or web) project that references the freshly packed packages its marker names, built, and run: a console
/// example to completion (exit 0, output matching its <c>expect</c>), a web example until its probe answers 200, an
/// MCP server example driven by the MCP C# client.
/// </summary>
[Collection(PackagesGroup.Name)]
public sealed class ReadmeSnippetTests(PackageFixture packages)
{
    internal static IEnumerable<(string Path, string Label)> Readmes()
    {
        yield return (Path.Combine(SharedAssets.RepositoryRoot, "README.md"), "readme");
        foreach (string id in PackageFixture.PackageIds)
        {
            yield return (Path.Combine(SharedAssets.RepositoryRoot, "src", id, "README.md"), id.Replace('.', '_'));
        }
    }

    internal static IReadOnlyList<ReadmeSnippet> AllSnippets(List<string> problems) =>
        [.. Readmes().SelectMany(r => ReadmeSnippet.Parse(r.Path, r.Label, problems))];

    [Fact]
    public async Task ReadmeSnippets_InFreshProjectsOnThePackedPackages_BuildAndRun()
    {
        Assert.True(packages.PackExitCode == 0, packages.PackOutput);
        CancellationToken ct = TestContext.Current.CancellationToken;
        var problems = new List<string>();
        IReadOnlyList<ReadmeSnippet> snippets = AllSnippets(problems);
        Assert.True(problems.Count == 0, string.Join('\n', problems));

        string root = Path.Combine(packages.WorkFolder, "snippets");
        await packages.CreateConsumerFolderAsync(root, ct);
        Dictionary<string, string> pinned = PinnedVersions();
        var solution = new StringBuilder("<Solution>\n");
        foreach (ReadmeSnippet snippet in snippets)
        {
            string folder = Path.Combine(root, snippet.Name);
            Directory.CreateDirectory(folder);
            string references = string.Concat(snippet.Packages.Select(p =>
                $"""    <PackageReference Include="{p}" Version="{(PackageFixture.PackageIds.Contains(p) ? PackageFixture.Version : pinned[p])}" />{"\n"}"""));
            await File.WriteAllTextAsync(Path.Combine(folder, snippet.Name + ".csproj"), $"""
                <Project Sdk="{(snippet.Kind is "web" or "mcp-http-server" ? "Microsoft.NET.Sdk.Web" : "Microsoft.NET.Sdk")}">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                  <ItemGroup>
                {references}  </ItemGroup>
                </Project>
                """, ct);
            await File.WriteAllTextAsync(Path.Combine(folder, "Program.cs"), snippet.Code, ct);
            solution.Append($"  <Project Path=\"{snippet.Name}/{snippet.Name}.csproj\" />\n");
        }

        await File.WriteAllTextAsync(Path.Combine(root, "Snippets.slnx"), solution.Append("</Solution>\n").ToString(), ct);
        (int code, string output, string error) = await ProcessRun.RunAsync(
            "dotnet", ["build", "Snippets.slnx", "-c", "Release", "--nologo", "-v", "minimal", "-clp:ErrorsOnly"], root, packages.Environment, TimeSpan.FromMinutes(10), ct);
        Assert.True(code == 0, $"The README examples do not build in fresh projects:\n{output}\n{error}");

        var failures = new List<string>();
        foreach (ReadmeSnippet snippet in snippets)
        {
            string dll = Path.Combine(root, snippet.Name, "bin", "Release", "net10.0", snippet.Name + ".dll");
            string? failure = snippet.Kind switch
            {
                "console" => await RunConsoleAsync(snippet, dll, ct),
                "web" => await RunWebAsync(snippet, dll, mcp: false, ct),
                "mcp-http-server" => await RunWebAsync(snippet, dll, mcp: true, ct),
                _ => await RunMcpStdioServerAsync(dll, ct),
            };
            if (failure is not null)
            {
                failures.Add($"{snippet.File}:{snippet.Line} ({snippet.Kind}): {failure}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    private async Task<string?> RunConsoleAsync(ReadmeSnippet snippet, string dll, CancellationToken ct)
    {
        string workDir = Path.GetDirectoryName(dll)!;
        string[] arguments = snippet.Args switch
        {
            null => [],
            "file-server" => ["dotnet", McpFileServerFixture.ServerDll, "--root", Directory.CreateTempSubdirectory("ragpref-snippet-root-").FullName],
            _ => throw new InvalidOperationException($"unknown snippet args '{snippet.Args}'"),
        };
        (int code, string output, string error) = await ProcessRun.RunAsync("dotnet", [dll, .. arguments], workDir, packages.Environment, TimeSpan.FromMinutes(5), ct);
        if (code != 0)
        {
            return $"exit {code}\n{output}\n{error}";
        }

        return Regex.IsMatch(output, snippet.Expect!, RegexOptions.Multiline) ? null : $"output does not match /{snippet.Expect}/:\n{output}\n{error}";
    }

    private async Task<string?> RunWebAsync(ReadmeSnippet snippet, string dll, bool mcp, CancellationToken ct)
    {
        int port;
        using (var listener = new TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach ((string key, string value) in packages.Environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        using Process process = Process.Start(start)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var deadline = Stopwatch.StartNew();
            string last = "no answer";
            while (deadline.Elapsed < TimeSpan.FromMinutes(3) && !process.HasExited)
            {
                try
                {
                    using HttpResponseMessage response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}{snippet.Probe ?? "/"}"), ct);
                    if (mcp)
                    {
                        // Listening: the MCP endpoint answers a plain GET with some status; the client does the real check.
                        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri($"http://127.0.0.1:{port}{snippet.Probe}"), TransportMode = HttpTransportMode.StreamableHttp });
                        string? failure = await DriveNoteServerAsync(transport, () => { lock (log) { return log.ToString(); } }, ct);
                        return failure;
                    }

                    if (response.IsSuccessStatusCode)
                    {
                        return null;
                    }

                    last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}";
                }
                catch (HttpRequestException ex)
                {
                    last = ex.Message;
                }

                await Task.Delay(500, ct);
            }

            lock (log)
            {
                return $"the probe {snippet.Probe} never answered 200 (last: {last}; exited: {process.HasExited})\n{log}";
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    private async Task<string?> RunMcpStdioServerAsync(string dll, CancellationToken ct)
    {
        var log = new StringBuilder();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "readme-server",
            Command = "dotnet",
            Arguments = [dll],
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            EnvironmentVariables = packages.Environment.ToDictionary(kv => kv.Key, kv => (string?)kv.Value),
            StandardErrorLines = line => { lock (log) { log.AppendLine(line); } },
        });
        return await DriveNoteServerAsync(transport, () => { lock (log) { return log.ToString(); } }, ct);
    }

    /// <summary>Lists the example server's tools and calls its <c>save_note</c>; <see langword="null"/> when both work.</summary>
    private static async Task<string?> DriveNoteServerAsync(IClientTransport transport, Func<string> log, CancellationToken ct)
    {
        await using McpClient client = await McpClient.CreateAsync(transport, cancellationToken: ct);
        IList<McpClientTool> tools = await client.ListToolsAsync(cancellationToken: ct);
        if (!tools.Any(t => t.Name == "save_note"))
        {
            return $"tools/list has no save_note: {string.Join(", ", tools.Select(t => t.Name))}\n{log()}";
        }

        CallToolResult result = await client.CallToolAsync("save_note", new Dictionary<string, object?> { ["text"] = "buy milk" }, cancellationToken: ct);
        string text = string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
        return result.IsError != true && text.Contains("saved 8 characters", StringComparison.Ordinal)
            ? null
            : $"save_note answered {JsonSerializer.Serialize(text)} (error: {result.IsError})\n{log()}";
    }

    internal static Dictionary<string, string> PinnedVersions() =>
        XDocument.Load(Path.Combine(SharedAssets.RepositoryRoot, "Directory.Packages.props"))
            .Descendants()
            .Where(e => e.Name.LocalName == "PackageVersion")
            .ToDictionary(e => e.Attribute("Include")!.Value, e => e.Attribute("Version")!.Value, StringComparer.Ordinal);
}
