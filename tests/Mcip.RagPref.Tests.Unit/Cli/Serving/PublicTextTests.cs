using Mcip.RagPref.Cli.Serving;

namespace Mcip.RagPref.Tests.Cli.Serving;

public sealed class PublicTextTests
{
    [Theory]
    [InlineData("/root/.cache/mcip-ragpref/stores/seed-b5b8.rpstore", "seed-b5b8.rpstore")]
    [InlineData("Cannot open the store '/home/alice/stores/my store.rpstore': Could not find file '/home/alice/stores/x.rpstore'.", "Cannot open the store 'my store.rpstore': Could not find file 'x.rpstore'.")]
    [InlineData(@"Cannot open the store 'C:\Users\alice\seed.rpstore'.", "Cannot open the store 'seed.rpstore'.")]
    [InlineData(@"share \\server\stores\seed.rpstore gone", "share seed.rpstore gone")]
    [InlineData("(/tmp/a/b.rpstore)", "(b.rpstore)")]
    public void WithoutPaths_AbsolutePaths_KeepsOnlyTheFileName(string text, string expected)
    {
        Assert.Equal(expected, PublicText.WithoutPaths(text));
    }

    [Theory]
    [InlineData("RAG-Pref store generation 1 serving: 6 attack and 12 benign examples.")]
    [InlineData("hybrid-v1(all-MiniLM-L6-v2+mean256w32@384*0.5)+canon1 (2432-d, sha256 23b4aa8e9b72)")]
    [InlineData("2026-12-05T02:30:40.0000000+00:00")]
    [InlineData("lexical.rpstore")]
    [InlineData("see https://example.com/a/b for details")]
    public void WithoutPaths_TextWithoutPaths_IsUnchanged(string text)
    {
        Assert.Equal(text, PublicText.WithoutPaths(text));
    }
}
