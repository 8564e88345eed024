using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Tests.Stores;

public sealed class CharacterChunkerTests
{
    [Fact]
    public void Split_TextNoLongerThanSize_OneWindow()
    {
        var windows = new List<(int Start, int Length)>();

        CharacterChunker.Split(new string('a', 256), 256, 10, windows);

        Assert.Equal([(0, 256)], windows);
    }

    [Fact]
    public void Split_LongText_WindowsOfSizeOverlappingByOverlap()
    {
        var windows = new List<(int Start, int Length)>();

        CharacterChunker.Split(new string('a', 600), 256, 10, windows);

        Assert.Equal([(0, 256), (246, 256), (492, 108)], windows);
    }

    [Fact]
    public void Split_ChunkingOff_OneWindow()
    {
        var windows = new List<(int Start, int Length)>();

        CharacterChunker.Split(new string('a', 1000), 0, 0, windows);

        Assert.Equal([(0, 1000)], windows);
    }

    [Fact]
    public void Split_EverySizeAndOverlap_CoversTextWithoutSplittingSurrogates()
    {
        string text = string.Concat(Enumerable.Range(0, 40).Select(i => i % 3 == 0 ? "\U0001F600" : "ab"));
        var windows = new List<(int Start, int Length)>();
        for (int size = 2; size <= 12; size++)
        {
            for (int overlap = 0; overlap < size; overlap++)
            {
                windows.Clear();
                CharacterChunker.Split(text, size, overlap, windows);

                Assert.Equal(0, windows[0].Start);
                Assert.Equal(text.Length, windows[^1].Start + windows[^1].Length);
                for (int i = 0; i < windows.Count; i++)
                {
                    (int start, int length) = windows[i];
                    Assert.InRange(length, 1, size);
                    Assert.False(char.IsLowSurrogate(text[start]), $"window {i} starts inside a surrogate pair (size {size}, overlap {overlap})");
                    Assert.False(char.IsHighSurrogate(text[start + length - 1]), $"window {i} ends inside a surrogate pair (size {size}, overlap {overlap})");
                    if (i > 0)
                    {
                        int previousEnd = windows[i - 1].Start + windows[i - 1].Length;
                        Assert.True(start > windows[i - 1].Start && start <= previousEnd, $"window {i} leaves a gap or does not advance (size {size}, overlap {overlap})");
                    }
                }
            }
        }
    }
}
