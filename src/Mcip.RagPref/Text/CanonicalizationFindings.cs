namespace Mcip.RagPref.Text;

/// <summary>
/// What canonicalisation found in a text: which obfuscation channels were present, how many characters each
/// involved, and the content the invisible channels carried. A finding is a signal, not a verdict: a flag emoji
/// carries tag characters legitimately (those are recognised and not reported), a right-to-left quote may carry
/// bidi controls.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class CanonicalizationFindings
{
    internal CanonicalizationFindings(
        int invisibleCharacterCount,
        int tagCharacterCount,
        int bidiControlCount,
        int homoglyphCount,
        string hiddenTagText,
        IReadOnlyList<string> decodedBase64)
    {
        InvisibleCharacterCount = invisibleCharacterCount;
        TagCharacterCount = tagCharacterCount;
        BidiControlCount = bidiControlCount;
        HomoglyphCount = homoglyphCount;
        HiddenTagText = hiddenTagText;
        DecodedBase64 = decodedBase64;
        Flags = (invisibleCharacterCount > 0 ? CanonicalizationSignals.InvisibleCharacters : CanonicalizationSignals.None)
            | (tagCharacterCount > 0 ? CanonicalizationSignals.TagCharacters : CanonicalizationSignals.None)
            | (bidiControlCount > 0 ? CanonicalizationSignals.BidiControls : CanonicalizationSignals.None)
            | (homoglyphCount > 0 ? CanonicalizationSignals.Homoglyphs : CanonicalizationSignals.None)
            | (decodedBase64.Count > 0 ? CanonicalizationSignals.Base64Decoded : CanonicalizationSignals.None);
    }

    /// <summary>Gets the findings of a text in which nothing notable was found.</summary>
    public static CanonicalizationFindings None { get; } = new(0, 0, 0, 0, string.Empty, []);

    /// <summary>Gets the channels found, one flag per non-zero count.</summary>
    public CanonicalizationSignals Flags { get; }

    /// <summary>Gets a value indicating whether anything at all was found (<see cref="Flags"/> is not <see cref="CanonicalizationSignals.None"/>).</summary>
    public bool Any => Flags != CanonicalizationSignals.None;

    /// <summary>Gets the number of invisible characters removed.</summary>
    public int InvisibleCharacterCount { get; }

    /// <summary>Gets the number of tag characters found (decoded or dropped), not counting emoji flag sequences.</summary>
    public int TagCharacterCount { get; }

    /// <summary>Gets the number of bidirectional controls removed.</summary>
    public int BidiControlCount { get; }

    /// <summary>Gets the number of look-alike letters folded to Latin.</summary>
    public int HomoglyphCount { get; }

    /// <summary>
    /// Gets the ASCII text hidden in tag characters (several hidden runs separated by one space), or an empty string.
    /// The same text is also part of the canonical text, where it was found.
    /// </summary>
    public string HiddenTagText { get; }

    /// <summary>Gets the canonicalised texts decoded from embedded base64 and appended to the canonical text (empty unless
    /// <see cref="CanonicalizationOptions.DecodeBase64"/> is on).</summary>
    public IReadOnlyList<string> DecodedBase64 { get; }

    /// <inheritdoc />
    public override string ToString() =>
        Any
            ? $"{Flags} (invisible {InvisibleCharacterCount}, tag {TagCharacterCount}, bidi {BidiControlCount}, homoglyph {HomoglyphCount}, base64 {DecodedBase64.Count})"
            : "None";
}
