namespace Mcip.RagPref.Prompting;

/// <summary>One retrieved example as it enters a prompt.</summary>
/// <param name="Id">The example's id in its store (used in explanations, never written into the prompt).</param>
/// <param name="Text">The example text; it is sanitised and fenced before it is written into the prompt.</param>
/// <param name="Category">The example's category (for example <c>credential-theft</c>), or <see langword="null"/>.</param>
/// <param name="Similarity">The cosine similarity between the request and the example.</param>
public sealed record PromptExample(string Id, string Text, string? Category, float Similarity);
