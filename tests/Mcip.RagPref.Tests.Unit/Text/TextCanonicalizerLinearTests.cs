using System.Diagnostics;
using System.Globalization;
using System.Text;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Tests.Text;

/// <summary>Canonicalisation is linear in the text length, also on runs of combining marks that NFKC would reorder.</summary>
public sealed class TextCanonicalizerLinearTests
{
    /// <summary>Two (or more) kinds of combining marks of different classes, alternating, so that reordering them is quadratic.</summary>
    public static TheoryData<string, string> MarkRuns() => new()
    {
        { "acute+below", "\u0301\u0316" },
        { "through invisible separators", "\u0301\u200B\u0316\u2060" },
        { "supplementary marks", "\U0001D165\u0301" },
        { "half-width sound marks", "\uFF9E\u0301" },
        { "after a letter", "a\u0301\u0316\u0301\u0316\u0301\u0316\u0301\u0316\u0301\u0316\u0301\u0316\u0301\u0316\u0301\u0316\u0301\u0316\u0301\u0316\u0301\u0316\u0301\u0316\u0301\u0316\u0301\u0316\u0301\u0316\u0301\u0316\u0301\u0316" },
    };

    [Theory]
    [MemberData(nameof(MarkRuns))]
    public void Canonicalize_160KCharactersOfAlternatingMarks_TakesWellUnderASecond(string name, string unit)
    {
        string text = "x" + string.Concat(Enumerable.Repeat(unit, 160_000 / unit.Length));
        TextCanonicalizer.Default.Canonicalize("warm up \u0301");
        var watch = Stopwatch.StartNew();

        CanonicalText canonical = TextCanonicalizer.Default.Canonicalize(text);

        watch.Stop();
        // Quadratic reordering took 4.7 s at 80K characters; linear work takes milliseconds.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"{name}: {watch.Elapsed}");
        Assert.True(LongestMarkRun(canonical.Text) <= TextCanonicalizer.MaxCombiningRun + 2, name);
        Assert.Equal(canonical.Text, TextCanonicalizer.Default.Canonicalize(canonical.Text).Text);
    }

    [Fact]
    public void Canonicalize_ShortMarkRuns_AreKept()
    {
        // Vietnamese and other scripts stack two or three marks; nothing under the limit is dropped.
        const string Text = "Tie\u0302\u0301ng Vie\u0323\u0302t a\u0300\u0301\u0302\u0303";

        CanonicalText canonical = TextCanonicalizer.Default.Canonicalize(Text);

        Assert.Equal(Text.Normalize(NormalizationForm.FormKC), canonical.Text);
        Assert.Equal(0, canonical.Findings.InvisibleCharacterCount);
    }

    [Fact]
    public void Canonicalize_MarkRunAboveTheLimit_IsCutAndCounted()
    {
        string text = "a" + new string('\u0301', 100) + " b";

        CanonicalText canonical = TextCanonicalizer.Default.Canonicalize(text);

        Assert.Equal(100 - TextCanonicalizer.MaxCombiningRun, canonical.Findings.InvisibleCharacterCount);
        Assert.StartsWith("\u00E1", canonical.Text, StringComparison.Ordinal);
        Assert.EndsWith(" b", canonical.Text, StringComparison.Ordinal);
    }

    private static int LongestMarkRun(string text)
    {
        int longest = 0, run = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            bool mark = Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
            run = mark ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }
}
