using System.Globalization;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Embeddings.Lexical;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Models;
using Mcip.RagPref.Text;
using Mcip.RagPref.Embeddings.Tokenization;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Cli;

/// <summary>
/// Opens the embedder and the tokenizer a command's <c>--model</c> option names: a folder holding a BERT-family
/// model (<c>vocab.txt</c>, and <c>model.onnx</c> for embedding); <c>minilm</c> (all-MiniLM-L6-v2 alone, carried by
/// the library); <c>hybrid</c> or <c>hybrid:W</c> (MiniLM plus hashed n-grams at lexical share W); <c>hashed</c>
/// (hashed n-grams alone); or nothing / <c>default</c> for the default guard's embedder. The tokenizer of nothing /
/// <c>minilm</c> is all-MiniLM-L6-v2's.
/// </summary>
internal static class CliEmbedders
{
    /// <summary>The <c>--model</c> value that names the default embedder explicitly.</summary>
    public const string DefaultModelName = "minilm";

    /// <summary>The <c>--model</c> value prefix that names the hybrid embedder (optionally <c>hybrid:W</c>).</summary>
    public const string HybridModelName = "hybrid";

    /// <summary>The <c>--model</c> value that names the hashed n-gram embedder alone.</summary>
    public const string HashedModelName = "hashed";

    /// <summary>Opens the embedder <paramref name="model"/> names; the caller disposes it.</summary>
    /// <param name="model">A BERT-family model folder, <c>minilm</c>, <c>hybrid[:W]</c>, <c>hashed</c>, or <see langword="null"/> / <c>default</c> for the default guard's embedder.</param>
    /// <exception cref="RagPrefException">The folder or its files are missing or invalid, the weight is invalid, or the default embedder is unavailable.</exception>
    public static IEmbeddingGenerator<string, Embedding<float>> Open(string? model)
    {
        if (string.IsNullOrWhiteSpace(model) || string.Equals(model, "default", StringComparison.OrdinalIgnoreCase))
        {
            return RagPrefGuard.CreateDefaultEmbedder(new GuardOptions().LexicalWeight, embedderOptions: null);
        }

        if (IsDefault(model))
        {
            return OpenDefault();
        }

        if (string.Equals(model, HashedModelName, StringComparison.OrdinalIgnoreCase))
        {
            return new HashedNGramEmbeddingGenerator();
        }

        if (model.StartsWith(HybridModelName, StringComparison.OrdinalIgnoreCase))
        {
            return RagPrefGuard.CreateDefaultEmbedder(HybridWeight(model), embedderOptions: null);
        }

        return BertOnnxEmbeddingGenerator.Create(RequireFolder(model!));
    }

    private static double HybridWeight(string model)
    {
        string rest = model[HybridModelName.Length..];
        if (rest.Length == 0)
        {
            double configured = new GuardOptions().LexicalWeight;
            return configured > 0 ? configured : 0.5;
        }

        if (rest[0] == ':' && double.TryParse(rest[1..], NumberStyles.Float, CultureInfo.InvariantCulture, out double weight) && weight > 0 && weight < 1)
        {
            return weight;
        }

        throw new RagPrefException(
            $"--model '{model}' is not a valid hybrid: use 'hybrid' or 'hybrid:W' where W (between 0 and 1 exclusive) is the share of the hashed n-gram part, for example 'hybrid:0.5'.");
    }

    /// <summary>
    /// Opens the embedder <paramref name="model"/> names behind the guard's canonicalisation, as stores for the guard
    /// are built (the fingerprint gains <c>+canon1</c>); the caller disposes it.
    /// </summary>
    /// <param name="model">As for <see cref="Open"/>.</param>
    /// <param name="options">Canonicalisation settings; <see langword="null"/> for the defaults.</param>
    /// <exception cref="RagPrefException">As for <see cref="Open"/>.</exception>
    public static CanonicalizingEmbeddingGenerator OpenCanonical(string? model, CanonicalizationOptions? options = null)
    {
        IEmbeddingGenerator<string, Embedding<float>> inner = Open(model);
        try
        {
            return new CanonicalizingEmbeddingGenerator(inner, options);
        }
        catch
        {
            inner.Dispose();
            throw;
        }
    }

    /// <summary>Opens the tokenizer of the model <paramref name="model"/> names.</summary>
    /// <param name="model">A BERT-family model folder (only its <c>vocab.txt</c>, and <c>tokenizer_config.json</c> when present, are read), or <see langword="null"/> / <c>minilm</c>.</param>
    /// <exception cref="RagPrefException">The folder or its vocabulary is missing or invalid, or the default tokenizer is unavailable.</exception>
    public static CliTokenizer OpenTokenizer(string? model)
    {
        if (IsDefault(model))
        {
            return OpenDefaultTokenizer();
        }

        string folder = RequireFolder(model!);
        string vocabulary = Path.Combine(folder, BertOnnxEmbeddingGenerator.VocabularyFileName);
        if (!File.Exists(vocabulary))
        {
            throw new RagPrefException(
                $"The model folder '{folder}' has no {BertOnnxEmbeddingGenerator.VocabularyFileName}. --model must name a BERT-family model folder "
                + "whose vocab.txt holds the WordPiece vocabulary (one token per line).");
        }

        // Truncation is the caller's choice (--max-length), so lift the tokenizer's default limit.
        WordPieceTokenizer tokenizer = WordPieceTokenizer.Create(vocabulary, new WordPieceTokenizerOptions { MaxLength = int.MaxValue });
        return (text, maxTokens) => tokenizer.EncodeToIds(text, maxTokens);
    }

    private static bool IsDefault(string? model) =>
        string.IsNullOrWhiteSpace(model) || string.Equals(model, DefaultModelName, StringComparison.OrdinalIgnoreCase);

    private static string RequireFolder(string model)
    {
        string folder = Path.GetFullPath(model);
        if (!Directory.Exists(folder))
        {
            throw new RagPrefException(
                $"The model folder '{folder}' (from --model) does not exist. Pass a folder holding vocab.txt and model.onnx of a "
                + $"BERT-family sentence encoder, or omit --model (or pass '{DefaultModelName}') for the default embedder.");
        }

        return folder;
    }

    // all-MiniLM-L6-v2 alone, from the library's own resources.
    private static BertOnnxEmbeddingGenerator OpenDefault() => BertOnnxEmbeddingGenerator.CreateMiniLM();

    /// <summary>
    /// The WordPiece ids all-MiniLM-L6-v2 reads: its vocabulary from the library's own resources, <c>[CLS]</c> and
    /// <c>[SEP]</c> included, truncated to --max-length when given (the embedder itself windows long texts instead).
    /// </summary>
    private static CliTokenizer OpenDefaultTokenizer()
    {
        // Its tokenizer_config.json holds the BERT-uncased defaults (lower case, accents stripped, CJK split), which a
        // vocabulary stream without a configuration gets too.
        WordPieceTokenizer tokenizer;
        using (Stream vocabulary = MiniLmL6V2.OpenFile(MiniLmL6V2.VocabularyFileName))
        {
            tokenizer = WordPieceTokenizer.Create(vocabulary, new WordPieceTokenizerOptions { MaxLength = int.MaxValue });
        }

        return (text, maxTokens) => tokenizer.EncodeToIds(text, maxTokens);
    }
}
