namespace Mcip.RagPref.Text;

/// <summary>
/// Options of the canonicalisation every text goes through before it is embedded. NFKC normalisation, removal of
/// invisible characters and bidi controls, decoding of tag characters and whitespace collapse always apply; the
/// options switch the steps that can change legitimate text.
/// </summary>
/// <remarks>Values are read when a canonicaliser is created; an instance is not synchronised for concurrent writes.</remarks>
public sealed class CanonicalizationOptions
{
    /// <summary>
    /// Gets or sets a value indicating whether look-alike Cyrillic, Greek, Armenian and phonetic letters are folded to
    /// the Latin letters they imitate. Default <see langword="true"/>. Legitimate non-Latin words are kept: a letter is
    /// folded only inside a word that is mostly Latin, or in a word made only of look-alikes whose nearest
    /// unambiguous neighbours are not in a non-Latin script.
    /// </summary>
    public bool FoldHomoglyphs { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether embedded base64 runs that decode to readable UTF-8 text are decoded,
    /// canonicalised and appended to the canonical text (so that both the encoded and the decoded form are embedded).
    /// Default <see langword="false"/>.
    /// </summary>
    public bool DecodeBase64 { get; set; }

    /// <summary>Gets or sets the shortest run of base64 characters considered for decoding. Default 16; at least 8.</summary>
    public int MinBase64Length { get; set; } = 16;

    /// <summary>Gets or sets the most decoded base64 segments appended to one text (nested encodings included). Default 16; at least 1.</summary>
    public int MaxBase64Segments { get; set; } = 16;

    /// <summary>Returns a copy of these settings.</summary>
    /// <returns>A new instance with the same values.</returns>
    public CanonicalizationOptions Clone() => (CanonicalizationOptions)MemberwiseClone();

    /// <summary>
    /// A short stable description of the settings that differ from the defaults (empty when none do), recorded in the
    /// fingerprint of a <c>CanonicalizingEmbeddingGenerator</c> so that a store built with other settings is refused.
    /// </summary>
    internal string Describe()
    {
        var parts = new List<string>(2);
        if (!FoldHomoglyphs)
        {
            parts.Add("nofold");
        }

        if (DecodeBase64)
        {
            parts.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"b64:{MinBase64Length}/{MaxBase64Segments}"));
        }

        return string.Join(",", parts);
    }

    /// <summary>Whether <paramref name="other"/> canonicalises exactly as these settings do.</summary>
    internal bool SameAs(CanonicalizationOptions other) =>
        FoldHomoglyphs == other.FoldHomoglyphs
        && DecodeBase64 == other.DecodeBase64
        && (!DecodeBase64 || (MinBase64Length == other.MinBase64Length && MaxBase64Segments == other.MaxBase64Segments));

    internal void Validate()
    {
        if (MinBase64Length < 8)
        {
            throw new ArgumentOutOfRangeException(nameof(MinBase64Length), MinBase64Length, "The shortest base64 run must be at least 8 characters.");
        }

        if (MaxBase64Segments < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBase64Segments), MaxBase64Segments, "At least one base64 segment must be allowed.");
        }
    }
}
