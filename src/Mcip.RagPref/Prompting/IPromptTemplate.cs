namespace Mcip.RagPref.Prompting;

/// <summary>
/// Turns a preamble and the retrieved attack and benign examples into the text of the guidance block.
/// Built-in templates are in <see cref="PromptTemplates"/>; <see cref="PromptTemplates.Create"/> builds one from text
/// with named placeholders.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe. They should write examples only through the <c>Format*</c> methods of
/// <see cref="PromptContext"/>, which sanitise and fence them so that no stored example can break out of its list.
/// </remarks>
public interface IPromptTemplate
{
    /// <summary>Gets a short name identifying the template in logs and results (for example <c>rag-pref</c>).</summary>
    string Name { get; }

    /// <summary>Renders the guidance block.</summary>
    /// <param name="context">The preamble, the examples and the formatting options.</param>
    /// <returns>The text, without leading or trailing whitespace.</returns>
    string Render(PromptContext context);
}
