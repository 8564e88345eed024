using Mcip.RagPref.Index;

namespace Mcip.RagPref.Tests.Support.Index;

/// <summary>
/// Seeded synthetic unit vectors for benchmarks, tests and the search measurement (<see cref="SearchBenchmarkCommand"/>): uniform on the sphere
/// (the worst case for quantised candidate lists) or clustered (closer to real sentence embeddings).
/// </summary>
/// <remarks>Test and benchmark code, not part of the library.</remarks>
public static class SyntheticVectors
{
    /// <summary>Fills <paramref name="destination"/> with a uniformly random unit vector.</summary>
    public static void Uniform(Random random, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Gaussian(random);
        }

        Normalize(destination);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with <c>normalize(center + spread * gaussian)</c>, where
    /// <paramref name="center"/> is a unit vector and each noise component has standard deviation
    /// <c>spread / sqrt(dimensions)</c> (so <paramref name="spread"/> 1 puts the noise on the scale of the center).
    /// </summary>
    public static void AroundCenter(Random random, ReadOnlySpan<float> center, float spread, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(random);
        float sigma = spread / MathF.Sqrt(destination.Length);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = center[i] + (sigma * Gaussian(random));
        }

        Normalize(destination);
    }

    /// <summary>Fills every row of <paramref name="matrix"/> with uniform unit vectors from <paramref name="seed"/>.</summary>
    internal static void FillUniform(VectorMatrix matrix, int seed)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var random = new Random(seed);
        for (int row = 0; row < matrix.Rows; row++)
        {
            Uniform(random, matrix.GetRow(row));
        }
    }

    /// <summary>
    /// Fills every row of <paramref name="matrix"/> with vectors around <paramref name="clusters"/> random centers
    /// (each row picks a center at random) from <paramref name="seed"/>.
    /// </summary>
    internal static void FillClustered(VectorMatrix matrix, int clusters, float spread, int seed)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clusters);
        var random = new Random(seed);
        float[][] centers = CreateCenters(random, clusters, matrix.Dimensions);
        for (int row = 0; row < matrix.Rows; row++)
        {
            AroundCenter(random, centers[random.Next(clusters)], spread, matrix.GetRow(row));
        }
    }

    /// <summary>Returns <paramref name="count"/> uniform unit vectors used as cluster centers.</summary>
    public static float[][] CreateCenters(Random random, int count, int dimensions)
    {
        var centers = new float[count][];
        for (int c = 0; c < count; c++)
        {
            centers[c] = new float[dimensions];
            Uniform(random, centers[c]);
        }

        return centers;
    }

    /// <summary>Scales <paramref name="vector"/> to unit length (a zero vector becomes the first basis vector).</summary>
    public static void Normalize(Span<float> vector)
    {
        double sum = 0;
        foreach (float value in vector)
        {
            sum += (double)value * value;
        }

        if (sum == 0)
        {
            vector.Clear();
            vector[0] = 1f;
            return;
        }

        float inverse = (float)(1.0 / Math.Sqrt(sum));
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] *= inverse;
        }
    }

    private static float Gaussian(Random random)
    {
        // Box-Muller: two uniforms in (0, 1] give one standard normal sample.
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }
}
