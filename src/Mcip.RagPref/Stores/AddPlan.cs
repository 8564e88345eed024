using System.Security.Cryptography;
using System.Text;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Text;

namespace Mcip.RagPref.Stores;

/// <summary>
/// The units an add will embed, worked out from the inputs against a baseline snapshot: ids derived,
/// exact duplicates and already-stored inputs skipped, long texts cut into chunks.
/// </summary>
internal sealed class AddPlan
{
    private AddPlan()
    {
    }

    /// <summary>The units to embed, in order; the chunks of one input are consecutive.</summary>
    public List<Example> Units { get; } = [];

    /// <summary>The accepted inputs with the range of their units.</summary>
    public List<PlannedInput> Inputs { get; } = [];

    /// <summary>The inputs left out, with the reason.</summary>
    public List<SkippedInput> Skipped { get; } = [];

    /// <summary>Texts already planned as a unit row or a whole text: a unit repeating one of them adds nothing.</summary>
    private HashSet<string> UnitTexts { get; } = new(StringComparer.Ordinal);

    /// <summary>Derives the id of an input without one: <c>x</c> + the first 16 hex digits of SHA-256(UTF-8 text).</summary>
    public static string DeriveId(string text)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return "x" + Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    /// <summary>Plans the add of <paramref name="inputs"/> to a store whose current contents are <paramref name="baseline"/>.</summary>
    /// <exception cref="RagPrefException">Two inputs share an id but not a text, or an input is null.</exception>
    public static AddPlan Create(IEnumerable<ExampleInput> inputs, StoreSnapshot baseline, ExampleStoreOptions options)
    {
        var plan = new AddPlan();
        var storedTexts = new HashSet<string>(StringComparer.Ordinal);
        foreach (Example example in baseline.Examples)
        {
            if (!example.IsChunk)
            {
                storedTexts.Add(example.Text);
            }
        }

        var firstByText = new Dictionary<string, (string Id, string? Origin, ExampleLabel Label)>(StringComparer.Ordinal);
        var originById = new Dictionary<string, string?>(StringComparer.Ordinal);
        var windows = new List<(int Start, int Length)>();
        int position = 0;
        foreach (ExampleInput? input in inputs)
        {
            position++;
            if (input is null)
            {
                throw new RagPrefException($"Input number {position} is null: every input must be an ExampleInput.");
            }

            string id = input.Id ?? DeriveId(input.Text);
            string origin = input.Origin ?? $"input {position}";
            if (firstByText.TryGetValue(input.Text, out var first))
            {
                string reason = first.Label == input.Label
                    ? $"exact duplicate of '{first.Id}' ({first.Origin ?? "earlier input"})"
                    : $"same text as '{first.Id}' ({first.Origin ?? "earlier input"}) but labelled {Name(input.Label)} here and {Name(first.Label)} there; the first is kept";
                plan.Skipped.Add(new SkippedInput(id, input.Origin, reason));
                continue;
            }

            if (originById.TryGetValue(id, out string? firstOrigin))
            {
                throw new RagPrefException(
                    $"{origin}: the id '{id}' is already used by {firstOrigin ?? "an earlier input"} for a different text. "
                    + "Ids must be unique: rename one of them, or leave the id out to derive it from the text.");
            }

            if (baseline.ContainsIdOrParent(id))
            {
                plan.Skipped.Add(new SkippedInput(id, input.Origin, "an example with this id is already in the store (remove it first to replace it)"));
                continue;
            }

            if (storedTexts.Contains(input.Text))
            {
                plan.Skipped.Add(new SkippedInput(id, input.Origin, "exact duplicate of a text already in the store"));
                continue;
            }

            firstByText.Add(input.Text, (id, input.Origin, input.Label));
            originById.Add(id, origin);
            windows.Clear();
            SplitIntoWindows(input.Text, options, windows);
            int firstUnit = plan.Units.Count;
            if (windows.Count == 1)
            {
                plan.Units.Add(NewUnit(input, id, input.Text, parentId: null, 0, 0));
            }
            else
            {
                for (int n = 0; n < windows.Count; n++)
                {
                    (int start, int length) = windows[n];
                    string chunkId = $"{id}#{n}";
                    if (!originById.TryAdd(chunkId, origin) || baseline.ContainsIdOrParent(chunkId))
                    {
                        throw new RagPrefException(
                            $"{origin}: chunk {n} of '{id}' would get the id '{chunkId}', which another example already has. "
                            + "Avoid ids ending in '#<number>', which are reserved for chunks.");
                    }

                    plan.Units.Add(NewUnit(input, chunkId, input.Text.Substring(start, length), id, start, length));
                }
            }

            AddIntentUnits(plan, input, id, options, originById, origin, baseline);
            plan.Inputs.Add(new PlannedInput(id, input.Origin, firstUnit, plan.Units.Count - firstUnit));
        }

        return plan;
    }

    private static Example NewUnit(ExampleInput input, string id, string text, string? parentId, int start, int length) =>
        new(id, text, input.Label)
        {
            Category = input.Category,
            Source = input.Source,
            Tags = input.Tags,
            Surface = input.Surface,
            ParentId = parentId,
            ChunkStart = start,
            ChunkLength = length,
        };

    /// <summary>
    /// Adds the intent units of a text that splits into more than one (sentences, lines, tool-call arguments,
    /// description sentences; see <see cref="IntentUnits"/>) as rows of their own, with ids <c>id#u0</c>, <c>id#u1</c>,
    /// ..., when <see cref="ExampleStoreOptions.Units"/> asks for the input's label.
    /// </summary>
    private static void AddIntentUnits(
        AddPlan plan, ExampleInput input, string id, ExampleStoreOptions options, Dictionary<string, string?> originById, string origin, StoreSnapshot baseline)
    {
        bool wanted = options.Units switch
        {
            StoreUnits.All => true,
            StoreUnits.Benign => input.Label == ExampleLabel.Benign,
            _ => false,
        };
        if (!wanted)
        {
            return;
        }

        IReadOnlyList<string> units = IntentUnits.Split(input.Text, input.Surface ?? GuardSurface.UserPrompt, Math.Max(IntentUnits.MinLength, options.ChunkSize == 0 ? TextWindowOptions.DefaultSize : options.ChunkSize));
        if (units.Count <= 1)
        {
            return;
        }

        plan.UnitTexts.Add(input.Text);
        for (int n = 0; n < units.Count; n++)
        {
            if (!plan.UnitTexts.Add(units[n]))
            {
                continue;
            }

            string unitId = $"{id}#u{n}";
            if (!originById.TryAdd(unitId, origin) || baseline.ContainsIdOrParent(unitId))
            {
                throw new RagPrefException(
                    $"{origin}: unit {n} of '{id}' would get the id '{unitId}', which another example already has. "
                    + "Avoid ids ending in '#u<number>', which are reserved for intent units.");
            }

            plan.Units.Add(NewUnit(input, unitId, units[n], id, 0, units[n].Length));
        }
    }

    private static string Name(ExampleLabel label) => label == ExampleLabel.Attack ? "attack" : "benign";

    /// <summary>The windows of a stored text: the same word-boundary windows the guard cuts requests into.</summary>
    private static void SplitIntoWindows(string text, ExampleStoreOptions options, List<(int Start, int Length)> windows)
    {
        if (options.ChunkSize == 0 || text.Length <= options.ChunkSize)
        {
            windows.Add((0, text.Length));
            return;
        }

        foreach (TextWindow window in TextWindows.Split(text, new TextWindowOptions { Size = options.ChunkSize, Overlap = options.ChunkOverlap }))
        {
            windows.Add((window.Start, window.Length));
        }
    }
}
