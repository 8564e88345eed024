namespace Mcip.RagPref.Stores;

/// <summary>Progress of an embedding pass during a build or an add.</summary>
/// <param name="Embedded">Units (examples or chunks) embedded so far.</param>
/// <param name="Total">Units to embed in this pass.</param>
public readonly record struct StoreBuildProgress(int Embedded, int Total);
