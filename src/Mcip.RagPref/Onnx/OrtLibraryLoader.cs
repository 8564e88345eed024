using System.Runtime.InteropServices;
using System.Text;
using Mcip.RagPref.Assets;

namespace Mcip.RagPref.Onnx;

/// <summary>
/// Finds, loads and negotiates the ONNX Runtime native library.
/// </summary>
/// <remarks>
/// The entry point <c>OrtGetApiBase</c> is looked up with <see cref="NativeLibrary.GetExport(nint, string)"/> and
/// called through a <c>delegate* unmanaged[Cdecl]</c> rather than a <c>[LibraryImport]</c>: a
/// <c>DllImportResolver</c> binds one library per assembly for the whole process, while options may name a
/// different library per session. Both ways are AOT-compatible. Order of places and their rules: see
/// <see cref="OnnxRuntimeOptions"/>.
/// </remarks>
internal static unsafe class OrtLibraryLoader
{
    /// <summary>The environment variable that names the library (a file, or a folder holding it).</summary>
    public const string EnvironmentVariable = "MCIP_RAGPREF_ONNXRUNTIME";

    /// <summary>
    /// The highest C API version among the functions this binding calls (all exist since version 1, so any
    /// ONNX Runtime 1.x library works; 1.30.0 is the version tested).
    /// </summary>
    public const uint RequiredApiVersion = 1;

    /// <summary>The places to try, in order, for the current process.</summary>
    /// <param name="explicitPath">The path from <see cref="OnnxRuntimeOptions.LibraryPath"/>, or <see langword="null"/>.</param>
    public static IReadOnlyList<OrtLibraryCandidate> GetCandidates(string? explicitPath) =>
        GetCandidates(
            explicitPath,
            Environment.GetEnvironmentVariable(EnvironmentVariable),
            AppContext.BaseDirectory,
            AssetCache.OnnxRuntimeDirectory);

    /// <summary>The places to try, in order, given each input explicitly (tests pass their own folders).</summary>
    public static IReadOnlyList<OrtLibraryCandidate> GetCandidates(
        string? explicitPath, string? environmentValue, string applicationDirectory, string cacheDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Expand("OnnxRuntimeOptions.LibraryPath", explicitPath);
        }

        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            return Expand($"environment variable {EnvironmentVariable}", environmentValue);
        }

        var list = new List<OrtLibraryCandidate>();
        string[] fileNames = LibraryFileNames();
        foreach (string rid in RuntimeIdentifiers())
        {
            foreach (string name in fileNames)
            {
                list.Add(new("the application's runtimes folder", Path.Combine(applicationDirectory, "runtimes", rid, "native", name), true));
            }
        }

        foreach (string name in fileNames)
        {
            list.Add(new("the application folder", Path.Combine(applicationDirectory, name), true));
        }

        list.Add(new("the set-up cache", Path.Combine(cacheDirectory, fileNames[^1]), true));
        foreach (string name in SystemLibraryNames())
        {
            list.Add(new("the system loader", name, false));
        }

        return list;
    }

    /// <summary>Loads the first candidate that is an ONNX Runtime offering <paramref name="apiVersion"/>.</summary>
    /// <exception cref="RagPrefException">None did; the message lists every place tried, why each failed, and what to do.</exception>
    public static OrtLoadedLibrary Load(IReadOnlyList<OrtLibraryCandidate> candidates, uint apiVersion = RequiredApiVersion)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var failures = new List<string>(candidates.Count);
        foreach (OrtLibraryCandidate candidate in candidates)
        {
            if (TryLoad(candidate, apiVersion, out OrtLoadedLibrary? library, out string reason))
            {
                return library;
            }

            failures.Add($"{candidate.Source}: '{candidate.PathOrName}': {reason}");
        }

        var message = new StringBuilder("ONNX Runtime (the native library libonnxruntime) could not be loaded. Places tried, in order:");
        for (int i = 0; i < failures.Count; i++)
        {
            message.Append('\n').Append("  ").Append(i + 1).Append(". ").Append(failures[i]);
        }

        message.Append("\nWhat to do: run './build.sh setup' (it places ONNX Runtime ")
            .Append(AssetCache.OnnxRuntimeVersion).Append(" in '").Append(AssetCache.OnnxRuntimeDirectory)
            .Append("'), or reference the NuGet package Microsoft.ML.OnnxRuntime (its runtimes/<rid>/native folder holds the library), ")
            .Append("or set ").Append(EnvironmentVariable)
            .Append(" (or OnnxRuntimeOptions.LibraryPath) to the path of libonnxruntime.so.1.");
        throw new RagPrefException(message.ToString());
    }

    private static bool TryLoad(OrtLibraryCandidate candidate, uint apiVersion, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out OrtLoadedLibrary? library, out string reason)
    {
        library = null;
        if (candidate.IsFile && !File.Exists(candidate.PathOrName))
        {
            reason = Directory.Exists(candidate.PathOrName) ? "it is a folder without an ONNX Runtime library" : "the file does not exist";
            return false;
        }

        nint handle;
        try
        {
            handle = NativeLibrary.Load(candidate.PathOrName);
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            reason = $"the loader refused it ({LoaderReason(ex.Message)})";
            return false;
        }

        if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out nint entry))
        {
            NativeLibrary.Free(handle);
            reason = "it loaded but exports no OrtGetApiBase, so it is not ONNX Runtime";
            return false;
        }

        // OrtApiBase: slot 0 GetApi(uint32 version) -> const OrtApi*, slot 1 GetVersionString() -> const char*.
        nint* apiBase = ((delegate* unmanaged[Cdecl]<nint*>)entry)();
        if (apiBase is null)
        {
            reason = "OrtGetApiBase returned null";
            return false;
        }

        string version = Marshal.PtrToStringUTF8(((delegate* unmanaged[Cdecl]<nint>)apiBase[1])()) ?? "unknown";
        nint api = ((delegate* unmanaged[Cdecl]<uint, nint>)apiBase[0])(apiVersion);
        if (api == 0)
        {
            // The library stays loaded: unloading ONNX Runtime after calling into it is unsafe.
            reason = $"it is ONNX Runtime {version}, which does not offer C API version {apiVersion}; "
                + $"this library needs a build with C API version {apiVersion} or later (ONNX Runtime {AssetCache.OnnxRuntimeVersion} is the version tested)";
            return false;
        }

        library = new OrtLoadedLibrary(candidate.IsFile ? Path.GetFullPath(candidate.PathOrName) : candidate.PathOrName, handle, api, version);
        reason = string.Empty;
        return true;
    }

    private static List<OrtLibraryCandidate> Expand(string source, string pathOrFolder)
    {
        string full = Path.GetFullPath(pathOrFolder);
        if (!Directory.Exists(full))
        {
            return [new(source, full, true)];
        }

        var list = new List<OrtLibraryCandidate>();
        foreach (string name in LibraryFileNames())
        {
            list.Add(new(source, Path.Combine(full, name), true));
        }

        return list;
    }

    private static string[] LibraryFileNames() =>
        OperatingSystem.IsWindows() ? ["onnxruntime.dll"]
        : OperatingSystem.IsMacOS() ? ["libonnxruntime.dylib"]
        : ["libonnxruntime.so", "libonnxruntime.so.1"];

    private static string[] SystemLibraryNames() =>
        OperatingSystem.IsWindows() ? ["onnxruntime.dll"]
        : OperatingSystem.IsMacOS() ? ["libonnxruntime.dylib"]
        : ["libonnxruntime.so.1", "libonnxruntime.so"];

    private static List<string> RuntimeIdentifiers()
    {
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        string portable = $"{os}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        string current = RuntimeInformation.RuntimeIdentifier;
        return string.Equals(current, portable, StringComparison.Ordinal) ? [portable] : [current, portable];
    }

    /// <summary>The loader's own reason (dlerror) without .NET's generic advice, on one line.</summary>
    private static string LoaderReason(string message)
    {
        int newline = message.IndexOf('\n', StringComparison.Ordinal);
        string detail = newline < 0 ? message : message[(newline + 1)..];
        detail = detail.Trim().ReplaceLineEndings("; ");
        return detail.Length == 0 ? message.Trim() : detail;
    }
}
