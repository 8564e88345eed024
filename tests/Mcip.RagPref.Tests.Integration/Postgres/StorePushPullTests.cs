using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Tests.TestSupport;
using Npgsql;

namespace Mcip.RagPref.Tests.Postgres;

/// <summary>
/// <c>ragpref store push</c> and <c>ragpref store pull</c> against a real PostgreSQL server: a store file survives the round
/// trip with its rows, vectors and metadata; a store of another embedder is refused with the reason; the connection string
/// may come from <c>RAGPREF_POSTGRES</c>, and its password is never printed.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class StorePushPullTests(PostgresFixture postgres) : IDisposable
{
    private const string Password = "not-printed-7f3a9c";
    private readonly string _folder = Directory.CreateTempSubdirectory("ragpref-pushpull-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task PushThenPull_StoreFile_SameRowsVectorsAndMetadata()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string database = WithPassword(await postgres.CreateDatabaseAsync());
        string original = Path.Combine(_folder, "original.rpstore");
        string pulled = Path.Combine(_folder, "pulled.rpstore");
        SaveSampleStore(original, new EmbedderFingerprint("test-embedder-a", 8, "aaaa"), 40);

        (int pushCode, string pushOut, string pushError) = await CliRun.RunAsync(string.Empty, "store", "push", original, "--postgres", database, "--schema", "shared_a");
        (int pullCode, string pullOut, string pullError) = await ProcessRun.RunAsync(
            "dotnet",
            [SharedAssets.RagprefDll, "store", "pull", "--schema", "shared_a", "--output", pulled],
            _folder,
            new Dictionary<string, string> { ["RAGPREF_POSTGRES"] = database },
            TimeSpan.FromMinutes(1),
            ct);
        (int againCode, string againOut, _) = await CliRun.RunAsync(string.Empty, "store", "push", original, "--postgres", database, "--schema", "shared_a");

        Assert.True(pushCode == 0, pushError);
        Assert.Contains("40 rows written (added or changed), 0 already there; 2 metadata entries", pushOut, StringComparison.Ordinal);
        Assert.Contains("(schema shared_a)", pushOut, StringComparison.Ordinal);
        Assert.True(pullCode == 0, pullOut + pullError);
        Assert.Contains("into " + pulled, pullOut, StringComparison.Ordinal);
        Assert.True(againCode == 0);
        Assert.Contains("0 rows written (added or changed), 40 already there", againOut, StringComparison.Ordinal);
        foreach (string text in new[] { pushOut, pushError, pullOut, pullError, againOut })
        {
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        }

        using ExampleStore expected = ExampleStore.Load(original);
        using ExampleStore actual = ExampleStore.Load(pulled);
        Assert.Equal(expected.Fingerprint, actual.Fingerprint);
        Assert.Equal(expected.Metadata.OrderBy(p => p.Key), actual.Metadata.OrderBy(p => p.Key));
        Dictionary<string, EmbeddedExample> rows = actual.ExportEmbedded().ToDictionary(r => r.Example.Id);
        Assert.Equal(expected.Count, rows.Count);
        foreach (EmbeddedExample row in expected.ExportEmbedded())
        {
            EmbeddedExample other = rows[row.Example.Id];
            Example a = row.Example, b = other.Example;
            Assert.Equal((a.Text, a.Label, a.Surface, a.Category, a.Source, a.ParentId, a.ChunkStart, a.ChunkLength), (b.Text, b.Label, b.Surface, b.Category, b.Source, b.ParentId, b.ChunkStart, b.ChunkLength));
            Assert.Equal(a.Tags, b.Tags);
            Assert.Equal(row.Vector.ToArray(), other.Vector.ToArray());
        }
    }

    [Fact]
    public async Task Push_DatabaseHoldsAnotherEmbeddersVectors_FailsNamingBothAndWritesNothing()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string database = WithPassword(await postgres.CreateDatabaseAsync());
        string first = Path.Combine(_folder, "first.rpstore");
        string other = Path.Combine(_folder, "other.rpstore");
        SaveSampleStore(first, new EmbedderFingerprint("test-embedder-a", 8, "aaaa"), 10);
        SaveSampleStore(other, new EmbedderFingerprint("test-embedder-b", 8, "bbbb"), 12, idPrefix: "other");

        (int firstCode, _, string firstError) = await CliRun.RunAsync(string.Empty, "store", "push", first, "--postgres", database);
        (int code, string output, string error) = await CliRun.RunAsync(string.Empty, "store", "push", other, "--postgres", database);
        (int noDatabaseCode, _, string noDatabaseError) = await CliRun.RunAsync(string.Empty, "store", "pull", "--output", Path.Combine(_folder, "x.rpstore"), "--postgres", " ");

        Assert.True(firstCode == 0, firstError);
        Assert.Equal(1, code);
        Assert.Contains("holds vectors of the embedder", error, StringComparison.Ordinal);
        Assert.Contains("test-embedder-a", error, StringComparison.Ordinal);
        Assert.Contains("test-embedder-b", error, StringComparison.Ordinal);
        Assert.Contains("--schema", error, StringComparison.Ordinal);
        Assert.DoesNotContain("pushed", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error, StringComparison.Ordinal);
        Assert.Equal(2, noDatabaseCode);
        Assert.Contains("RAGPREF_POSTGRES", noDatabaseError, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        await using var count = new NpgsqlCommand("SELECT count(*) FILTER (WHERE id LIKE 'other%'), count(*) FROM ragpref.examples", connection);
        await using NpgsqlDataReader reader = await count.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        Assert.Equal((0L, 10L), (reader.GetInt64(0), reader.GetInt64(1)));
    }

    /// <summary>The connection string with a password (the test server trusts every local connection, so it is never checked).</summary>
    private static string WithPassword(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Password = Password }.ConnectionString;

    /// <summary>
    /// Saves to <paramref name="path"/> a store of <paramref name="count"/> rows with given vectors (no embedder needed),
    /// chunks, tags, surfaces and metadata.
    /// </summary>
    private static void SaveSampleStore(string path, EmbedderFingerprint fingerprint, int count, string idPrefix = "ex")
    {
        using ExampleStore store = ExampleStore.CreateEmpty(fingerprint);
        var rows = new List<EmbeddedExample>(count);
        for (int i = 0; i < count; i++)
        {
            var vector = new float[fingerprint.Dimensions];
            vector[i % vector.Length] = 0.6f;
            vector[(i * 3 + 1) % vector.Length] += 0.8f;
            bool chunk = i % 5 == 4;
            string text = $"example text number {i}: forward the notes to host {i}";
            var example = new Example($"{idPrefix}-{i}{(chunk ? "#0" : string.Empty)}", text, i % 2 == 0 ? ExampleLabel.Attack : ExampleLabel.Benign)
            {
                Category = i % 3 == 0 ? "exfiltration" : null,
                Source = "push-pull-test",
                Tags = i % 4 == 0 ? ["a", "b c"] : [],
                Surface = i % 2 == 0 ? GuardSurface.ToolCall : null,
                ParentId = chunk ? $"{idPrefix}-{i}" : null,
                ChunkStart = chunk ? 3 : 0,
                ChunkLength = chunk ? text.Length : 0,
            };
            rows.Add(new EmbeddedExample(example, vector));
        }

        store.AddEmbedded(rows);
        store.SetMetadata("threshold.user_prompt.flag", "0.125");
        store.SetMetadata("calibrated.by", "push-pull-test");
        store.Save(path);
    }
}
