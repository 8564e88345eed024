using System.Globalization;
using System.Text;
using Mcip.RagPref.Guard;

namespace Mcip.RagPref.Mcp;

/// <summary>Turns a <see cref="GuardResult"/> into the evidence the MCP integration reports: example ids, categories and a one-line explanation.</summary>
internal static class GuardEvidence
{
    /// <summary>How many attack examples an explanation names.</summary>
    public const int MaxExamples = 3;

    /// <summary>The ids of the nearest attack examples, most similar first (at most <see cref="MaxExamples"/>).</summary>
    public static string[] ExampleIds(GuardResult result)
    {
        int count = Math.Min(MaxExamples, result.AttackNeighbours.Count);
        string[] ids = new string[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = result.AttackNeighbours[i].Id;
        }

        return ids;
    }

    /// <summary>The distinct categories of the nearest attack examples, in order.</summary>
    public static string[] Categories(GuardResult result)
    {
        int count = Math.Min(MaxExamples, result.AttackNeighbours.Count);
        List<string> categories = new(count);
        for (int i = 0; i < count; i++)
        {
            if (result.AttackNeighbours[i].Category is { Length: > 0 } category && !categories.Contains(category))
            {
                categories.Add(category);
            }
        }

        return [.. categories];
    }

    /// <summary>
    /// Explains a result without request text, for example
    /// <c>verdict Block, score 0.912 (flag at 0.500, block at 0.800); nearest attack examples: a4 (remote_access, similarity 0.91)</c>.
    /// </summary>
    public static string Explain(GuardResult result)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder(160);
        if (result.Failure is { } failure)
        {
            text.Append(inv, $"verdict {result.Verdict}: the guard could not screen it ({failure.Reason}) and ")
                .Append(failure.FailedClosed ? "fails closed" : "fails open");
            return text.ToString();
        }

        text.Append(inv, $"verdict {result.Verdict}, score {result.Score:0.000} (flag at {result.Policy.FlagThreshold:0.000}, block at {result.Policy.BlockThreshold:0.000})");
        int count = Math.Min(MaxExamples, result.AttackNeighbours.Count);
        if (count > 0)
        {
            text.Append("; nearest attack examples: ");
            for (int i = 0; i < count; i++)
            {
                GuardNeighbour neighbour = result.AttackNeighbours[i];
                if (i > 0)
                {
                    text.Append(", ");
                }

                text.Append(neighbour.Id).Append(" (");
                if (neighbour.Category is { Length: > 0 } category)
                {
                    text.Append(category).Append(", ");
                }

                text.Append(inv, $"similarity {neighbour.Similarity:0.00})");
            }
        }

        return text.ToString();
    }
}
