using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Prompting;

/// <summary>
/// What a template renders from: the preamble, the retrieved examples and the formatting options, with methods that
/// write the example lists safely (one line per entry, text sanitised and fenced between ⟦ and ⟧).
/// </summary>
/// <remarks>Immutable and thread-safe as long as the lists given are not changed.</remarks>
public sealed class PromptContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="preamble">The assistant's normal preamble (may be empty).</param>
    /// <param name="attackExamples">The nearest attack examples, in the order they are listed.</param>
    /// <param name="benignExamples">The nearest benign examples, in the order they are listed.</param>
    /// <param name="options">Formatting options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A list contains <see langword="null"/>, or the options are invalid.</exception>
    public PromptContext(string preamble, IReadOnlyList<PromptExample> attackExamples, IReadOnlyList<PromptExample> benignExamples, PromptOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(preamble);
        ArgumentNullException.ThrowIfNull(attackExamples);
        ArgumentNullException.ThrowIfNull(benignExamples);
        options ??= PromptOptions.Default;
        options.Validate();
        RequireNoNulls(attackExamples, nameof(attackExamples));
        RequireNoNulls(benignExamples, nameof(benignExamples));
        Preamble = preamble;
        AttackExamples = attackExamples;
        BenignExamples = benignExamples;
        Surface = options.Surface;
        MaxExampleLength = options.MaxExampleLength;
        ShowCategories = options.ShowCategories;
        ShowSimilarities = options.ShowSimilarities;
    }

    /// <summary>Gets the preamble (may be empty).</summary>
    public string Preamble { get; }

    /// <summary>Gets the attack examples.</summary>
    public IReadOnlyList<PromptExample> AttackExamples { get; }

    /// <summary>Gets the benign examples.</summary>
    public IReadOnlyList<PromptExample> BenignExamples { get; }

    /// <summary>Gets the surface being screened.</summary>
    public GuardSurface Surface { get; }

    /// <summary>Gets the longest example text written, in characters.</summary>
    public int MaxExampleLength { get; }

    /// <summary>Gets a value indicating whether labelled lists show categories.</summary>
    public bool ShowCategories { get; }

    /// <summary>Gets a value indicating whether labelled lists show similarities.</summary>
    public bool ShowSimilarities { get; }

    /// <summary>Names the screened surface for use inside a sentence, for example "the user's request" or "the tool call you are about to make".</summary>
    /// <returns>The phrase, in lower case.</returns>
    public string DescribeSurface() => Surface switch
    {
        GuardSurface.ToolCall => "the tool call you are about to make",
        GuardSurface.ToolOutput => "the tool output you received",
        GuardSurface.ToolDescription => "the tool description you received",
        _ => "the user's request",
    };

    /// <summary>Writes the attack examples, one line each, labelled A1, A2, ..., or <c>(none)</c>.</summary>
    /// <returns>The list text, without a trailing line break.</returns>
    public string FormatAttackExamples() =>
        ExampleListFormatter.Format(AttackExamples, "A", ShowCategories, ShowSimilarities, MaxExampleLength);

    /// <summary>Writes the benign examples, one line each, labelled B1, B2, ..., or <c>(none)</c>.</summary>
    /// <returns>The list text, without a trailing line break.</returns>
    public string FormatBenignExamples() =>
        ExampleListFormatter.Format(BenignExamples, "B", ShowCategories, ShowSimilarities, MaxExampleLength);

    /// <summary>Writes the benign examples without labels, categories or similarities, numbered 1, 2, ... (the vanilla-RAG form), or <c>(none)</c>.</summary>
    /// <returns>The list text, without a trailing line break.</returns>
    public string FormatUnlabeledExamples() =>
        ExampleListFormatter.Format(BenignExamples, string.Empty, showCategory: false, showSimilarity: false, MaxExampleLength);

    private static void RequireNoNulls(IReadOnlyList<PromptExample> examples, string name)
    {
        for (int i = 0; i < examples.Count; i++)
        {
            if (examples[i] is null)
            {
                throw new ArgumentException($"Example {i} is null; every entry must be a PromptExample.", name);
            }
        }
    }
}
