using System.Globalization;
using System.Text;

namespace Mcip.RagPref.Prompting;

/// <summary>
/// Writes a list of examples, one line per entry: <c>{prefix}{n}. [notes ]⟦sanitised text⟧</c>, where the optional
/// notes are <c>(category: x, similarity: 0.83)</c>. An empty list is written as <c>(none)</c>.
/// </summary>
internal static class ExampleListFormatter
{
    /// <summary>What an empty list renders as.</summary>
    public const string EmptyList = "(none)";

    private const int MaxCategoryLength = 48;

    public static string Format(IReadOnlyList<PromptExample> examples, string labelPrefix, bool showCategory, bool showSimilarity, int maxExampleLength)
    {
        if (examples.Count == 0)
        {
            return EmptyList;
        }

        StringBuilder builder = new(examples.Count * 96);
        for (int n = 0; n < examples.Count; n++)
        {
            PromptExample example = examples[n];
            if (n > 0)
            {
                builder.Append('\n');
            }

            builder.Append(labelPrefix).Append((n + 1).ToString(CultureInfo.InvariantCulture)).Append(". ");
            string? category = showCategory && !string.IsNullOrWhiteSpace(example.Category)
                ? ExampleSanitizer.Sanitize(example.Category, MaxCategoryLength)
                : null;
            if (category is { Length: > 0 } || showSimilarity)
            {
                builder.Append('(');
                if (category is { Length: > 0 })
                {
                    builder.Append("category: ").Append(category);
                }

                if (showSimilarity)
                {
                    builder.Append(category is { Length: > 0 } ? ", " : string.Empty)
                        .Append("similarity: ")
                        .Append(example.Similarity.ToString("0.00", CultureInfo.InvariantCulture));
                }

                builder.Append(") ");
            }

            builder.Append(ExampleSanitizer.FenceOpen)
                .Append(ExampleSanitizer.Sanitize(example.Text ?? string.Empty, maxExampleLength))
                .Append(ExampleSanitizer.FenceClose);
        }

        return builder.ToString();
    }
}
