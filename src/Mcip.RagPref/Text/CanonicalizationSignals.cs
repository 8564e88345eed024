namespace Mcip.RagPref.Text;

/// <summary>What canonicalisation found and changed in a text (see <see cref="CanonicalizationFindings"/>).</summary>
[Flags]
public enum CanonicalizationSignals
{
    /// <summary>Nothing notable: the text had no invisible characters, hidden tag text, bidi controls, look-alikes or decoded base64.</summary>
    None = 0,

    /// <summary>Invisible characters were removed: zero-width and other format characters, control characters,
    /// variation selectors, soft hyphens, Hangul fillers.</summary>
    InvisibleCharacters = 1,

    /// <summary>Unicode tag characters (U+E0000 to U+E007F) were found; the ASCII they mirror was decoded into the text.</summary>
    TagCharacters = 2,

    /// <summary>Bidirectional controls (embeddings, overrides, isolates, marks) were removed.</summary>
    BidiControls = 4,

    /// <summary>Look-alike letters from other scripts were folded to Latin.</summary>
    Homoglyphs = 8,

    /// <summary>Embedded base64 decoded to readable text, which was appended to the canonical text.</summary>
    Base64Decoded = 16,
}
