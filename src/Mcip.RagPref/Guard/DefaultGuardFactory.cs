using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Embeddings.Lexical;
using Mcip.RagPref.Stores;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Guard;

/// <summary>
/// Builds the default guard: the default embedder (all-MiniLM-L6-v2 with hashed n-grams, behind canonicalisation) and the
/// default store (the seed corpus, embedded once per machine and cached in the user cache). <see cref="RagPrefGuard"/>'s
/// static entry points forward here; their documentation is the contract.
/// </summary>
internal static class DefaultGuardFactory
{
    // Bumped whenever how the default store is built changes (units, dedupe, calibration cache), so a new file is built.
    private const string StoreBuildRevision = "seed-units-benign-v2+calibration-v2";

    /// <summary>The cache path of the default store for an embedder (see <see cref="RagPrefGuard.DefaultStorePath"/>).</summary>
    internal static string DefaultStorePath(EmbedderFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        string key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(
                $"{SeedCorpus.Sha256}|{fingerprint.ModelId}|{fingerprint.Dimensions}|{fingerprint.WeightsSha256}|{ExampleStoreOptions.DefaultChunkSize}/{ExampleStoreOptions.DefaultChunkOverlap}/words|{StoreBuildRevision}")))[..16];
        return Path.Combine(UserCache.Root, "stores", $"seed-{key}.rpstore");
    }

    /// <summary>Validates the options and creates the default guard (see <see cref="RagPrefGuard.CreateDefaultAsync"/>).</summary>
    internal static async Task<RagPrefGuard> CreateDefaultAsync(
        GuardOptions? options = null,
        BertOnnxEmbeddingGeneratorOptions? embedderOptions = null,
        IProgress<StoreBuildProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new GuardOptions();
        IReadOnlyList<string> problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid guard options: " + string.Join(" ", problems), nameof(options));
        }

        return await CreateOwningAsync(CreateDefaultEmbedder(options, embedderOptions), storePath: null, options, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a guard that owns the embedder and the store it loads (the file, or the default store when <paramref name="storePath"/> is <see langword="null"/>); on failure disposes both.</summary>
    internal static async Task<RagPrefGuard> CreateOwningAsync(
        CanonicalizingEmbeddingGenerator embedder,
        string? storePath,
        GuardOptions options,
        IProgress<StoreBuildProgress>? progress,
        CancellationToken cancellationToken)
    {
        try
        {
            ExampleStore store = storePath is null
                ? await LoadOrBuildDefaultStoreAsync(embedder, progress, cancellationToken).ConfigureAwait(false)
                : ExampleStore.Load(Path.GetFullPath(storePath));
            try
            {
                return RagPrefGuard.Create(embedder, store, options, ownsResources: true);
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }
        catch
        {
            embedder.Dispose();
            throw;
        }
    }

    /// <summary>The default embedder behind canonicalisation (see <see cref="RagPrefGuard.CreateDefaultEmbedder(GuardOptions?, BertOnnxEmbeddingGeneratorOptions?, string?)"/>).</summary>
    internal static CanonicalizingEmbeddingGenerator CreateDefaultEmbedder(
        GuardOptions? options = null,
        BertOnnxEmbeddingGeneratorOptions? embedderOptions = null,
        string? modelDirectory = null)
    {
        options ??= new GuardOptions();
        IEmbeddingGenerator<string, Embedding<float>> inner = CreateDefaultEmbedder(options.LexicalWeight, embedderOptions, modelDirectory);
        try
        {
            return new CanonicalizingEmbeddingGenerator(inner, options.Canonicalization);
        }
        catch
        {
            inner.Dispose();
            throw;
        }
    }

    /// <summary>The default embedder without canonicalisation: all-MiniLM-L6-v2 alone at lexical weight 0, else hybrid with hashed n-grams at <paramref name="lexicalWeight"/>. The caller disposes it.</summary>
    internal static IEmbeddingGenerator<string, Embedding<float>> CreateDefaultEmbedder(
        double lexicalWeight, BertOnnxEmbeddingGeneratorOptions? embedderOptions, string? modelDirectory = null)
    {
        BertOnnxEmbeddingGenerator sentence = modelDirectory is null
            ? BertOnnxEmbeddingGenerator.CreateMiniLM(embedderOptions)
            : BertOnnxEmbeddingGenerator.Create(modelDirectory, embedderOptions);
        if (lexicalWeight <= 0)
        {
            return sentence;
        }

        try
        {
            return new HybridEmbeddingGenerator(
                [new HybridEmbeddingPart(sentence, 1 - lexicalWeight), new HybridEmbeddingPart(new HashedNGramEmbeddingGenerator(), lexicalWeight)],
                disposeParts: true);
        }
        catch
        {
            sentence.Dispose();
            throw;
        }
    }

    /// <summary>Loads the default store from the cache or builds, calibrates and saves it (see <see cref="RagPrefGuard.LoadOrBuildDefaultStoreAsync"/>).</summary>
    internal static async Task<ExampleStore> LoadOrBuildDefaultStoreAsync(
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        IProgress<StoreBuildProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        EmbedderFingerprint fingerprint = EmbedderFingerprint.Of(embedder);
        string path = DefaultStorePath(fingerprint);
        if (File.Exists(path))
        {
            return ExampleStore.Load(path, fingerprint);
        }

        ExampleStore store = await ExampleStore.BuildAsync(SeedCorpus.Read(), embedder, progress: progress, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            // Calibrate once for the default options and keep it with the store, so later guards start at once.
            using (RagPrefGuard calibrating = RagPrefGuard.Create(embedder, store))
            {
                calibrating.SaveCalibration();
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            store.Save(path);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }
}
