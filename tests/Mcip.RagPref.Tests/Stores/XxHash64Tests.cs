using System.Text;
using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Tests.Stores;

public sealed class XxHash64Tests
{
    // Published XXH64 test vectors (seed 0 unless stated).
    [Theory]
    [InlineData("", 0UL, 0xEF46DB3751D8E999UL)]
    [InlineData("a", 0UL, 0xD24EC4F1A98C6E5BUL)]
    [InlineData("abc", 0UL, 0x44BC2CF5AD770999UL)]
    [InlineData("Hello, World!", 0UL, 0xC49AACF8080FE47FUL)]
    [InlineData("Hello, World!", 42UL, 0xC2E0FE28B2512846UL)]
    [InlineData("1234567890123456789012345678901", 0UL, 0x8F367CB873A5376EUL)]
    [InlineData("12345678901234567890123456789012", 0UL, 0x40FD1AA52D98274CUL)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0UL, 0x0B242D361FDA71BCUL)]
    [InlineData("Nobody inspects the spammish repetition", 123UL, 0xA8BA45551F24B7AEUL)]
    public void GetDigest_PublishedVector_Matches(string text, ulong seed, ulong expected)
    {
        var hash = new XxHash64(seed);
        hash.Append(Encoding.ASCII.GetBytes(text));

        Assert.Equal(expected, hash.GetDigest());
    }

    [Fact]
    public void Append_AnySplit_EqualsOneCall()
    {
        byte[] data = new byte[300];
        new Random(7).NextBytes(data);
        foreach (int length in new[] { 0, 5, 31, 32, 33, 64, 95, 300 })
        {
            ulong whole = XxHash64.Hash(data.AsSpan(0, length));
            foreach (int step in new[] { 1, 3, 7, 31, 32, 33 })
            {
                var hash = new XxHash64(0);
                for (int offset = 0; offset < length; offset += step)
                {
                    hash.Append(data.AsSpan(offset, Math.Min(step, length - offset)));
                }

                Assert.Equal(whole, hash.GetDigest());
            }
        }
    }
}
