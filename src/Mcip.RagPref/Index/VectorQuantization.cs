using System.Diagnostics.CodeAnalysis;

namespace Mcip.RagPref.Index;

/// <summary>How an example store's vector index scans the rows before it reports exact similarities.</summary>
public enum VectorQuantization
{
    /// <summary>Exact float32 scan of every row (the default).</summary>
    None = 0,

    /// <summary>
    /// Scan 8-bit codes with one scale per vector (4x less memory read than float32), keep
    /// <c>k * CandidateMultiplier</c> candidates per label, then rescore them exactly in float32.
    /// </summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Int8 names the code width, the usual term for this quantisation.")]
    Int8 = 1,

    /// <summary>
    /// Scan 8-bit codes with one scale per dimension (better when dimensions have very different ranges), keep
    /// <c>k * CandidateMultiplier</c> candidates per label, then rescore them exactly in float32.
    /// </summary>
    Int8PerDimension = 2,

    /// <summary>
    /// Scan 1-bit sign codes by Hamming distance (32x less memory read than float32), keep
    /// <c>k * CandidateMultiplier</c> candidates per label, then rescore them exactly in float32.
    /// Coarse: use a large multiplier.
    /// </summary>
    Binary = 3,
}
