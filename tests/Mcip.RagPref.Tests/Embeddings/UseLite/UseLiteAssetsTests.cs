using System.Text.Json;
using Mcip.RagPref.Embeddings.UseLite;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Embeddings.UseLite;

public sealed class UseLiteAssetsTests
{
    [Fact]
    public void Files_HashesMatchTheSetupManifest()
    {
        string manifestPath = Path.Combine(SharedAssets.RepositoryRoot, "embeddings", "assets.json");
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(manifestPath));
        JsonElement useLite = manifest.RootElement.GetProperty("assets").EnumerateArray()
            .Single(asset => asset.GetProperty("name").GetString() == "use-lite");
        var fetched = useLite.GetProperty("files").EnumerateArray()
            .ToDictionary(file => file.GetProperty("as").GetString()!, file => file.GetProperty("sha256").GetString()!);

        foreach (KeyValuePair<string, string> pinned in UseLiteAssets.Files)
        {
            Assert.True(fetched.TryGetValue(pinned.Key, out string? hash), $"{pinned.Key} is not fetched by the set-up");
            Assert.Equal(hash, pinned.Value);
        }
    }

    [Fact]
    public void ExpectedSha256_UnknownFile_ReturnsNull()
    {
        Assert.Null(UseLiteAssets.ExpectedSha256("LICENSE"));
        Assert.NotNull(UseLiteAssets.ExpectedSha256("group1-shard7of7"));
    }
}
