using System.Numerics.Tensors;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Index;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Stores;

/// <summary>Embeds the units of an <see cref="AddPlan"/> in batches into a fresh vector block of unit vectors.</summary>
internal static class UnitEmbedder
{
    /// <summary>
    /// Embeds every unit's text and L2-normalises it, running up to <paramref name="parallelism"/> batches at once.
    /// Returns a block with one row per unit; the caller owns it. Reports progress after every batch (serially).
    /// </summary>
    /// <exception cref="RagPrefException">The generator returned the wrong number of vectors, a vector of the wrong length, or a zero or non-finite vector.</exception>
    public static async Task<VectorMatrix> EmbedAsync(
        IReadOnlyList<Example> units,
        IEmbeddingGenerator<string, Embedding<float>> generator,
        EmbedderFingerprint fingerprint,
        int batchSize,
        IProgress<StoreBuildProgress>? progress,
        CancellationToken cancellationToken,
        int parallelism = 1)
    {
        VectorMatrix block = VectorMatrix.Allocate(units.Count, fingerprint.Dimensions);
        try
        {
            int batches = (units.Count + batchSize - 1) / batchSize;
            int done = 0;
            var gate = new object();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };
            await Parallel.ForAsync(0, batches, parallel, async (b, token) =>
            {
                int first = b * batchSize;
                int count = Math.Min(batchSize, units.Count - first);
                var batch = new string[count];
                for (int i = 0; i < count; i++)
                {
                    batch[i] = units[first + i].Text;
                }

                GeneratedEmbeddings<Embedding<float>> embeddings =
                    await generator.GenerateAsync(batch, options: null, token).ConfigureAwait(false);
                if (embeddings.Count != count)
                {
                    throw new RagPrefException(
                        $"The embedding generator '{fingerprint}' returned {embeddings.Count} vectors for {count} texts. "
                        + "It must return exactly one vector per input text, in order.");
                }

                for (int i = 0; i < count; i++)
                {
                    StoreRow(block.GetRow(first + i), embeddings[i].Vector.Span, units[first + i], fingerprint);
                }

                if (progress is not null)
                {
                    // Reports stay serial and their counts increase, whichever batch finishes first.
                    lock (gate)
                    {
                        done += count;
                        progress.Report(new StoreBuildProgress(done, units.Count));
                    }
                }
            }).ConfigureAwait(false);

            return block;
        }
        catch
        {
            block.Dispose();
            throw;
        }
    }

    private static void StoreRow(Span<float> row, ReadOnlySpan<float> vector, Example unit, EmbedderFingerprint fingerprint)
    {
        if (vector.Length != row.Length)
        {
            throw new RagPrefException(
                $"The embedding generator '{fingerprint}' returned a {vector.Length}-d vector for '{unit.Id}', "
                + $"but its fingerprint says {row.Length}-d. Fix the generator's reported dimensions.");
        }

        float norm = TensorPrimitives.Norm(vector);
        if (!float.IsFinite(norm) || norm <= 0f)
        {
            throw new RagPrefException(
                $"The embedding generator '{fingerprint}' returned a zero or non-finite vector for '{unit.Id}' "
                + $"(norm {norm}); a store needs vectors it can normalise. Check the text and the generator.");
        }

        TensorPrimitives.Divide(vector, norm, row);
    }
}
