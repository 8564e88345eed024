using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mcip.RagPref.SeedGenerator;

/// <summary>
/// Schema checks over embeddings/seed and the generated folder: required and known fields, labels, categories,
/// surfaces, languages, id format, unique ids everywhere, tool calls with tool and object arguments, tool
/// descriptions with a tool, no generated benign text that addresses an assistant, no text shared by the
/// training and held-out splits.
/// </summary>
internal static partial class Checker
{
    private static readonly HashSet<string> KnownFields = ["id", "text", "label", "category", "surface", "tool", "arguments", "lang", "tags"];

    private static readonly HashSet<string> AttackCategories =
    [
        "malicious_code_execution", "remote_access", "credential_theft", "data_exfiltration", "destructive_action",
        "tool_poisoning", "indirect_prompt_injection", "function_overlapping", "excessive_privileges",
        "function_injection", "dependency_injection", "intent_injection", "data_injection", "identity_injection",
        "replay_injection", "direct_prompt_injection", "harmful_task",
    ];

    private static readonly HashSet<string> BenignCategories =
        ["everyday_tool_use", "devops", "coding", "data_work", "security_questions", "writing_and_research", "file_management", "general_knowledge"];

    private static readonly HashSet<string> Langs = ["de", "es", "fr", "zh"];

    private static readonly HashSet<string> SurfaceNames = ["user_prompt", "tool_call", "tool_output", "tool_description"];

    public static List<string> Validate(string seedDir, string generatedDir)
    {
        var problems = new List<string>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var trainTexts = new HashSet<string>(StringComparer.Ordinal);
        var heldOutTexts = new Dictionary<string, string>(StringComparer.Ordinal);
        var generatedTexts = new Dictionary<string, string>(StringComparer.Ordinal);

        var files = Directory.GetFiles(seedDir, "*.jsonl").Select(f => (File: f, Generated: false))
            .Concat(Directory.Exists(generatedDir) ? Directory.GetFiles(generatedDir, "*.jsonl", SearchOption.AllDirectories).Select(f => (File: f, Generated: true)) : [])
            .OrderBy(f => f.File, StringComparer.Ordinal);
        foreach ((string file, bool generated) in files)
        {
            string name = generated ? "generated/" + Path.GetRelativePath(generatedDir, file).Replace('\\', '/') : "seed/" + Path.GetFileName(file);
            bool heldOut = name.StartsWith("generated/heldout/", StringComparison.Ordinal);
            string[] lines = File.ReadAllText(file).Split('\n');
            for (int n = 0; n < lines.Length; n++)
            {
                if (n == lines.Length - 1 && lines[n].Length == 0)
                {
                    break;
                }

                string where = $"{name}:{n + 1}";
                JsonDocument doc;
                try
                {
                    doc = JsonDocument.Parse(lines[n]);
                }
                catch (JsonException e)
                {
                    problems.Add($"{where}: not JSON ({e.Message})");
                    continue;
                }

                using (doc)
                {
                    CheckItem(doc.RootElement, where, generated, heldOut, problems, ids, trainTexts, heldOutTexts, generatedTexts);
                }
            }
        }

        foreach ((string text, string where) in heldOutTexts)
        {
            if (trainTexts.Contains(text))
            {
                problems.Add($"{where}: the same text is in the training split");
            }
        }

        return problems;
    }

    private static void CheckItem(
        JsonElement root,
        string where,
        bool generated,
        bool heldOut,
        List<string> problems,
        Dictionary<string, string> ids,
        HashSet<string> trainTexts,
        Dictionary<string, string> heldOutTexts,
        Dictionary<string, string> generatedTexts)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{where}: not a JSON object");
            return;
        }

        foreach (JsonProperty p in root.EnumerateObject())
        {
            if (!KnownFields.Contains(p.Name))
            {
                problems.Add($"{where}: unknown field '{p.Name}'");
            }
        }

        string id = Str(root, "id", where, problems) ?? string.Empty;
        string text = Str(root, "text", where, problems) ?? string.Empty;
        string label = Str(root, "label", where, problems) ?? string.Empty;
        string category = Str(root, "category", where, problems) ?? string.Empty;
        string surface = Str(root, "surface", where, problems) ?? string.Empty;
        string? lang = root.TryGetProperty("lang", out JsonElement l) ? l.GetString() : null;
        string? tool = root.TryGetProperty("tool", out JsonElement t) ? t.GetString() : null;

        if (text.Length == 0 || text != text.Trim())
        {
            problems.Add($"{where}: empty text or leading/trailing white space");
        }

        if (label is not ("attack" or "benign"))
        {
            problems.Add($"{where}: label '{label}'");
        }
        else if (!(label == "attack" ? AttackCategories : BenignCategories).Contains(category))
        {
            problems.Add($"{where}: category '{category}' is not a known {label} category");
        }

        if (!SurfaceNames.Contains(surface))
        {
            problems.Add($"{where}: surface '{surface}'");
        }

        if (lang is not null && !Langs.Contains(lang))
        {
            problems.Add($"{where}: lang '{lang}'");
        }

        Regex idPattern = generated ? GeneratedId() : SeedId();
        string prefix = label == "attack" ? "atk-" : "ben-";
        if (!idPattern.IsMatch(id) || !id.StartsWith(prefix, StringComparison.Ordinal))
        {
            problems.Add($"{where}: id '{id}' does not match {idPattern} with prefix {prefix}");
        }
        else if (generated && heldOut != (id[8] == 'H'))
        {
            problems.Add($"{where}: id '{id}' is in the wrong split folder");
        }

        if (!ids.TryAdd(id, where))
        {
            problems.Add($"{where}: id '{id}' already used at {ids[id]}");
        }

        if (surface == "tool_call")
        {
            if (string.IsNullOrEmpty(tool) || !root.TryGetProperty("arguments", out JsonElement a) || a.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{where}: tool_call needs 'tool' and object 'arguments'");
            }
            else if (!text.StartsWith(tool, StringComparison.Ordinal))
            {
                problems.Add($"{where}: tool_call text does not start with the tool name");
            }
        }

        if (surface == "tool_description" && (string.IsNullOrEmpty(tool) || !text.StartsWith(tool + ": ", StringComparison.Ordinal)))
        {
            problems.Add($"{where}: tool_description needs 'tool' and text 'name: description'");
        }

        if (!generated)
        {
            return;
        }

        if (label == "benign" && AddressesAssistant().IsMatch(text))
        {
            problems.Add($"{where}: benign text names an assistant, agent or AI ('{AddressesAssistant().Match(text).Value}')");
        }

        if (!generatedTexts.TryAdd(text, where))
        {
            problems.Add($"{where}: repeats the text of {generatedTexts[text]}");
        }

        if (heldOut)
        {
            heldOutTexts.TryAdd(text, where);
        }
        else
        {
            trainTexts.Add(text);
        }
    }

    private static string? Str(JsonElement root, string name, string where, List<string> problems)
    {
        if (root.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String)
        {
            return v.GetString();
        }

        problems.Add($"{where}: missing string field '{name}'");
        return null;
    }

    [GeneratedRegex(@"^(atk|ben)-[a-z]{3}-\d{4}$")]
    private static partial Regex SeedId();

    [GeneratedRegex(@"^(atk|ben)-[a-z]{3}-[GH]\d{5}$")]
    private static partial Regex GeneratedId();

    /// <summary>Words that name the reader as an assistant, agent, AI or model, in the five languages.</summary>
    [GeneratedRegex(@"(?i:\b(assistants?|agents?|chatbots?|llms?|language models?|assistent(en|in)?|asistente|assistente|summari[sz]er)\b)|\b(AI|KI|IA)\b|助手|人工智能|智能体")]
    private static partial Regex AddressesAssistant();
}
