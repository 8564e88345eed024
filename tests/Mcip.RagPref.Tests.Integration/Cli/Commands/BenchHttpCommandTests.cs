using System.Globalization;
using System.Text.Json;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Cli.Commands;

public sealed class BenchHttpCommandTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task BenchHttp_LexicalStoreJson_PrintsHttpGuardAndOverheadPercentiles(int concurrency)
    {
        string dir = Directory.CreateTempSubdirectory("ragpref-bench-http-").FullName;
        try
        {
            string storePath = Path.Combine(dir, "lexical.store");
            (CanonicalizingEmbeddingGenerator embedder, ExampleStore store) = await LexicalGuard.BuildStoreAsync(TestContext.Current.CancellationToken);
            using (embedder)
            using (store)
            {
                store.Save(storePath);
            }

            (int code, string output, string error) = await CliRun.RunAsync(string.Empty, "bench", "http", "--requests", "6", "--warmup", "1", "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture), "--model", "hashed", "--store", storePath, "--json");

            Assert.True(code == 0, error);
            using JsonDocument doc = JsonDocument.Parse(output);
            JsonElement root = doc.RootElement;
            Assert.Equal(6, root.GetProperty("requests").GetInt32());
            Assert.Equal(concurrency, root.GetProperty("concurrency").GetInt32());
            Assert.True(root.GetProperty("requests_per_second").GetDouble() > 0);
            foreach (string name in new[] { "http_ms", "guard_ms", "overhead_ms" })
            {
                JsonElement p = root.GetProperty(name);
                Assert.True(p.GetProperty("p50").GetDouble() <= p.GetProperty("p99").GetDouble(), name);
                Assert.True(p.GetProperty("p99").GetDouble() <= p.GetProperty("max").GetDouble(), name);
            }

            Assert.True(root.GetProperty("guard_ms").GetProperty("max").GetDouble() < root.GetProperty("http_ms").GetProperty("max").GetDouble());

            // The mix holds attacks: a timing run writes no line per flagged or blocked request.
            Assert.DoesNotContain("RAG-Pref flagged a", error, StringComparison.Ordinal);
            Assert.DoesNotContain("RAG-Pref blocked a", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task BenchHttp_ZeroRequests_FailsNamingTheOption()
    {
        (int code, _, string error) = await CliRun.RunAsync(string.Empty, "bench", "http", "--requests", "0");

        Assert.Equal(2, code); // bad usage (issue 13: invalid option values exit 2)
        Assert.Contains("--requests", error, StringComparison.Ordinal);
    }
}
