using System.Buffers;
using Mcip.RagPref.Embeddings.UseLite;
using Mcip.RagPref.Onnx;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Embeddings;

/// <content>Embedding generation: tokenize, group by length, pad, run, unpack.</content>
public sealed partial class UniversalSentenceEncoderLite
{
    /// <summary>Embeds every text, in order.</summary>
    /// <param name="values">The texts; none may be <see langword="null"/>. Empty texts are allowed (see the remarks on the class).</param>
    /// <param name="options">Generation options; <see cref="EmbeddingGenerationOptions.Dimensions"/> may be <see langword="null"/> or 512.</param>
    /// <param name="cancellationToken">Observed before each batch.</param>
    /// <returns>One 512-dimensional unit vector per text, with the token count in <see cref="GeneratedEmbeddings{TEmbedding}.Usage"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> or one of its texts is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Other dimensions than 512 were requested.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The embedder was disposed.</exception>
    /// <exception cref="RagPrefException">ONNX Runtime failed.</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (options?.Dimensions is int requested && requested != UseLiteAssets.Dimensions)
        {
            throw new ArgumentException($"Universal Sentence Encoder Lite produces {UseLiteAssets.Dimensions} dimensions; {requested} were requested.", nameof(options));
        }

        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<string> texts = values as IReadOnlyList<string> ?? [.. values];
        int count = texts.Count;
        int[][] ids = new int[count][];
        int[] order = new int[count];
        long[] keys = new long[count];
        long tokens = 0;
        for (int i = 0; i < count; i++)
        {
            string text = texts[i] ?? throw new ArgumentNullException(nameof(values), $"The text at index {i} is null.");
            ids[i] = Tokenize(text);
            tokens += ids[i].Length;
            order[i] = i;
            keys[i] = ((long)ids[i].Length << 32) | (uint)i;
        }

        // Similar lengths share a batch, so little padding is computed; ties keep input order.
        Array.Sort(keys, order);

        var embeddings = new Embedding<float>[count];
        for (int start = 0; start < count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int rows = Math.Min(batchSize, count - start);
            RunBatch(ids, order.AsSpan(start, rows), embeddings);
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(embeddings)
        {
            Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens },
        };
        return Task.FromResult(result);
    }

    /// <summary>Pads the texts of one batch to a dense [rows, columns] id matrix, runs the model and stores each row's vector.</summary>
    private void RunBatch(int[][] ids, ReadOnlySpan<int> batch, Embedding<float>[] embeddings)
    {
        int rows = batch.Length;
        int columns = 1;
        foreach (int index in batch)
        {
            columns = Math.Max(columns, ids[index].Length);
        }

        int cells = rows * columns;
        int[] dense = ArrayPool<int>.Shared.Rent(cells);
        try
        {
            dense.AsSpan(0, cells).Fill(UseLiteOnnxConverter.PaddingId);
            for (int row = 0; row < rows; row++)
            {
                ids[batch[row]].CopyTo(dense.AsSpan(row * columns));
            }

            OnnxInput input = OnnxInput.Int32(UseLiteOnnxConverter.InputName, dense.AsMemory(0, cells), new long[] { rows, columns });
            using OnnxOutputs outputs = session.Run([input], [UseLiteOnnxConverter.OutputName]);
            ReadOnlySpan<float> vectors = outputs.GetFloatData(0);
            int width = UseLiteAssets.Dimensions;
            for (int row = 0; row < rows; row++)
            {
                float[] vector = vectors.Slice(row * width, width).ToArray();
                embeddings[batch[row]] = new Embedding<float>(vector) { ModelId = UseLiteAssets.ModelId };
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(dense);
        }
    }
}
