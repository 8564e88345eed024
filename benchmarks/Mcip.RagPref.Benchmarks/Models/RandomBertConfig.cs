using System.Globalization;

namespace Mcip.RagPref.Benchmarks.Models;

/// <summary>The shape and seed of a BERT encoder with random weights (see <see cref="RandomBertModel"/>).</summary>
/// <param name="Layers">Transformer layers.</param>
/// <param name="Hidden">Hidden width.</param>
/// <param name="Heads">Attention heads (must divide <paramref name="Hidden"/>).</param>
/// <param name="Intermediate">Feed-forward width.</param>
/// <param name="VocabularySize">Rows of the word embedding table.</param>
/// <param name="MaxPositions">Rows of the position embedding table (the longest sequence the model accepts).</param>
/// <param name="Seed">Seed of the weight generator: equal configurations give equal files.</param>
public sealed record RandomBertConfig(int Layers, int Hidden, int Heads, int Intermediate, int VocabularySize, int MaxPositions, int Seed = 20240607)
{
    /// <summary>The shape of all-MiniLM-L6-v2: 6 layers, hidden 384, 12 heads, FFN 1536, vocabulary 30522, 512 positions.</summary>
    public static RandomBertConfig MiniLmL6 { get; } = new(6, 384, 12, 1536, 30522, 512);

    /// <summary>Rows of the token-type embedding table (BERT uses 2).</summary>
    public int TypeVocabularySize => 2;

    /// <summary>A file name that identifies the configuration and the generator version.</summary>
    public string FileName => string.Create(CultureInfo.InvariantCulture,
        $"random-bert-v{RandomBertModel.GeneratorVersion}-L{Layers}-H{Hidden}-A{Heads}-I{Intermediate}-V{VocabularySize}-P{MaxPositions}-s{Seed}.onnx");

    /// <summary>Throws when the shape is inconsistent.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Layers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Hidden);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Heads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Intermediate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(VocabularySize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxPositions);
        if (Hidden % Heads != 0)
        {
            throw new ArgumentException($"Hidden ({Hidden}) must be a multiple of Heads ({Heads}).");
        }
    }
}
