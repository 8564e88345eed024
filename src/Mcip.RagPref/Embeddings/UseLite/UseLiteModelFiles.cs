using System.Security.Cryptography;

namespace Mcip.RagPref.Embeddings.UseLite;

/// <summary>
/// Locates the Universal Sentence Encoder Lite files in a model folder and creates <c>model.onnx</c> from
/// the TensorFlow.js files when it is missing.
/// </summary>
/// <remarks>
/// Thread-safe: conversions in one process are serialised; across processes each converter writes a
/// temporary file and renames it, so readers only ever see a complete model.
/// </remarks>
internal static class UseLiteModelFiles
{
    private static readonly Lock ConversionLock = new();

    /// <summary>What <see cref="EnsureOnnx"/> found or did.</summary>
    public enum Outcome
    {
        /// <summary><c>model.onnx</c> was already there.</summary>
        Present,

        /// <summary><c>model.onnx</c> was created from the TensorFlow.js files.</summary>
        Converted,
    }

    /// <summary>Returns the path of <c>model.onnx</c> in <paramref name="directory"/>, converting it first when missing.</summary>
    /// <param name="directory">The model folder.</param>
    /// <param name="convertIfMissing">Whether a missing model may be converted (otherwise it is an error).</param>
    /// <param name="outcome">Whether the model was present or converted.</param>
    /// <exception cref="RagPrefException">Neither the model nor the files to convert it from are there, or the conversion failed.</exception>
    public static string EnsureOnnx(string directory, bool convertIfMissing, out Outcome outcome)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string onnx = Path.Combine(directory, UseLiteAssets.OnnxFile);
        outcome = Outcome.Present;
        if (File.Exists(onnx))
        {
            return onnx;
        }

        if (!File.Exists(Path.Combine(directory, UseLiteAssets.ModelJson)))
        {
            throw new RagPrefException(
                $"Universal Sentence Encoder Lite was not found in '{directory}': expected {UseLiteAssets.OnnxFile}, or the TensorFlow.js files "
                + $"({UseLiteAssets.ModelJson}, {UseLiteAssets.VocabJson}, group1-shard1of7..7of7) to convert it from. "
                + "Run './build.sh setup' to fetch them into the cache, or point the ModelDirectory option at a folder that holds them.");
        }

        if (!convertIfMissing)
        {
            throw new RagPrefException(
                $"'{onnx}' is missing and conversion is turned off. Run 'ragpref setup' (or './build.sh setup') to convert the TensorFlow.js files once, "
                + "or allow conversion with UniversalSentenceEncoderLiteOptions.ConvertIfMissing.");
        }

        lock (ConversionLock)
        {
            if (File.Exists(onnx))
            {
                return onnx;
            }

            string written = UseLiteOnnxConverter.ConvertToFile(directory);
            outcome = Outcome.Converted;
            return written;
        }
    }

    /// <summary>Returns the path of <c>vocab.json</c> after checking its pinned sha256.</summary>
    /// <exception cref="RagPrefException">The vocabulary is missing or is not the pinned file.</exception>
    public static string CheckedVocabulary(string directory)
    {
        string path = Path.Combine(directory, UseLiteAssets.VocabJson);
        if (!File.Exists(path))
        {
            throw new RagPrefException(
                $"The SentencePiece vocabulary '{path}' is missing: Universal Sentence Encoder Lite needs it to turn text into token ids. "
                + "Run './build.sh setup' to fetch it into the cache.");
        }

        string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        string expected = UseLiteAssets.ExpectedSha256(UseLiteAssets.VocabJson)!;
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new RagPrefException(
                $"The SentencePiece vocabulary '{path}' has sha256 {actual} where {expected} was expected: it is corrupt or belongs to another model, "
                + "so token ids would not match the weights. Delete it and run './build.sh setup' again.");
        }

        return path;
    }
}
