using System.Globalization;
using System.Text;
using Mcip.RagPref.SeedGenerator.Parts;

namespace Mcip.RagPref.SeedGenerator;

/// <summary>The counts table written to <c>counts.md</c> and printed by the generator.</summary>
internal static class Counts
{
    public static string Markdown(List<Item> items, ulong seed)
    {
        var sb = new StringBuilder();
        sb.Append("# Generated corpus: counts\n\n");
        sb.Append("Written by `dotnet run --project eng/SeedGenerator -- --out embeddings/generated` (seed ").Append(seed.ToString(CultureInfo.InvariantCulture)).Append("); do not edit by hand.\n\n");

        sb.Append("## Parts (training / held-out)\n\n| part | train | held-out |\n|---|---:|---:|\n");
        Part(sb, "English injection wrappers", Injections.Wrappers);
        Part(sb, "English injection goals", Injections.Goals);
        foreach (LanguageSet set in Injections.Languages)
        {
            Part(sb, $"`{set.Lang}` injection wrappers", set.Wrappers);
            Part(sb, $"`{set.Lang}` injection goals", set.Goals);
        }

        Part(sb, "direct-injection wrappers", Injections.DirectWrappers);
        sb.Append("| carrier kinds (all kinds in both splits; each kind's phrase pools are partitioned) | ").Append(N(Carriers.Kinds.Count)).Append(" | ").Append(N(Carriers.Kinds.Count)).Append(" |\n");
        Part(sb, "alarming output templates", Alarming.OutputTemplates);
        Part(sb, "alarming prompt templates", Alarming.PromptTemplates);
        Part(sb, "sink tools (tool calls)", ToolCalls.Tools);
        Part(sb, "described tools", ToolDescriptions.Tools);
        Part(sb, "description notes", ToolDescriptions.Notes);
        Part(sb, "poison sentences", ToolDescriptions.Poisons);

        foreach (Split split in new[] { Split.Train, Split.HeldOut })
        {
            var part = items.Where(i => i.Split == split).ToList();
            sb.Append("\n## ").Append(split == Split.Train ? "Training split (`train/`)" : "Held-out split (`heldout/`)").Append("\n\n");
            sb.Append("| label | user_prompt | tool_call | tool_output | tool_description | total |\n|---|---:|---:|---:|---:|---:|\n");
            foreach (string label in new[] { "attack", "benign" })
            {
                sb.Append("| ").Append(label);
                foreach (string surface in Generator.Surfaces)
                {
                    sb.Append(" | ").Append(N(part.Count(i => i.Label == label && i.Surface == surface)));
                }

                sb.Append(" | ").Append(N(part.Count(i => i.Label == label))).Append(" |\n");
            }

            sb.Append("| **total**");
            foreach (string surface in Generator.Surfaces)
            {
                sb.Append(" | ").Append(N(part.Count(i => i.Surface == surface)));
            }

            sb.Append(" | ").Append(N(part.Count)).Append(" |\n\n");

            sb.Append("| label | category | user_prompt | tool_call | tool_output | tool_description | total |\n|---|---|---:|---:|---:|---:|---:|\n");
            foreach (var g in part.GroupBy(i => (i.Label, i.Category)).OrderBy(g => g.Key.Label, StringComparer.Ordinal).ThenBy(g => g.Key.Category, StringComparer.Ordinal))
            {
                sb.Append("| ").Append(g.Key.Label).Append(" | `").Append(g.Key.Category).Append('`');
                foreach (string surface in Generator.Surfaces)
                {
                    sb.Append(" | ").Append(N(g.Count(i => i.Surface == surface)));
                }

                sb.Append(" | ").Append(N(g.Count())).Append(" |\n");
            }

            sb.Append("\n| label | part | items |\n|---|---|---:|\n");
            foreach (var g in part.GroupBy(i => (i.Label, i.Part)).OrderBy(g => g.Key.Label, StringComparer.Ordinal).ThenBy(g => g.Key.Part, StringComparer.Ordinal))
            {
                sb.Append("| ").Append(g.Key.Label).Append(" | ").Append(g.Key.Part).Append(" | ").Append(N(g.Count())).Append(" |\n");
            }

            int benign = part.Count(i => i.Label == "benign");
            int hard = part.Count(i => i.Label == "benign" && i.Tags is not null && i.Tags.Contains("hard_negative"));
            sb.Append("\nHard negatives: ").Append(N(hard)).Append(" of ").Append(N(benign)).Append(" benign items.\n");
            sb.Append("Languages: ");
            sb.Append(string.Join(", ", part.GroupBy(i => i.Lang ?? "en").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {N(g.Count())}")));
            sb.Append(".\n");
        }

        return sb.ToString();
    }

    private static void Part<T>(StringBuilder sb, string name, IReadOnlyList<T> list) =>
        sb.Append("| ").Append(name).Append(" | ").Append(N(list.Of(Split.Train).Count)).Append(" | ").Append(N(list.Of(Split.HeldOut).Count)).Append(" |\n");

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
