using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Packaging;

/// <summary>The README example markers that <see cref="ReadmeSnippetTests"/> relies on, checked without packing anything.</summary>
public sealed class ReadmeMarkerTests
{
    [Fact]
    public void Readmes_EveryCSharpBlock_IsMarkedWithKnownPackages()
    {
        var problems = new List<string>();
        IReadOnlyList<ReadmeSnippet> snippets = ReadmeSnippetTests.AllSnippets(problems);
        Dictionary<string, string> pinned = ReadmeSnippetTests.PinnedVersions();
        foreach (ReadmeSnippet snippet in snippets)
        {
            foreach (string package in snippet.Packages)
            {
                if (!PackageFixture.PackageIds.Contains(package) && !pinned.ContainsKey(package))
                {
                    problems.Add($"{snippet.File}:{snippet.Line}: package '{package}' is neither ours nor pinned in Directory.Packages.props.");
                }
            }

            if (snippet.Kind == "console" && snippet.Expect is null)
            {
                problems.Add($"{snippet.File}:{snippet.Line}: a console example needs 'expect: REGEX' so its run can fail.");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.True(snippets.Count(s => s.File.EndsWith(Path.Combine(SharedAssets.RepositoryRoot, "README.md"), StringComparison.Ordinal)) >= 8, "the README lost its examples");
    }

    [Fact]
    public void Readmes_MarkerParser_ReportsUnmarkedAndMalformedBlocks()
    {
        string file = Path.Combine(Path.GetTempPath(), $"ragpref-readme-{Guid.NewGuid():N}.md");
        File.WriteAllText(file, """
            Text.

            ```csharp
            Console.WriteLine("no marker");
            ```

            <!-- snippet: desktop | packages: Mcip.RagPref -->
            ```csharp
            Console.WriteLine("bad kind");
            ```

            <!-- snippet: console | packages: Mcip.RagPref | expect: ^hi$ -->

            ```csharp
            Console.WriteLine("hi");
            ```

            <!-- snippet: console | packages: Mcip.RagPref -->
            Some text in between drops the marker.
            ```csharp
            Console.WriteLine("dropped");
            ```
            """);
        try
        {
            var problems = new List<string>();
            IReadOnlyList<ReadmeSnippet> snippets = ReadmeSnippet.Parse(file, "t", problems);
            ReadmeSnippet only = Assert.Single(snippets);
            Assert.Equal("^hi$", only.Expect);
            Assert.Equal("Console.WriteLine(\"hi\");\n", only.Code);
            Assert.Equal(3, problems.Count);
            Assert.Contains("no '<!-- snippet:", problems[0], StringComparison.Ordinal);
            Assert.Contains("'desktop'", problems[1], StringComparison.Ordinal);
            Assert.Contains("no '<!-- snippet:", problems[2], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void PackageReadmes_AreTheirOwn_NotTheRepositoryReadme()
    {
        foreach (string id in PackageFixture.PackageIds)
        {
            string path = Path.Combine(SharedAssets.RepositoryRoot, "src", id, "README.md");
            Assert.True(File.Exists(path), $"{id} has no README of its own at {path}");
            string text = File.ReadAllText(path);
            Assert.StartsWith($"# {id}\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain("./build.sh", text, StringComparison.Ordinal);
            Assert.Contains(id == "Mcip.RagPref.Cli" ? "dotnet tool install" : id == "Mcip.RagPref.Models.MiniLM" ? "dotnet add package Mcip.RagPref" : $"dotnet add package {id}", text, StringComparison.Ordinal);
        }
    }
}
