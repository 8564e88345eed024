using System.Text;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Tests.Text;

public sealed class TextWindowsTests
{
    [Fact]
    public void Split_ShortText_ReturnsOneWholeWindow()
    {
        IReadOnlyList<TextWindow> windows = TextWindows.Split("short text");

        TextWindow window = Assert.Single(windows);
        Assert.Equal(new TextWindow(0, 10, "short text"), window);
    }

    [Fact]
    public void Split_EmptyText_ReturnsOneEmptyWindow()
    {
        Assert.Equal(new TextWindow(0, 0, string.Empty), Assert.Single(TextWindows.Split(string.Empty)));
    }

    [Fact]
    public void Split_Words_WindowsEndAndStartOnWordBoundaries()
    {
        string text = string.Join(' ', Enumerable.Range(0, 200).Select(i => "word" + i));

        IReadOnlyList<TextWindow> windows = TextWindows.Split(text, new TextWindowOptions { Size = 64, Overlap = 16 });

        Assert.True(windows.Count > 1);
        foreach (TextWindow w in windows)
        {
            Assert.True(w.Start == 0 || text[w.Start - 1] == ' ', $"window at {w.Start} starts mid-word");
            Assert.True(w.End == text.Length || text[w.End] == ' ', $"window ending at {w.End} ends mid-word");
            Assert.True(w.Length <= 64);
        }

        for (int i = 1; i < windows.Count; i++)
        {
            Assert.True(windows[i].Start < windows[i - 1].End, "consecutive windows should overlap");
        }
    }

    [Fact]
    public void Split_OneHugeWord_HardCutsWithoutLosingCharacters()
    {
        string text = new('x', 1000);

        IReadOnlyList<TextWindow> windows = TextWindows.Split(text, new TextWindowOptions { Size = 100, Overlap = 10 });

        Assert.All(windows, w => Assert.Equal(100, w.Length));
        AssertCovers(text, windows);
    }

    [Fact]
    public void Split_SurrogatePairsAtCut_NeverSplitsAPair()
    {
        string text = string.Concat(Enumerable.Repeat("\U0001F600", 300));

        IReadOnlyList<TextWindow> windows = TextWindows.Split(text, new TextWindowOptions { Size = 33, Overlap = 5 });

        foreach (TextWindow w in windows)
        {
            Assert.False(char.IsLowSurrogate(text[w.Start]));
            Assert.False(char.IsHighSurrogate(text[w.End - 1]));
        }

        AssertCovers(text, windows);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(10, 10)]
    [InlineData(10, -1)]
    public void Split_InvalidOptions_Throws(int size, int overlap)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TextWindows.Split("text", new TextWindowOptions { Size = size, Overlap = overlap }));
    }

    [Fact]
    public void Split_RandomTextsAndOptions_CoverEveryCharacterWithinSize()
    {
        Random random = new(20240611);
        string[] pieces = ["a", "bb", "word", "longerword", " ", "  ", "\n", "\t", "\U0001F600", "é", "x\u0301"];
        for (int trial = 0; trial < 400; trial++)
        {
            StringBuilder builder = new();
            int target = random.Next(0, 2000);
            while (builder.Length < target)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }

            string text = builder.ToString();
            int size = random.Next(2, 300);
            int overlap = random.Next(0, size);
            IReadOnlyList<TextWindow> windows = TextWindows.Split(text, new TextWindowOptions { Size = size, Overlap = overlap });

            for (int i = 0; i < windows.Count; i++)
            {
                TextWindow w = windows[i];
                Assert.InRange(w.Length, 0, size);
                Assert.Equal(text.Substring(w.Start, w.Length), w.Text);
                if (i > 0)
                {
                    Assert.True(w.Start > windows[i - 1].Start);
                }
            }

            AssertCovers(text, windows);
        }
    }

    private static void AssertCovers(string text, IReadOnlyList<TextWindow> windows)
    {
        bool[] covered = new bool[text.Length];
        foreach (TextWindow w in windows)
        {
            Array.Fill(covered, true, w.Start, w.Length);
        }

        for (int i = 0; i < text.Length; i++)
        {
            Assert.True(covered[i] || char.IsWhiteSpace(text[i]), $"character {i} ('{text[i]}') is in no window");
        }
    }
}
