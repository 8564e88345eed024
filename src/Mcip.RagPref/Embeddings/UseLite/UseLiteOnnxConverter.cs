namespace Mcip.RagPref.Embeddings.UseLite;

/// <summary>
/// Rebuilds Universal Sentence Encoder Lite as an ONNX graph (opset 17) from the TensorFlow.js weights, and
/// writes it as <c>model.onnx</c> beside them. The computation is the one the TensorFlow.js graph performs
/// (see the remarks); only its input is dense instead of sparse.
/// </summary>
/// <remarks>
/// <para>Input <c>ids</c>: int32 [batch, tokens], SentencePiece ids left-aligned, padded with -1; columns past
/// 128 are ignored (the original graph drops positions ≥ 128). Output <c>embedding</c>: float [batch, 512],
/// unit vectors.</para>
/// <para>Computation: token vectors E[id] (8002 x 256) enter layer 0 as <c>E[id] + (E[id] + P[pos])</c> (the
/// original graph adds the embedding twice), where P is sin and cos of position x a stored frequency row.
/// Two pre-LayerNorm transformer layers follow (epsilon 1e-6): layer 0 maps 256 → 512 with 4 heads of 64
/// and a dense residual projection, layer 1 keeps 512 with 4 heads of 128; both have a ReLU feed-forward
/// 512 → 1536 → 512; attention adds -1e9 on padded keys. Masked mean pooling (divided by max(count, 1)),
/// tanh(x·W + b), and L2 normalisation with a 1e-12 floor on the squared norm finish.</para>
/// <para>A row without any token (all -1) gets the vector the original graph gives such a row:
/// normalize(tanh(b)), since its pooled state is zero.</para>
/// </remarks>
internal static class UseLiteOnnxConverter
{
    /// <summary>Name of the graph input.</summary>
    public const string InputName = "ids";

    /// <summary>Name of the graph output.</summary>
    public const string OutputName = "embedding";

    /// <summary>The token id that marks padding in <see cref="InputName"/>.</summary>
    public const int PaddingId = -1;

    /// <summary>The ONNX operator set the graph uses.</summary>
    public const int Opset = 17;

    /// <summary>Reads the pinned TensorFlow.js files in <paramref name="directory"/> and builds the ONNX model.</summary>
    /// <exception cref="RagPrefException">A file is missing, corrupt, or not the expected model.</exception>
    public static byte[] Convert(string directory)
    {
        TfjsWeights weights = TfjsWeights.Load(directory, UseLiteAssets.ExpectedSha256);
        return Build(weights);
    }

    /// <summary>
    /// Converts the TensorFlow.js files in <paramref name="directory"/> and writes <c>model.onnx</c> there
    /// atomically (a temporary file renamed over the target), so concurrent converters in several threads or
    /// processes never expose a partial file: the last rename wins and all write the same bytes.
    /// </summary>
    /// <returns>The path of the written model.</returns>
    /// <exception cref="RagPrefException">A source file is missing or corrupt, or the model cannot be written.</exception>
    public static string ConvertToFile(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        byte[] model = Convert(directory);
        string target = Path.Combine(directory, UseLiteAssets.OnnxFile);
        string temporary = Path.Combine(directory, $"{UseLiteAssets.OnnxFile}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(model);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
            return target;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RagPrefException($"The converted model could not be written to '{target}' ({ex.Message}). Check that the folder is writable, or point the embedder at a writable copy of the model files.", ex);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Builds the ONNX model from already loaded weights.</summary>
    public static byte[] Build(TfjsWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var graph = new UseLiteGraph(weights);
        return graph.Build();
    }
}
