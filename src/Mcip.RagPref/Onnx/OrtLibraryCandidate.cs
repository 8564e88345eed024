namespace Mcip.RagPref.Onnx;

/// <summary>One place the loader tries for the ONNX Runtime native library.</summary>
/// <param name="Source">Where the place comes from, for messages ("the set-up cache", "the system loader", ...).</param>
/// <param name="PathOrName">A file path, or a bare library name for the system loader.</param>
/// <param name="IsFile">Whether <paramref name="PathOrName"/> is a file path (checked for existence first).</param>
internal sealed record OrtLibraryCandidate(string Source, string PathOrName, bool IsFile);
