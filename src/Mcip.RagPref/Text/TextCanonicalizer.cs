using System.Buffers;
using System.Text;

namespace Mcip.RagPref.Text;

/// <summary>
/// Turns any text into the canonical form that is embedded, so that obfuscation does not move a request away from
/// its neighbours. Steps, in order:
/// <list type="number">
/// <item>Strip (<see cref="Strip"/>): remove invisible characters (format characters such as zero-width spaces and
/// joiners, soft hyphens, word joiners, BOM; control characters; variation selectors; Hangul fillers) and bidi
/// controls; decode Unicode tag characters to the ASCII they mirror, in place, set apart by spaces (emoji
/// subdivision flags excepted); replace lone surrogates and U+FFFE/U+FFFF with U+FFFD.</item>
/// <item>NFKC normalisation (fullwidth forms, mathematical alphanumerics, ligatures, compatibility spaces).</item>
/// <item>Fold and collapse (<see cref="FoldAndCollapse"/>): fold look-alike letters to Latin (see <see cref="Homoglyphs"/>
/// and the word rule there), collapse every run of whitespace to one space and trim.</item>
/// <item>Optionally, append decoded base64 (<see cref="AppendDecodedBase64"/>).</item>
/// </list>
/// The result is idempotent: canonicalising a canonical text returns it unchanged.
/// </summary>
/// <remarks>Immutable and thread-safe. Pooled scratch buffers; the only allocations in steady state are the result
/// string (none when the text is already canonical) and the result objects.</remarks>
internal sealed partial class TextCanonicalizer
{
    // Printable ASCII and the ASCII whitespace controls: text made only of these needs neither stripping nor NFKC.
    private static readonly SearchValues<char> PlainAscii =
        SearchValues.Create("\t\n\u000B\f\r !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private readonly bool foldHomoglyphs;
    private readonly bool decodeBase64;
    private readonly int minBase64Length;
    private readonly int maxBase64Segments;

    /// <summary>Creates a canonicaliser, copying the option values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public TextCanonicalizer(CanonicalizationOptions? options = null)
    {
        options ??= new CanonicalizationOptions();
        options.Validate();
        foldHomoglyphs = options.FoldHomoglyphs;
        decodeBase64 = options.DecodeBase64;
        minBase64Length = options.MinBase64Length;
        maxBase64Segments = options.MaxBase64Segments;
    }

    /// <summary>Gets a canonicaliser with the default options.</summary>
    public static TextCanonicalizer Default { get; } = new();

    /// <summary>Canonicalises <paramref name="text"/>; never throws for any string content.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public CanonicalText Canonicalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        FindingsAccumulator findings = default;
        string canonical = CanonicalizeCore(text, ref findings);
        if (decodeBase64)
        {
            canonical = AppendDecodedBase64(canonical, ref findings);
        }

        return new CanonicalText(canonical, findings.ToFindings());
    }

    private string CanonicalizeCore(string text, ref FindingsAccumulator findings)
    {
        if (text.Length == 0)
        {
            return text;
        }

        if (!text.AsSpan().ContainsAnyExcept(PlainAscii))
        {
            return FoldAndCollapse(text, text, ref findings);
        }

        char[] stripped = ArrayPool<char>.Shared.Rent(text.Length + (text.Length / 2) + 4);
        char[]? normalized = null;
        try
        {
            int length = Strip(text, stripped, ref findings);
            ReadOnlySpan<char> current = stripped.AsSpan(0, length);
            if (!current.IsNormalized(NormalizationForm.FormKC))
            {
                normalized = ArrayPool<char>.Shared.Rent(current.GetNormalizedLength(NormalizationForm.FormKC));
                current.TryNormalize(normalized, out int written, NormalizationForm.FormKC);

                // NFKC may decompose a character into several marks (U+0F73 into two): cut runs again, so the result stays canonical.
                current = normalized.AsSpan(0, CapMarkRuns(normalized.AsSpan(0, written), ref findings));
            }

            return FoldAndCollapse(text, current, ref findings);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(stripped);
            if (normalized is not null)
            {
                ArrayPool<char>.Shared.Return(normalized);
            }
        }
    }
}
