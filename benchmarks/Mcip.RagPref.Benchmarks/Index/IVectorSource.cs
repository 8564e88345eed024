using Mcip.RagPref.Index;

namespace Mcip.RagPref.Benchmarks.Index;

/// <summary>
/// Where benchmark vectors come from: synthetic now (uniform, clustered), real embeddings (for example USE-Lite vectors of
/// the seed corpus) later. Rows and queries must come from the same distribution.
/// </summary>
internal interface IVectorSource
{
    /// <summary>Gets a short name for reports.</summary>
    string Name { get; }

    /// <summary>Fills every row of <paramref name="matrix"/> with unit vectors.</summary>
    void FillRows(VectorMatrix matrix);

    /// <summary>Fills <paramref name="queries"/> with back-to-back unit vectors of <paramref name="dimensions"/> floats.</summary>
    void FillQueries(Span<float> queries, int dimensions);
}
