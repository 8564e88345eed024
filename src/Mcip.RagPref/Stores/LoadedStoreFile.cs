using Mcip.RagPref.Embeddings;

namespace Mcip.RagPref.Stores;

/// <summary>The verified contents of a store file: the snapshot (its vector block attached to the file's private image) and what goes with it.</summary>
internal sealed record LoadedStoreFile(
    EmbedderFingerprint Fingerprint,
    ExampleStoreOptions Options,
    StoreSnapshot Snapshot,
    Dictionary<string, string> Metadata);
