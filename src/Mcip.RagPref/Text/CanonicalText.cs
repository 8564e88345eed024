namespace Mcip.RagPref.Text;

/// <summary>
/// A text after canonicalisation (the form that is embedded) together with what canonicalisation found.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed class CanonicalText
{
    internal CanonicalText(string text, CanonicalizationFindings findings)
    {
        Text = text;
        Findings = findings;
    }

    /// <summary>
    /// Gets the canonical text: NFKC-normalised, invisible characters and bidi controls removed, tag-character text
    /// decoded in place, look-alike letters folded to Latin, whitespace runs collapsed to one space and trimmed,
    /// and (when enabled) decoded base64 appended.
    /// </summary>
    public string Text { get; }

    /// <summary>Gets what canonicalisation found in the original text.</summary>
    public CanonicalizationFindings Findings { get; }

    /// <summary>Returns <see cref="Text"/>.</summary>
    /// <returns>The canonical text.</returns>
    public override string ToString() => Text;
}
