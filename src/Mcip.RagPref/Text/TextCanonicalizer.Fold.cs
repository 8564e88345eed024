using System.Buffers;
using System.Globalization;
using System.Text;

namespace Mcip.RagPref.Text;

/// <summary>
/// Step 3: look-alike folding and whitespace collapse.
/// </summary>
/// <remarks>
/// The folding rule protects legitimate non-Latin text. A word is a maximal run of letters, marks, digits and
/// connector punctuation; its letters are Latin, look-alikes (non-Latin letters in <see cref="Homoglyphs"/>) or other.
/// <list type="bullet">
/// <item>Latin-script look-alikes (phonetic letters such as U+0251) always fold.</item>
/// <item>A word with Latin letters that outnumber its other non-Latin letters is a Latin word: its look-alikes fold
/// (a mixed-script word such as "раssword" with Cyrillic р and а is a spoof).</item>
/// <item>Any other word with a Latin or other letter (a Russian, Greek or Armenian word with letters that have no Latin
/// twin, or a non-Latin word with a stray Latin letter) is left alone.</item>
/// <item>A word made only of look-alikes is ambiguous (Russian "сор", Greek "και"): it folds unless the nearest
/// unambiguous word before it or after it, anywhere in the text, is non-Latin. So it stays inside Russian or Greek
/// text, folds inside English text, and a text made only of look-alike words folds (real Russian, Greek or Armenian
/// sentences practically always contain letters without Latin twins).</item>
/// </list>
/// All ambiguous words between the same two unambiguous neighbours get the same decision, which keeps the step
/// idempotent.
/// </remarks>
internal sealed partial class TextCanonicalizer
{
    private const byte KindNone = 0;
    private const byte KindLatin = 1;
    private const byte KindForeign = 2;
    private const byte KindAmbiguous = 3;
    private const byte KindAmbiguousFolding = 4;

    private string FoldAndCollapse(string original, ReadOnlySpan<char> text, ref FindingsAccumulator findings)
    {
        char[] buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, text.Length));
        try
        {
            int folded = 0;
            int length = foldHomoglyphs && ContainsFoldable(text)
                ? CollapseAndFold(text, buffer, ref folded)
                : Collapse(text, buffer);
            ReadOnlySpan<char> result = buffer.AsSpan(0, length);
            if (folded > 0)
            {
                findings.Homoglyphs += folded;

                // Folding a letter can make it composable with a following combining mark (Cyrillic е + U+0301 -> é).
                if (!result.IsNormalized(NormalizationForm.FormKC))
                {
                    return result.ToString().Normalize(NormalizationForm.FormKC);
                }
            }

            return result.SequenceEqual(original) ? original : result.ToString();
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static bool ContainsFoldable(ReadOnlySpan<char> text)
    {
        int i = text.IndexOfAnyInRange(Homoglyphs.Min, '\uFFFF');
        if (i < 0)
        {
            return false;
        }

        for (; i < text.Length; i++)
        {
            if (Homoglyphs.Fold(text[i]) != '\0')
            {
                return true;
            }
        }

        return false;
    }

    private static int Collapse(ReadOnlySpan<char> text, Span<char> destination)
    {
        var identity = default(Unchanged);
        return Collapse(text, destination, ref identity);
    }

    private static int CollapseAndFold(ReadOnlySpan<char> text, Span<char> destination, ref int folded)
    {
        int capacity = (text.Length / 2) + 1;
        int[] bounds = ArrayPool<int>.Shared.Rent(capacity * 2);
        byte[] kinds = ArrayPool<byte>.Shared.Rent(capacity);
        try
        {
            int words = FindWords(text, bounds, kinds);
            DecideAmbiguousWords(kinds.AsSpan(0, words));
            var folder = new LookAlikeFolder(bounds, kinds, words);
            int length = Collapse(text, destination, ref folder);
            folded += folder.Folded;
            return length;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(bounds);
            ArrayPool<byte>.Shared.Return(kinds);
        }
    }

    /// <summary>
    /// Copies <paramref name="text"/> with every whitespace run made one space (none at the ends), passing each other
    /// character, with its index, through <paramref name="map"/>: one loop for both the plain and the folding path (a
    /// struct map is specialised by the JIT, so the plain path pays nothing for it).
    /// </summary>
    private static int Collapse<TMap>(ReadOnlySpan<char> text, Span<char> destination, ref TMap map)
        where TMap : struct, ICharMap
    {
        int w = 0;
        bool pendingSpace = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = w > 0;
                continue;
            }

            if (pendingSpace)
            {
                destination[w++] = ' ';
                pendingSpace = false;
            }

            destination[w++] = map.Map(i, c);
        }

        return w;
    }

    /// <summary>Finds the words of <paramref name="text"/>: start and end offsets in <paramref name="bounds"/>, kinds in <paramref name="kinds"/>.</summary>
    private static int FindWords(ReadOnlySpan<char> text, Span<int> bounds, Span<byte> kinds)
    {
        int count = 0;
        int i = 0;
        while (i < text.Length)
        {
            Rune.DecodeFromUtf16(text[i..], out Rune rune, out int consumed);
            if (!IsWordRune(rune))
            {
                i += consumed;
                continue;
            }

            int start = i;
            int latin = 0;
            int lookAlike = 0;
            int other = 0;
            do
            {
                if (Rune.IsLetter(rune))
                {
                    if (Homoglyphs.IsLatinLetter(rune.Value))
                    {
                        latin++;
                    }
                    else if (rune.IsBmp && Homoglyphs.Fold((char)rune.Value) != '\0')
                    {
                        lookAlike++;
                    }
                    else
                    {
                        other++;
                    }
                }

                i += consumed;
                if (i >= text.Length)
                {
                    break;
                }

                Rune.DecodeFromUtf16(text[i..], out rune, out consumed);
            }
            while (IsWordRune(rune));

            bounds[count * 2] = start;
            bounds[(count * 2) + 1] = i;
            kinds[count++] = (latin, lookAlike, other) switch
            {
                _ when latin > other => KindLatin,
                _ when latin > 0 || other > 0 => KindForeign,
                _ when lookAlike > 0 => KindAmbiguous,
                _ => KindNone,
            };
        }

        return count;
    }

    /// <summary>Marks ambiguous words as folding unless the nearest unambiguous word on either side is non-Latin.</summary>
    private static void DecideAmbiguousWords(Span<byte> kinds)
    {
        byte previous = KindNone;
        for (int k = 0; k < kinds.Length; k++)
        {
            switch (kinds[k])
            {
                case KindAmbiguous:
                    kinds[k] = previous == KindForeign ? KindAmbiguous : KindAmbiguousFolding;
                    break;
                case KindLatin or KindForeign:
                    previous = kinds[k];
                    break;
            }
        }

        byte next = KindNone;
        for (int k = kinds.Length - 1; k >= 0; k--)
        {
            switch (kinds[k])
            {
                case KindAmbiguousFolding when next == KindForeign:
                    kinds[k] = KindAmbiguous;
                    break;
                case KindLatin or KindForeign:
                    next = kinds[k];
                    break;
            }
        }
    }

    private static bool IsWordRune(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        <= UnicodeCategory.OtherNumber => true, // letters, marks, numbers
        UnicodeCategory.ConnectorPunctuation => true,
        _ => false,
    };

    /// <summary>Maps the character at an index of the text (called once per non-whitespace character, in index order).</summary>
    private interface ICharMap
    {
        char Map(int index, char c);
    }

    /// <summary>Leaves every character as it is.</summary>
    private struct Unchanged : ICharMap
    {
        public readonly char Map(int index, char c) => c;
    }

    /// <summary>Folds look-alikes by the word rule of this step: always in Latin script, else when the word folds.</summary>
    private struct LookAlikeFolder(int[] bounds, byte[] kinds, int words) : ICharMap
    {
        private int _word;

        public int Folded { get; private set; }

        public char Map(int index, char c)
        {
            while (_word < words && bounds[(_word * 2) + 1] <= index)
            {
                _word++;
            }

            char latin = Homoglyphs.Fold(c);
            if (latin != '\0'
                && (Homoglyphs.IsLatinLetter(c)
                    || (_word < words && bounds[_word * 2] <= index && kinds[_word] is KindLatin or KindAmbiguousFolding)))
            {
                Folded++;
                return latin;
            }

            return c;
        }
    }
}
