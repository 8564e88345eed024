namespace Mcip.RagPref.Onnx;

/// <summary>
/// One loaded ONNX Runtime library with its API table, its process-wide environment (logging level ERROR),
/// a CPU memory description and the default allocator. Obtained through <see cref="Get(string?)"/>, which
/// loads each library once per process; instances live as long as the process and are thread-safe.
/// </summary>
internal sealed class OrtRuntime
{
    private const int LoggingLevelError = 3;

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, OrtRuntime> ByRequest = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, OrtRuntime> ByLocation = new(StringComparer.Ordinal);

    private OrtRuntime(OrtLoadedLibrary library)
    {
        Api = new OrtApi(library.ApiTable);
        Location = library.Location;
        Version = library.Version;
        Environment = Api.CreateEnv(LoggingLevelError, "Mcip.RagPref");
        CpuMemoryInfo = Api.CreateCpuMemoryInfo();
        DefaultAllocator = Api.GetAllocatorWithDefaultOptions();
    }

    /// <summary>The API table.</summary>
    public OrtApi Api { get; }

    /// <summary>The file loaded (or the bare name the system loader resolved).</summary>
    public string Location { get; }

    /// <summary>The library's version string, for example <c>1.30.0</c>.</summary>
    public string Version { get; }

    /// <summary>The shared environment every session of this library is created in.</summary>
    public OrtHandle Environment { get; }

    /// <summary>Describes ordinary CPU memory, for tensors over managed buffers.</summary>
    public OrtHandle CpuMemoryInfo { get; }

    /// <summary>ONNX Runtime's default CPU allocator (owned by ONNX Runtime; never released).</summary>
    public nint DefaultAllocator { get; }

    /// <summary>
    /// Returns the runtime for <paramref name="libraryPath"/> (or the automatically resolved library when
    /// <see langword="null"/>), loading it on first use. A failed load is not cached, so a later call can
    /// succeed once the library is installed.
    /// </summary>
    /// <exception cref="RagPrefException">No library could be loaded (the message lists every place tried), or the environment could not be created.</exception>
    public static OrtRuntime Get(string? libraryPath)
    {
        string? environmentValue = System.Environment.GetEnvironmentVariable(OrtLibraryLoader.EnvironmentVariable);
        string key = string.IsNullOrWhiteSpace(libraryPath)
            ? "auto:" + environmentValue
            : "path:" + Path.GetFullPath(libraryPath);
        lock (Gate)
        {
            if (ByRequest.TryGetValue(key, out OrtRuntime? known))
            {
                return known;
            }

            OrtLoadedLibrary library = OrtLibraryLoader.Load(OrtLibraryLoader.GetCandidates(libraryPath));
            if (!ByLocation.TryGetValue(library.Location, out OrtRuntime? runtime))
            {
                runtime = new OrtRuntime(library);
                ByLocation.Add(library.Location, runtime);
            }

            ByRequest.Add(key, runtime);
            return runtime;
        }
    }
}
