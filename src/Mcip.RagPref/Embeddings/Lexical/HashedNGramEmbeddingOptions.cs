using System.Globalization;
using System.Text;

namespace Mcip.RagPref.Embeddings.Lexical;

/// <summary>
/// Options of a <see cref="HashedNGramEmbeddingGenerator"/>. Every option changes the embedding space, so every one
/// is part of the model id (see <see cref="ModelId"/>); a store built with one setting refuses queries from another.
/// Immutable; one instance may serve many generators.
/// </summary>
public sealed class HashedNGramEmbeddingOptions
{
    /// <summary>The version of the feature extraction and hashing, the first part of every model id.</summary>
    public const string ModelVersion = "hashed-ngrams-v1";

    /// <summary>Gets the shared instance holding every default.</summary>
    public static HashedNGramEmbeddingOptions Default { get; } = new();

    /// <summary>
    /// Gets the vector length (number of hash buckets). Default 2048, between 16 and 1,048,576. With signed hashing
    /// two unrelated texts of about 1,000 distinct features each get a cosine of about ±1/sqrt(2048) ≈ ±0.02 from
    /// collisions alone; halving the length costs about 1.4x that noise, doubling it doubles the scan cost of a store.
    /// </summary>
    public int Dimensions { get; init; } = 2048;

    /// <summary>Gets the shortest character n-gram. Default 3; between 1 and 16.</summary>
    public int MinCharNGram { get; init; } = 3;

    /// <summary>Gets the longest character n-gram. Default 5; between <see cref="MinCharNGram"/> and 16.</summary>
    public int MaxCharNGram { get; init; } = 5;

    /// <summary>Gets the shortest word n-gram. Default 1 (single words); between 1 and 4.</summary>
    public int MinWordNGram { get; init; } = 1;

    /// <summary>Gets the longest word n-gram. Default 2 (pairs of adjacent words); between <see cref="MinWordNGram"/> and 4.</summary>
    public int MaxWordNGram { get; init; } = 2;

    /// <summary>
    /// Gets the weight of the character n-gram part. Default 1. Finite and non-negative; 0 leaves the part out.
    /// When both parts have features, the cosine of two vectors is close to
    /// <c>(CharWeight * cos_char + WordWeight * cos_word) / (CharWeight + WordWeight)</c> (up to hash collisions).
    /// </summary>
    public double CharWeight { get; init; } = 1.0;

    /// <summary>Gets the weight of the word n-gram part. Default 1. Finite and non-negative; 0 leaves the part out.</summary>
    public double WordWeight { get; init; } = 1.0;

    /// <summary>
    /// Gets the model id naming this configuration, for example <c>hashed-ngrams-v1-d2048-c3-5-w1-2</c>; a suffix
    /// <c>-cw{share}</c> gives the character part's share of the weight when it is not one half.
    /// </summary>
    public string ModelId
    {
        get
        {
            var id = new StringBuilder(ModelVersion);
            id.Append(CultureInfo.InvariantCulture, $"-d{Dimensions}-c{MinCharNGram}-{MaxCharNGram}-w{MinWordNGram}-{MaxWordNGram}");
            double charShare = CharWeight / (CharWeight + WordWeight);
            if (charShare != 0.5)
            {
                id.Append(CultureInfo.InvariantCulture, $"-cw{charShare:R}");
            }

            return id.ToString();
        }
    }

    /// <summary>Throws one exception listing every invalid option.</summary>
    /// <exception cref="ArgumentException">At least one option is out of range.</exception>
    internal void Validate(string paramName)
    {
        var problems = new List<string>();
        Check(Dimensions is >= 16 and <= 1 << 20, $"Dimensions must be between 16 and 1048576, but is {Dimensions}.");
        Check(MinCharNGram is >= 1 and <= 16, $"MinCharNGram must be between 1 and 16, but is {MinCharNGram}.");
        Check(MaxCharNGram >= MinCharNGram && MaxCharNGram <= 16, $"MaxCharNGram must be between MinCharNGram ({MinCharNGram}) and 16, but is {MaxCharNGram}.");
        Check(MinWordNGram is >= 1 and <= 4, $"MinWordNGram must be between 1 and 4, but is {MinWordNGram}.");
        Check(MaxWordNGram >= MinWordNGram && MaxWordNGram <= 4, $"MaxWordNGram must be between MinWordNGram ({MinWordNGram}) and 4, but is {MaxWordNGram}.");
        Check(double.IsFinite(CharWeight) && CharWeight >= 0, $"CharWeight must be finite and non-negative, but is {CharWeight}.");
        Check(double.IsFinite(WordWeight) && WordWeight >= 0, $"WordWeight must be finite and non-negative, but is {WordWeight}.");
        Check(CharWeight + WordWeight > 0, "CharWeight and WordWeight cannot both be 0: at least one part must be used.");
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid hashed n-gram embedding options: " + string.Join(" ", problems), paramName);
        }

        void Check(bool valid, string problem)
        {
            if (!valid)
            {
                problems.Add(problem);
            }
        }
    }
}
