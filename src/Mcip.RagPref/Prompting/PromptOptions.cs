using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Prompting;

/// <summary>How <see cref="PromptComposer"/> renders and places the guidance block.</summary>
/// <remarks>Validated on every use; an instance may be shared once configured, but is not synchronised for concurrent writes.</remarks>
public sealed class PromptOptions
{
    /// <summary>The smallest allowed <see cref="MaxExampleLength"/>.</summary>
    public const int MinExampleLength = 16;

    /// <summary>Gets or sets the template. Default <see cref="PromptTemplates.RagPref"/>.</summary>
    public IPromptTemplate Template { get; set; } = PromptTemplates.RagPref;

    /// <summary>Gets or sets where the guidance goes. Default <see cref="PromptPlacement.NewSystemMessage"/>.</summary>
    public PromptPlacement Placement { get; set; } = PromptPlacement.NewSystemMessage;

    /// <summary>
    /// Gets or sets the assistant's normal preamble written before the guidance. Default <see langword="null"/>: the
    /// <see cref="PromptTemplates.DefaultPreamble"/> in a new system message, and nothing when appending to an existing
    /// system message (that message is the preamble). An explicit value (including an empty string) is always used.
    /// </summary>
    public string? Preamble { get; set; }

    /// <summary>Gets or sets the surface being screened, which the templates name ("the user's request", "the tool call you are about to make", ...). Default <see cref="GuardSurface.UserPrompt"/>.</summary>
    public GuardSurface Surface { get; set; } = GuardSurface.UserPrompt;

    /// <summary>Gets or sets the longest example text written into the prompt, in characters after sanitising; longer
    /// texts are cut and end with an ellipsis. Default 400; at least <see cref="MinExampleLength"/>.</summary>
    public int MaxExampleLength { get; set; } = 400;

    /// <summary>Gets or sets a value indicating whether labelled lists show each example's category. Default <see langword="true"/>.</summary>
    public bool ShowCategories { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether labelled lists show each example's similarity to the request. Default <see langword="false"/>.</summary>
    public bool ShowSimilarities { get; set; }

    internal static PromptOptions Default { get; } = new();

    /// <summary>Returns a copy of these settings (the template instance is shared: templates are immutable).</summary>
    /// <returns>A new instance with the same values.</returns>
    public PromptOptions Clone() => (PromptOptions)MemberwiseClone();

    internal void Validate()
    {
        List<string> problems = [];
        if (Template is null)
        {
            problems.Add("Template is null: set it to PromptTemplates.RagPref, PromptTemplates.VanillaRag or a template from PromptTemplates.Create.");
        }

        if (!Enum.IsDefined(Placement))
        {
            problems.Add($"Placement {(int)Placement} is not a PromptPlacement value.");
        }

        if (!Enum.IsDefined(Surface))
        {
            problems.Add($"Surface {(int)Surface} is not a GuardSurface value.");
        }

        if (MaxExampleLength < MinExampleLength)
        {
            problems.Add($"MaxExampleLength is {MaxExampleLength}; it must be at least {MinExampleLength}.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid PromptOptions: " + string.Join(" ", problems), "options");
        }
    }
}
