using System.Text;

namespace Mcip.RagPref.Text;

/// <summary>Mutable counters <see cref="TextCanonicalizer"/> fills during one call; turned into <see cref="CanonicalizationFindings"/> at the end.</summary>
internal struct FindingsAccumulator
{
    public int Invisible;
    public int Tags;
    public int Bidi;
    public int Homoglyphs;
    private StringBuilder? hiddenTagText;
    private List<string>? decodedBase64;

    public readonly int DecodedCount => decodedBase64?.Count ?? 0;

    public void AddHiddenTagText(ReadOnlySpan<char> decoded)
    {
        hiddenTagText ??= new StringBuilder(decoded.Length);
        if (hiddenTagText.Length > 0)
        {
            hiddenTagText.Append(' ');
        }

        hiddenTagText.Append(decoded);
    }

    public void AddDecodedBase64(string decoded) => (decodedBase64 ??= []).Add(decoded);

    /// <summary>Adds the counts and hidden texts found in a nested text (decoded base64) to this one.</summary>
    public void Merge(in FindingsAccumulator other)
    {
        Invisible += other.Invisible;
        Tags += other.Tags;
        Bidi += other.Bidi;
        Homoglyphs += other.Homoglyphs;
        if (other.hiddenTagText is { Length: > 0 } hidden)
        {
            AddHiddenTagText(hidden.ToString());
        }
    }

    public readonly CanonicalizationFindings ToFindings() =>
        Invisible == 0 && Tags == 0 && Bidi == 0 && Homoglyphs == 0 && decodedBase64 is null
            ? CanonicalizationFindings.None
            : new CanonicalizationFindings(
                Invisible,
                Tags,
                Bidi,
                Homoglyphs,
                hiddenTagText?.ToString() ?? string.Empty,
                decodedBase64 is null ? [] : decodedBase64.ToArray());
}
