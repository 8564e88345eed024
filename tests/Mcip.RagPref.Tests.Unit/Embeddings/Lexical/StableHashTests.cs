using Mcip.RagPref.Embeddings.Lexical;

namespace Mcip.RagPref.Tests.Embeddings.Lexical;

public sealed class StableHashTests
{
    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void Append_AsciiText_MatchesPublishedFnv1a64Vectors(string text, ulong expected)
    {
        // For ASCII, folding whole UTF-16 units equals byte-wise FNV-1a, so the published test vectors apply.
        Assert.Equal(expected, StableHash.Append(StableHash.OffsetBasis, text));
    }

    [Fact]
    public void Hash_FixedInput_MatchesIndependentReference()
    {
        // Values from an independent Python implementation (FNV-1a over code units, namespace unit first, fmix64).
        Assert.Equal(0x5f6fd10717e095c5UL, StableHash.Hash(1, "abc"));
        Assert.Equal(0xb456bcfc34c2cb2cUL, StableHash.Finish(1));
        Assert.Equal(0UL, StableHash.Finish(0));
    }

    [Fact]
    public void Bucket_AnyHash_StaysInRange()
    {
        Assert.Equal(0, StableHash.Bucket(0, 2048));
        Assert.Equal(2047, StableHash.Bucket(ulong.MaxValue, 2048));
        Assert.Equal(16, StableHash.Bucket(0x8000_0000UL, 33));
    }
}
