using System.Globalization;
using System.Text;

namespace Mcip.RagPref.Prompting;

/// <summary>
/// A template written as text with named placeholders in braces, for example
/// <c>"{preamble}\n\nRequests by attackers:\n{attack_examples}"</c>. Write <c>{{</c> and <c>}}</c> for literal braces.
/// The text is parsed once, when the template is created, and every placeholder must be one of
/// <see cref="Placeholders"/>.
/// </summary>
/// <remarks>Immutable and thread-safe. The built-in <see cref="PromptTemplates.RagPref"/> and
/// <see cref="PromptTemplates.VanillaRag"/> are instances of this type; users create one with
/// <see cref="PromptTemplates.Create"/>.</remarks>
internal sealed class CustomPromptTemplate : IPromptTemplate
{
    private readonly Segment[] segments;

    /// <summary>Creates a template.</summary>
    /// <param name="name">A short name for logs and results.</param>
    /// <param name="text">The template text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or <paramref name="text"/> contains an unknown
    /// placeholder or an unmatched brace (the message lists every problem and the known placeholders).</exception>
    public CustomPromptTemplate(string name, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(text);
        Name = name;
        Text = text;
        segments = Parse(text);
    }

    /// <summary>
    /// Gets the placeholders a template may use: <c>{preamble}</c>, <c>{attack_examples}</c> (lines A1, A2, ...),
    /// <c>{benign_examples}</c> (lines B1, B2, ...), <c>{unlabeled_examples}</c> (the benign examples numbered 1, 2, ...
    /// without categories), <c>{request_surface}</c> (for example "the user's request"), <c>{attack_count}</c>
    /// and <c>{benign_count}</c>.
    /// </summary>
    public static IReadOnlyList<string> Placeholders { get; } =
        ["preamble", "attack_examples", "benign_examples", "unlabeled_examples", "request_surface", "attack_count", "benign_count"];

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Gets the template text as given.</summary>
    public string Text { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    public string Render(PromptContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        StringBuilder builder = new(Text.Length + 1024);
        foreach (Segment segment in segments)
        {
            builder.Append(segment.Placeholder switch
            {
                null => segment.Literal,
                "preamble" => context.Preamble,
                "attack_examples" => context.FormatAttackExamples(),
                "benign_examples" => context.FormatBenignExamples(),
                "unlabeled_examples" => context.FormatUnlabeledExamples(),
                "request_surface" => context.DescribeSurface(),
                "attack_count" => context.AttackExamples.Count.ToString(CultureInfo.InvariantCulture),
                "benign_count" => context.BenignExamples.Count.ToString(CultureInfo.InvariantCulture),
                _ => throw new InvalidOperationException("Unreachable: placeholders are validated when the template is created."),
            });
        }

        return builder.ToString().Trim();
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private static Segment[] Parse(string text)
    {
        List<Segment> result = [];
        List<string> problems = [];
        StringBuilder literal = new();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c)
            {
                literal.Append(c);
                i += 2;
                continue;
            }

            if (c == '}')
            {
                problems.Add($"unmatched '}}' at offset {i} (write '}}}}' for a literal brace)");
                i++;
                continue;
            }

            if (c != '{')
            {
                literal.Append(c);
                i++;
                continue;
            }

            int close = text.IndexOf('}', i + 1);
            int nextOpen = text.IndexOf('{', i + 1);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close))
            {
                problems.Add($"unmatched '{{' at offset {i} (write '{{{{' for a literal brace)");
                i++;
                continue;
            }

            string name = text[(i + 1)..close];
            if (!Placeholders.Contains(name, StringComparer.Ordinal))
            {
                problems.Add($"unknown placeholder '{{{name}}}' at offset {i}");
            }
            else
            {
                if (literal.Length > 0)
                {
                    result.Add(new Segment(literal.ToString(), null));
                    literal.Clear();
                }

                result.Add(new Segment(string.Empty, name));
            }

            i = close + 1;
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(
                "The prompt template is invalid: " + string.Join("; ", problems)
                + ". Known placeholders: " + string.Join(", ", Placeholders.Select(p => "{" + p + "}")) + ".",
                nameof(text));
        }

        if (literal.Length > 0)
        {
            result.Add(new Segment(literal.ToString(), null));
        }

        return [.. result];
    }

    private readonly record struct Segment(string Literal, string? Placeholder);
}
