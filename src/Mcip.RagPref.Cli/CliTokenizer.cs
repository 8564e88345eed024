namespace Mcip.RagPref.Cli;

/// <summary>Turns one text into token ids, special tokens included.</summary>
/// <param name="text">The text.</param>
/// <param name="maxTokens">The largest number of ids (at least 2), or <see langword="null"/> for no truncation.</param>
/// <returns>The ids.</returns>
internal delegate int[] CliTokenizer(string text, int? maxTokens);
