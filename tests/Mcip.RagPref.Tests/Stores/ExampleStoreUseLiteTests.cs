using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Stores;

/// <summary>A small store built, saved, loaded and queried with the real default embedder (Universal Sentence Encoder Lite).</summary>
public sealed class ExampleStoreUseLiteTests
{
    [Fact]
    public async Task BuildSaveLoadSearch_RealDefaultEmbedder_StoredTextFindsItselfFirst()
    {
        SharedAssets.RequireCache("use-lite", "0.2.0", "model.json");
        SharedAssets.RequireCache("use-lite", "0.2.0", "vocab.json");
        SharedAssets.RequireCache("onnxruntime", "1.30.0", "libonnxruntime.so.1");
        string seed = Path.Combine(SharedAssets.RepositoryRoot, "embeddings", "seed");
        List<ExampleInput> inputs =
        [
            .. ExampleFileReader.Read(Path.Combine(seed, "attack-prompts.jsonl")).Take(24),
            .. ExampleFileReader.Read(Path.Combine(seed, "benign-prompts.jsonl")).Take(24),
        ];
        string path = Path.Combine(Path.GetTempPath(), $"use-lite-{Guid.NewGuid():N}.rpstore");
        using UniversalSentenceEncoderLite embedder = UniversalSentenceEncoderLite.Create();
        try
        {
            using (ExampleStore built = await ExampleStore.BuildAsync(inputs, embedder, cancellationToken: TestContext.Current.CancellationToken))
            {
                built.Save(path);
            }

            using ExampleStore store = ExampleStore.Load(path, UniversalSentenceEncoderLite.Fingerprint);
            Assert.Equal(UniversalSentenceEncoderLite.Fingerprint, store.Fingerprint);
            Assert.Equal(24, store.Examples.Where(e => e.Label == ExampleLabel.Attack).Select(e => e.ParentId ?? e.Id).Distinct().Count());
            ExampleInput[] probes =
            [
                inputs.Last(i => i.Label == ExampleLabel.Attack && i.Text.Length <= ExampleStoreOptions.DefaultChunkSize),
                inputs.Last(i => i.Label == ExampleLabel.Benign && i.Text.Length <= ExampleStoreOptions.DefaultChunkSize),
            ];
            foreach (ExampleInput probe in probes)
            {
                StoreSearchResult result = await store.SearchAsync(probe.Text, embedder, cancellationToken: TestContext.Current.CancellationToken);
                IReadOnlyList<ExampleMatch> own = probe.Label == ExampleLabel.Attack ? result.Attack : result.Benign;
                IReadOnlyList<ExampleMatch> other = probe.Label == ExampleLabel.Attack ? result.Benign : result.Attack;

                Assert.Equal(2, own.Count);
                Assert.Equal(2, other.Count);
                Assert.Equal(probe.Id, own[0].Example.Id);
                Assert.True(own[0].Similarity > 0.999f, $"self-similarity {own[0].Similarity}");
                Assert.True(other[0].Similarity < own[0].Similarity);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
