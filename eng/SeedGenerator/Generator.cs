using System.Text;
using Mcip.RagPref.SeedGenerator.Parts;

namespace Mcip.RagPref.SeedGenerator;

/// <summary>Builds the whole generated corpus, both splits, as file contents keyed by relative path.</summary>
internal static class Generator
{
    public static readonly IReadOnlyDictionary<string, string> CategoryCodes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["malicious_code_execution"] = "mce", ["remote_access"] = "rac", ["credential_theft"] = "crt",
        ["data_exfiltration"] = "dex", ["destructive_action"] = "dst", ["tool_poisoning"] = "tpo",
        ["indirect_prompt_injection"] = "ipi", ["function_overlapping"] = "fov", ["excessive_privileges"] = "exp",
        ["function_injection"] = "fin", ["dependency_injection"] = "dep", ["intent_injection"] = "int",
        ["data_injection"] = "din", ["identity_injection"] = "idi", ["replay_injection"] = "rep",
        ["direct_prompt_injection"] = "dpi", ["harmful_task"] = "hrm", ["everyday_tool_use"] = "etu", ["devops"] = "dev",
        ["coding"] = "cod", ["data_work"] = "dat", ["security_questions"] = "sec", ["writing_and_research"] = "wri",
        ["file_management"] = "fil", ["general_knowledge"] = "gen",
    };

    public static readonly string[] Surfaces = ["user_prompt", "tool_call", "tool_output", "tool_description"];

    private static readonly string[] HardNegative = ["hard_negative"];

    public static string FileName(string label, string surface) => label + "-" + surface switch
    {
        "user_prompt" => "prompts",
        "tool_call" => "tool-calls",
        "tool_output" => "tool-outputs",
        _ => "tool-descriptions",
    } + ".jsonl";

    public static List<Item> Build(ulong seed)
    {
        var all = new List<Item>();
        foreach (Split split in new[] { Split.Train, Split.HeldOut })
        {
            var items = new List<Item>();
            var targets = Targets.For(split);
            string tag = split == Split.Train ? "train" : "heldout";
            int fills = split == Split.Train ? 1 : 2;
            SplitMix64 Rng(string stream) => SplitMix64.ForStream(seed, tag + "/" + stream);

            // Attack tool outputs: wrapper x goal, the instruction only.
            var rng = Rng("injections");
            foreach (Wrapper w in Injections.Wrappers.Of(split))
            {
                foreach (Goal g in Injections.Goals.Of(split))
                {
                    for (int f = 0; f < fills; f++)
                    {
                        string text = Injections.Apply(w.Template, targets.Fill(g.Template, rng));
                        items.Add(new(split, "attack", g.Category ?? w.Category ?? "indirect_prompt_injection", "tool_output", text, "injection"));
                    }
                }
            }

            foreach (LanguageSet set in Injections.Languages)
            {
                foreach (Wrapper w in set.Wrappers.Of(split))
                {
                    foreach (Goal g in set.Goals.Of(split))
                    {
                        for (int f = 0; f < fills; f++)
                        {
                            string text = Injections.Apply(w.Template, targets.Fill(g.Template, rng));
                            items.Add(new(split, "attack", g.Category ?? w.Category ?? "indirect_prompt_injection", "tool_output", text, "injection-" + set.Lang, Lang: set.Lang));
                        }
                    }
                }
            }

            // Attack user prompts: direct injections, one fill per pair in both splits.
            foreach (Wrapper w in Injections.DirectWrappers.Of(split))
            {
                foreach (Goal g in Injections.Goals.Of(split))
                {
                    items.Add(new(split, "attack", "direct_prompt_injection", "user_prompt", Injections.Apply(w.Template, targets.Fill(g.Template, rng)), "direct"));
                }
            }

            items = Dedupe(items);

            // Benign tool outputs: carriers and alarming notices, as many as the attack outputs.
            int attackOutputs = items.Count(i => i.Surface == "tool_output");
            rng = Rng("carriers");
            var benignOutputs = new List<Item>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int attempt = 0; benignOutputs.Count < attackOutputs && attempt < attackOutputs * 50; attempt++)
            {
                int k = attempt % (Carriers.Kinds.Count + 2);
                BenignText b;
                if (k < Carriers.Kinds.Count)
                {
                    b = Carriers.Kinds[k].Build(rng, split);
                }
                else
                {
                    Template t = rng.Pick(Alarming.OutputTemplates.Of(split));
                    b = new(Alarming.Fill(t.Text, rng, split, targets), t.Category, true, "alarming");
                }

                if (seen.Add(b.Text))
                {
                    benignOutputs.Add(new(split, "benign", b.Category, "tool_output", b.Text, "carrier:" + b.Part, Tags: b.HardNegative ? HardNegative : null));
                }
            }

            items.AddRange(benignOutputs);

            // Benign user prompts that look alarming, as many as the direct injections.
            int attackPrompts = items.Count(i => i.Surface == "user_prompt");
            rng = Rng("alarming-prompts");
            for (int attempt = 0, made = 0; made < attackPrompts && attempt < attackPrompts * 50; attempt++)
            {
                Template t = rng.Pick(Alarming.PromptTemplates.Of(split));
                string text = Alarming.Fill(t.Text, rng, split, targets);
                if (seen.Add(text))
                {
                    items.Add(new(split, "benign", t.Category, "user_prompt", text, "alarming", Tags: HardNegative));
                    made++;
                }
            }

            // Tool calls: attack and benign twin on the same tool.
            rng = Rng("tool-calls");
            var legit = Legit.For(split);
            foreach (SinkTool tool in ToolCalls.Tools.Of(split))
            {
                for (int pair = 0; pair < 24; pair++)
                {
                    (Args a, string ac) = tool.Build(rng, targets, legit, true);
                    (Args b, string bc) = tool.Build(rng, targets, legit, false);
                    string at = a.Render(tool.Name);
                    string bt = b.Render(tool.Name);
                    if (seen.Add(at) && seen.Add(bt))
                    {
                        items.Add(new(split, "attack", ac, "tool_call", at, "sink:" + tool.Name, tool.Name, a));
                        items.Add(new(split, "benign", bc, "tool_call", bt, "sink:" + tool.Name, tool.Name, b, Tags: HardNegative));
                    }
                }
            }

            // Tool descriptions: ordinary ones (benign) and poisoned ones (attack) over the same tools.
            rng = Rng("tool-descriptions");
            var notes = ToolDescriptions.Notes.Of(split);
            var poisons = ToolDescriptions.Poisons.Of(split);
            var tools = ToolDescriptions.Tools.Of(split);
            foreach (BaseTool tool in tools)
            {
                var two = rng.Shuffled(notes).Take(2).ToList();
                var variants = new[] { (string?)null, rng.Pick(notes), two[0] + " " + two[1] };
                foreach (string? note in variants)
                {
                    string text = tool.Render(note);
                    if (seen.Add(text))
                    {
                        items.Add(new(split, "benign", tool.Category, "tool_description", text, "description", tool.Name, Tags: HardNegative));
                    }
                }

                foreach (Poison p in rng.Shuffled(poisons).Take(3))
                {
                    string other = rng.Pick(tools.Where(t => t.Name != tool.Name).ToList()).Name;
                    string sentence = targets.Fill(p.Sentence.Replace("{other}", other, StringComparison.Ordinal), rng);
                    string text = tool.Render(sentence, p.ExtraParameter);
                    if (seen.Add(text))
                    {
                        items.Add(new(split, "attack", p.Category, "tool_description", text, "poisoned-description", tool.Name));
                    }
                }
            }

            all.AddRange(items);
        }

        AssignIds(all);
        return all;
    }

    /// <summary>Relative path (with '/') to file content: "\n" line endings, one object per line.</summary>
    public static SortedDictionary<string, string> Render(List<Item> items, ulong seed)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in items.GroupBy(i => (i.Split == Split.Train ? "train/" : "heldout/") + FileName(i.Label, i.Surface)))
        {
            var sb = new StringBuilder();
            foreach (Item item in group.OrderBy(i => i.Id, StringComparer.Ordinal))
            {
                sb.Append(item.ToJsonLine()).Append('\n');
            }

            files[group.Key] = sb.ToString();
        }

        files["counts.md"] = Counts.Markdown(items, seed);
        return files;
    }

    private static List<Item> Dedupe(List<Item> items)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. items.Where(i => seen.Add(i.Text))];
    }

    /// <summary>Ids <c>atk-ipi-G00001</c> (training) and <c>atk-ipi-H00001</c> (held-out), numbered per category in (surface, text) order.</summary>
    private static void AssignIds(List<Item> items)
    {
        var ordered = items
            .OrderBy(i => i.Split)
            .ThenBy(i => i.Label, StringComparer.Ordinal)
            .ThenBy(i => i.Category, StringComparer.Ordinal)
            .ThenBy(i => Array.IndexOf(Surfaces, i.Surface))
            .ThenBy(i => i.Text, StringComparer.Ordinal);
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Item item in ordered)
        {
            string prefix = (item.Label == "attack" ? "atk-" : "ben-") + CategoryCodes[item.Category] + "-" + (item.Split == Split.Train ? "G" : "H");
            int n = counters.TryGetValue(prefix, out int c) ? c + 1 : 1;
            counters[prefix] = n;
            item.Id = prefix + n.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
