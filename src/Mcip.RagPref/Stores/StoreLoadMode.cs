namespace Mcip.RagPref.Stores;

/// <summary>
/// How <see cref="ExampleStore.Load"/> holds a store file's bytes. Neither mode ever maps the file it was given: a file
/// that another process can rewrite in place (a copy over it, an editor saving, truncation) would change the pages a
/// mapped store reads, and a truncated mapping kills the process with an access violation that no handler can catch,
/// while a zeroed one silently scores every request as similarity 0. A store loaded either way is unaffected by anything
/// that happens to its file afterwards.
/// </summary>
public enum StoreLoadMode
{
    /// <summary>
    /// The default: read the whole file once into memory the process owns (the file is closed right after).
    /// Cost: the store's size in private memory per process (not shared between processes loading the same file, and
    /// not evictable without swap), and one sequential read at load. Creates no file anywhere.
    /// </summary>
    ReadIntoMemory = 0,

    /// <summary>
    /// Copy the file into a private temporary file (readable and writable by this user only; unlinked as soon as it is
    /// mapped on Unix, deleted when the store is disposed on Windows) and map that copy. The pages stay file-backed, so
    /// the system can drop and reread them under memory pressure: for stores larger than the memory you want resident.
    /// Cost: a second write of the file at load and its size in the temporary folder while loaded; a copy a killed
    /// process left is deleted by the next such load.
    /// </summary>
    MapPrivateCopy = 1,
}
