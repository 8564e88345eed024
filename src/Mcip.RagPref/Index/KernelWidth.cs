namespace Mcip.RagPref.Index;

/// <summary>The SIMD width a kernel runs with.</summary>
internal enum KernelWidth
{
    /// <summary>Plain scalar loops (the reference).</summary>
    Scalar = 0,

    /// <summary><see cref="System.Runtime.Intrinsics.Vector128{T}"/>.</summary>
    V128 = 128,

    /// <summary><see cref="System.Runtime.Intrinsics.Vector256{T}"/>.</summary>
    V256 = 256,

    /// <summary><see cref="System.Runtime.Intrinsics.Vector512{T}"/>.</summary>
    V512 = 512,
}
