using System.Security.Cryptography;
using System.Text.Json;

namespace Mcip.RagPref.Embeddings.UseLite;

/// <summary>
/// Reads the weights of a TensorFlow.js graph model: <c>model.json</c>'s <c>weightsManifest</c> and the shard
/// files it names, each checked against a pinned sha256 before use.
/// </summary>
/// <remarks>
/// The manifest lists weight groups; each group's shards, concatenated in order, hold its weights back to
/// back in manifest order, 4 bytes per element (float32 or int32, little-endian). Quantized weights are
/// not supported.
/// </remarks>
internal sealed class TfjsWeights
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly Dictionary<string, TfjsWeight> weights;

    private TfjsWeights(Dictionary<string, TfjsWeight> weights, long totalBytes)
    {
        this.weights = weights;
        TotalBytes = totalBytes;
    }

    /// <summary>Number of weight bytes read.</summary>
    public long TotalBytes { get; }

    /// <summary>Number of weights.</summary>
    public int Count => weights.Count;

    /// <summary>A weight by manifest name.</summary>
    /// <exception cref="RagPrefException">No weight has that name.</exception>
    public TfjsWeight this[string name] =>
        weights.TryGetValue(name, out TfjsWeight? weight)
            ? weight
            : throw new RagPrefException($"The weights manifest has no tensor named '{name}': the model files are not Universal Sentence Encoder Lite 0.2.0. Delete the folder and run './build.sh setup' again.");

    /// <summary>Reads and checks the manifest and shards in <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder holding <c>model.json</c> and the shards.</param>
    /// <param name="expectedSha256">The pinned lower-case hex sha256 of a file name, or <see langword="null"/> when the file is not pinned (it is then refused).</param>
    /// <exception cref="RagPrefException">A file is missing, unpinned, has another hash, or the manifest does not match the shard bytes.</exception>
    public static TfjsWeights Load(string directory, Func<string, string?> expectedSha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(expectedSha256);

        byte[] manifestBytes = ReadChecked(directory, UseLiteAssets.ModelJson, expectedSha256);
        var result = new Dictionary<string, TfjsWeight>(StringComparer.Ordinal);
        long total = 0;
        try
        {
            ReadOnlyMemory<byte> json = manifestBytes.AsSpan().StartsWith(Utf8Bom) ? manifestBytes.AsMemory(Utf8Bom.Length) : manifestBytes;
            using JsonDocument document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("weightsManifest", out JsonElement groups) || groups.ValueKind != JsonValueKind.Array)
            {
                throw Malformed(directory, "it has no 'weightsManifest' array");
            }

            foreach (JsonElement group in groups.EnumerateArray())
            {
                total += ReadGroup(directory, group, expectedSha256, result);
            }
        }
        catch (JsonException ex)
        {
            throw new RagPrefException($"'{Path.Combine(directory, UseLiteAssets.ModelJson)}' is not valid JSON ({ex.Message}). Delete the folder and run './build.sh setup' again.", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw Malformed(directory, ex.Message);
        }

        return new TfjsWeights(result, total);
    }

    private static long ReadGroup(string directory, JsonElement group, Func<string, string?> expectedSha256, Dictionary<string, TfjsWeight> result)
    {
        using var buffer = new MemoryStream();
        foreach (JsonElement path in group.GetProperty("paths").EnumerateArray())
        {
            string fileName = path.GetString() ?? string.Empty;
            if (fileName.Length == 0 || !string.Equals(Path.GetFileName(fileName), fileName, StringComparison.Ordinal))
            {
                throw Malformed(directory, $"the shard path '{fileName}' is not a plain file name");
            }

            buffer.Write(ReadChecked(directory, fileName, expectedSha256));
        }

        byte[] bytes = buffer.ToArray();
        int offset = 0;
        foreach (JsonElement weight in group.GetProperty("weights").EnumerateArray())
        {
            string name = weight.GetProperty("name").GetString() ?? string.Empty;
            if (weight.TryGetProperty("quantization", out _))
            {
                throw Malformed(directory, $"weight '{name}' is quantized, which this reader does not support");
            }

            TfjsDataType dataType = weight.GetProperty("dtype").GetString() switch
            {
                "float32" => TfjsDataType.Float32,
                "int32" => TfjsDataType.Int32,
                string other => throw Malformed(directory, $"weight '{name}' has dtype '{other}' (only float32 and int32 are supported)"),
                null => throw Malformed(directory, $"weight '{name}' has no dtype"),
            };

            var shape = new List<long>();
            long elements = 1;
            foreach (JsonElement dim in weight.GetProperty("shape").EnumerateArray())
            {
                long value = dim.GetInt64();
                if (value < 0)
                {
                    throw Malformed(directory, $"weight '{name}' has a negative dimension");
                }

                shape.Add(value);
                elements *= value;
            }

            long size = elements * 4;
            if (offset + size > bytes.Length)
            {
                throw new RagPrefException(
                    $"The weight shards in '{directory}' hold {bytes.Length} bytes but the manifest needs at least {offset + size} (weight '{name}'): a shard is truncated. "
                    + "Delete the folder and run './build.sh setup' again.");
            }

            if (!result.TryAdd(name, new TfjsWeight(name, dataType, [.. shape], bytes.AsMemory(offset, (int)size))))
            {
                throw Malformed(directory, $"weight '{name}' is listed twice");
            }

            offset += (int)size;
        }

        if (offset != bytes.Length)
        {
            throw new RagPrefException(
                $"The weight shards in '{directory}' hold {bytes.Length} bytes but the manifest reads {offset}: the shards do not belong to this manifest. "
                + "Delete the folder and run './build.sh setup' again.");
        }

        return offset;
    }

    private static byte[] ReadChecked(string directory, string fileName, Func<string, string?> expectedSha256)
    {
        string path = Path.Combine(directory, fileName);
        string? expected = expectedSha256(fileName);
        if (expected is null)
        {
            throw new RagPrefException($"'{path}' is not one of the pinned model files, so it cannot be trusted: the model folder does not hold Universal Sentence Encoder Lite 0.2.0. Run './build.sh setup' to fetch the pinned files.");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new RagPrefException($"The model file '{path}' is missing. Run './build.sh setup' (or 'ragpref setup' after fetching the assets) to fetch it into the cache.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RagPrefException($"The model file '{path}' cannot be read ({ex.Message}). Check its permissions, or delete the folder and run './build.sh setup' again.", ex);
        }

        string actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new RagPrefException(
                $"The model file '{path}' has sha256 {actual} ({bytes.Length} bytes) where {expected} was expected: it is corrupt, truncated or a different version. "
                + "Delete it and run './build.sh setup' to fetch it again.");
        }

        return bytes;
    }

    private static RagPrefException Malformed(string directory, string problem)
        => new($"The weights manifest '{Path.Combine(directory, UseLiteAssets.ModelJson)}' is not in the expected TensorFlow.js format: {problem}. Delete the folder and run './build.sh setup' again.");
}
