using Mcip.RagPref.Cli.Evaluation;
using Mcip.RagPref.Cli.Guarding;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Guard;

/// <summary>
/// Quality floors of the default guard on the public labelled data in <c>shared/eval/</c> (read at test time, never
/// copied): each floor sits a little below what the default measured when it was chosen (docs/evaluation.md), so a
/// change that makes the guard worse fails the build. Needs the set-up cache (model, ONNX Runtime) and the shared
/// folder; skips without them.
/// </summary>
public sealed class GuardEvaluationTests
{
    private const string DeepsetFile = "deepset-prompt-injections.jsonl";
    private const string AgentHarmFile = "agentharm.jsonl";
    private const string NotInjectFile = "notinject.jsonl";
    private const string InjecGuardFile = "injecguard-valid.jsonl";

    private static readonly Lazy<Task<RagPrefGuard>> DefaultGuard = new(() => RagPrefGuard.CreateDefaultAsync());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DeepsetFile, 0.85)]
    [InlineData(AgentHarmFile, 0.72)]
    [InlineData(InjecGuardFile, 0.75)]
    public async Task DefaultGuard_CrossDomainFile_AurocAtLeastFloor(string file, double floor)
    {
        List<LabelledItem> items = ReadEvalFile(file);
        RagPrefGuard guard = await DefaultGuard.Value;

        ScoredItem[] scored = await ScoreAsync(guard, items);

        double auroc = EvaluationMetrics.Auroc(scored);
        Assert.True(auroc >= floor, $"{file}: AUROC {auroc:F3} of the default guard (seed store) is below the floor {floor:F2}.");
    }

    [Fact]
    public async Task DefaultGuard_NotInject_FlagFalsePositiveRateAtMostCeiling()
    {
        const double ceiling = 0.03;
        List<LabelledItem> items = ReadEvalFile(NotInjectFile);
        RagPrefGuard guard = await DefaultGuard.Value;

        int flagged = 0;
        foreach (LabelledItem item in items)
        {
            GuardResult result = await guard.GuardAsync(item.Request, Ct);
            if (result.Verdict != GuardVerdict.Allow)
            {
                flagged++;
            }
        }

        double rate = (double)flagged / items.Count;
        Assert.True(rate <= ceiling, $"{NotInjectFile}: {flagged} of {items.Count} benign trigger-word prompts ({rate:P1}) were flagged or blocked; the ceiling is {ceiling:P0}.");
    }

    [Theory]
    [InlineData(DeepsetFile, 0.95)]
    [InlineData(AgentHarmFile, 0.77)]
    public async Task DefaultOptions_InDomainStore_AurocAtLeastFloor(string file, double floor)
    {
        List<LabelledItem> items = ReadEvalFile(file);
        List<LabelledItem> store = [.. items.Where(i => !IsTest(i))];
        List<LabelledItem> queries = [.. items.Where(IsTest)];
        Assert.NotEmpty(store);
        Assert.NotEmpty(queries);
        var options = new GuardOptions();
        var embedder = new CanonicalizingEmbeddingGenerator(RagPrefGuard.CreateDefaultEmbedder(options.LexicalWeight, embedderOptions: null), options.Canonicalization);
        ExampleStore inDomain;
        try
        {
            inDomain = await ExampleStore.BuildAsync(
                store.Select(i => new ExampleInput(i.Request.RenderedText, i.IsAttack ? ExampleLabel.Attack : ExampleLabel.Benign) { Id = i.Id }),
                embedder,
                cancellationToken: Ct);
        }
        catch
        {
            embedder.Dispose();
            throw;
        }

        using RagPrefGuard guard = RagPrefGuard.Create(embedder, inDomain, options, ownsResources: true);

        ScoredItem[] scored = await ScoreAsync(guard, queries);

        double auroc = EvaluationMetrics.Auroc(scored);
        Assert.True(auroc >= floor, $"{file}: in-domain AUROC {auroc:F3} (store = non-test split) is below the floor {floor:F2}.");
    }

    [Fact]
    public async Task DefaultGuard_ObfuscatedCopies_GetTheVerdictOfTheOriginal()
    {
        List<LabelledItem> items = [.. ReadEvalFile(DeepsetFile).Where(IsTest), .. ReadEvalFile(NotInjectFile).Take(60)];
        RagPrefGuard guard = await DefaultGuard.Value;

        var differing = new List<string>();
        foreach (LabelledItem item in items)
        {
            string text = item.Request.RenderedText;
            GuardResult original = await guard.GuardAsync(GuardRequest.UserPrompt(text), Ct);
            foreach ((string name, string copy) in Obfuscations(text))
            {
                GuardResult obfuscated = await guard.GuardAsync(GuardRequest.UserPrompt(copy), Ct);
                if (obfuscated.Verdict != original.Verdict || Math.Abs(obfuscated.Score - original.Score) > 1e-4f)
                {
                    differing.Add($"{item.Id} ({name}): {original.Verdict} {original.Score:F4} -> {obfuscated.Verdict} {obfuscated.Score:F4}");
                }
            }
        }

        Assert.True(differing.Count == 0, $"{differing.Count} obfuscated copies changed verdict or score: {string.Join("; ", differing.Take(10))}");
    }

    /// <summary>Copies of <paramref name="text"/> that canonicalisation must undo: zero-width joiners, fullwidth letters, Cyrillic lookalikes.</summary>
    private static IEnumerable<(string Name, string Copy)> Obfuscations(string text)
    {
        var zeroWidth = new System.Text.StringBuilder(text.Length * 2);
        var fullwidth = new System.Text.StringBuilder(text.Length);
        var cyrillic = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            zeroWidth.Append(c);
            if (char.IsAsciiLetter(c))
            {
                zeroWidth.Append('\u200B');
            }

            fullwidth.Append(char.IsAsciiLetterOrDigit(c) ? (char)(c - 0x21 + 0xFF01) : c);
            cyrillic.Append(c switch { 'a' => '\u0430', 'e' => '\u0435', 'o' => '\u043E', 'p' => '\u0440', 'c' => '\u0441', _ => c });
        }

        yield return ("zero-width", zeroWidth.ToString());
        yield return ("fullwidth", fullwidth.ToString());
        yield return ("cyrillic", cyrillic.ToString());
    }

    private static bool IsTest(LabelledItem item) => string.Equals(item.Split, "test", StringComparison.OrdinalIgnoreCase);

    private static List<LabelledItem> ReadEvalFile(string file)
    {
        return LabelledItem.ReadFile(SharedAssets.SharedFile("eval", file));
    }

    private static async Task<ScoredItem[]> ScoreAsync(RagPrefGuard guard, List<LabelledItem> items)
    {
        var scored = new ScoredItem[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            GuardResult result = await guard.GuardAsync(items[i].Request, Ct);
            scored[i] = new ScoredItem(items[i].IsAttack, result.Score);
        }

        return scored;
    }
}
