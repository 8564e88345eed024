using System.Text.Json;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Seed;

/// <summary>
/// Checks the hand-written seed corpus in <c>embeddings/seed/*.jsonl</c>: schema, enums, unique ids and texts,
/// label and surface coverage, attack categories, hard-negative share and languages.
/// </summary>
public sealed class SeedCorpusTests
{
    private const int MinimumPerLabel = 600;
    private const double MinimumHardNegativeShare = 0.35;

    private static readonly string[] Labels = ["attack", "benign"];

    private static readonly string[] Surfaces = ["user_prompt", "tool_call", "tool_output", "tool_description"];

    private static readonly string[] AttackCategories =
    [
        "malicious_code_execution", "remote_access", "credential_theft", "data_exfiltration", "destructive_action",
        "tool_poisoning", "indirect_prompt_injection", "function_overlapping", "excessive_privileges",
        "function_injection", "dependency_injection", "intent_injection", "data_injection", "identity_injection",
        "replay_injection", "direct_prompt_injection", "harmful_task",
    ];

    private static readonly string[] BenignCategories =
    [
        "everyday_tool_use", "devops", "coding", "data_work", "security_questions", "writing_and_research",
        "file_management", "general_knowledge",
    ];

    private static readonly string[] Languages = ["en", "es", "de", "fr", "zh"];

    private static readonly HashSet<string> KnownFields =
        ["id", "text", "label", "category", "surface", "tool", "arguments", "lang", "tags"];

    private static readonly Lazy<IReadOnlyList<SeedItem>> Corpus = new(Load);

    [Fact]
    public void Load_EveryLine_ParsesWithRequiredFieldsAndValidEnums()
    {
        IReadOnlyList<SeedItem> items = Corpus.Value;

        Assert.NotEmpty(items);
        foreach (SeedItem item in items)
        {
            Assert.False(string.IsNullOrWhiteSpace(item.Id), $"{item.Where}: empty id");
            Assert.False(string.IsNullOrWhiteSpace(item.Text), $"{item.Where}: empty text");
            Assert.True(item.Text == item.Text.Trim(), $"{item.Where}: text has leading or trailing white space");
            Assert.Contains(item.Label, Labels);
            Assert.Contains(item.Surface, Surfaces);
            Assert.Contains(item.Lang, Languages);
            string[] allowed = item.Label == "attack" ? AttackCategories : BenignCategories;
            Assert.True(allowed.Contains(item.Category), $"{item.Where}: category '{item.Category}' is not a known {item.Label} category");
            string expectedPrefix = item.Label == "attack" ? "atk-" : "ben-";
            Assert.True(item.Id.StartsWith(expectedPrefix, StringComparison.Ordinal), $"{item.Where}: id '{item.Id}' should start with '{expectedPrefix}'");
        }
    }

    [Fact]
    public void Load_EveryLine_HasOnlyDocumentedFields()
    {
        foreach (SeedItem item in Corpus.Value)
        {
            foreach (string field in item.Fields)
            {
                Assert.True(KnownFields.Contains(field), $"{item.Where}: unknown field '{field}'");
            }
        }
    }

    [Fact]
    public void Ids_AcrossAllFiles_AreUnique()
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (SeedItem item in Corpus.Value)
        {
            Assert.True(seen.TryAdd(item.Id, item.Where), $"id '{item.Id}' appears at {item.Where} and at {(seen.TryGetValue(item.Id, out string? first) ? first : "?")}");
        }
    }

    [Fact]
    public void Texts_AcrossAllFiles_HaveNoExactDuplicates()
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (SeedItem item in Corpus.Value)
        {
            Assert.True(seen.TryAdd(item.Text, item.Id), $"{item.Id} repeats the text of {(seen.TryGetValue(item.Text, out string? first) ? first : "?")}");
        }
    }

    [Theory]
    [InlineData("attack")]
    [InlineData("benign")]
    public void Count_PerLabel_IsAtLeastMinimum(string label)
    {
        int count = Corpus.Value.Count(i => i.Label == label);

        Assert.True(count >= MinimumPerLabel, $"{label}: {count} items, expected at least {MinimumPerLabel}");
    }

    [Fact]
    public void AttackCategories_EveryListedCategory_IsPresent()
    {
        var present = Corpus.Value.Where(i => i.Label == "attack").Select(i => i.Category).ToHashSet(StringComparer.Ordinal);

        string[] missing = [.. AttackCategories.Where(c => !present.Contains(c))];
        Assert.True(missing.Length == 0, $"attack categories without items: {string.Join(", ", missing)}");
    }

    [Fact]
    public void BenignItems_HardNegatives_AreAtLeastThirtyFivePercent()
    {
        var benign = Corpus.Value.Where(i => i.Label == "benign").ToList();
        int hard = benign.Count(i => i.IsHardNegative);

        Assert.NotEmpty(benign);
        Assert.True(hard >= MinimumHardNegativeShare * benign.Count, $"{hard} of {benign.Count} benign items are hard negatives, expected at least {MinimumHardNegativeShare:P0}");
    }

    [Theory]
    [InlineData("es")]
    [InlineData("de")]
    [InlineData("fr")]
    [InlineData("zh")]
    public void Languages_EachNonEnglishLanguage_IsPresentForBothLabels(string lang)
    {
        foreach (string label in Labels)
        {
            Assert.True(Corpus.Value.Any(i => i.Lang == lang && i.Label == label), $"no {label} item in language '{lang}'");
        }
    }

    [Fact]
    public void Surfaces_EverySurface_IsPresentForBothLabels()
    {
        foreach (string label in Labels)
        {
            foreach (string surface in Surfaces)
            {
                Assert.True(Corpus.Value.Any(i => i.Label == label && i.Surface == surface), $"no {label} item on surface {surface}");
            }
        }
    }

    [Fact]
    public void ToolCalls_Every_HasToolNameAndObjectArguments()
    {
        foreach (SeedItem item in Corpus.Value.Where(i => i.Surface == "tool_call"))
        {
            Assert.False(string.IsNullOrWhiteSpace(item.Tool), $"{item.Where}: tool_call without 'tool'");
            Assert.True(item.ArgumentsKind == JsonValueKind.Object, $"{item.Where}: 'arguments' is {item.ArgumentsKind}, expected an object");
            Assert.StartsWith(item.Tool!, item.Text, StringComparison.Ordinal);
        }
    }

    private static List<SeedItem> Load()
    {
        string folder = Path.Combine(SharedAssets.RepositoryRoot, "embeddings", "seed");
        string[] files = Directory.GetFiles(folder, "*.jsonl");
        Array.Sort(files, StringComparer.Ordinal);
        Assert.NotEmpty(files);

        var items = new List<SeedItem>();
        foreach (string file in files)
        {
            string[] lines = File.ReadAllLines(file);
            for (int n = 0; n < lines.Length; n++)
            {
                string where = $"{Path.GetFileName(file)}:{n + 1}";
                Assert.False(string.IsNullOrWhiteSpace(lines[n]), $"{where}: blank line");
                using JsonDocument doc = JsonDocument.Parse(lines[n]);
                items.Add(SeedItem.From(doc.RootElement, where));
            }
        }

        return items;
    }

    private sealed record SeedItem(
        string Where,
        string Id,
        string Text,
        string Label,
        string Category,
        string Surface,
        string Lang,
        string? Tool,
        JsonValueKind ArgumentsKind,
        bool IsHardNegative,
        IReadOnlyList<string> Fields)
    {
        public static SeedItem From(JsonElement root, string where)
        {
            Assert.True(root.ValueKind == JsonValueKind.Object, $"{where}: line is not a JSON object");
            var fields = root.EnumerateObject().Select(p => p.Name).ToList();
            bool hard = false;
            if (root.TryGetProperty("tags", out JsonElement tags))
            {
                Assert.True(tags.ValueKind == JsonValueKind.Array, $"{where}: 'tags' must be an array");
                hard = tags.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == "hard_negative");
            }

            string category = Required(root, "category", where);
            JsonValueKind argumentsKind = root.TryGetProperty("arguments", out JsonElement args) ? args.ValueKind : JsonValueKind.Undefined;
            return new SeedItem(
                where,
                Required(root, "id", where),
                Required(root, "text", where),
                Required(root, "label", where),
                category,
                Required(root, "surface", where),
                Optional(root, "lang", where) ?? "en",
                Optional(root, "tool", where),
                argumentsKind,
                hard,
                fields);
        }

        private static string Required(JsonElement root, string name, string where)
        {
            string? value = Optional(root, name, where);
            Assert.True(value is not null, $"{where}: missing required string field '{name}'");
            return value!;
        }

        private static string? Optional(JsonElement root, string name, string where)
        {
            if (!root.TryGetProperty(name, out JsonElement value))
            {
                return null;
            }

            Assert.True(value.ValueKind == JsonValueKind.String, $"{where}: field '{name}' must be a string");
            return value.GetString();
        }
    }
}
