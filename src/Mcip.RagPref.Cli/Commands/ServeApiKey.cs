namespace Mcip.RagPref.Cli.Commands;

/// <summary>Where <c>ragpref serve</c> takes its API key from: <c>--api-key-file PATH</c>, else the <c>RAGPREF_API_KEY</c> environment variable, else none.</summary>
internal static class ServeApiKey
{
    /// <summary>The environment variable that holds the key when <c>--api-key-file</c> is not given.</summary>
    public const string EnvironmentVariable = "RAGPREF_API_KEY";

    /// <summary>The shortest key accepted, in characters: shorter keys can be guessed.</summary>
    public const int MinLength = 16;

    /// <summary>Reads the key; <see langword="null"/> when neither source is set.</summary>
    /// <param name="file">The <c>--api-key-file</c> value: a file whose content (surrounding white space trimmed) is the key.</param>
    /// <param name="environmentValue">The value of <see cref="EnvironmentVariable"/>.</param>
    /// <exception cref="CliUsageException">The file cannot be read, or the key is empty, too short or contains white space or control characters.</exception>
    public static string? Resolve(string? file, string? environmentValue)
    {
        string source;
        string key;
        if (!string.IsNullOrEmpty(file))
        {
            try
            {
                key = File.ReadAllText(file).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                throw new CliUsageException($"--api-key-file '{file}' cannot be read ({ex.Message}). Pass a readable file holding the key on one line.", ex);
            }

            source = $"--api-key-file '{file}'";
        }
        else if (!string.IsNullOrEmpty(environmentValue))
        {
            key = environmentValue.Trim();
            source = EnvironmentVariable;
        }
        else
        {
            return null;
        }

        if (key.Length < MinLength)
        {
            throw new CliUsageException(
                $"{source} holds a key of {key.Length} characters; use at least {MinLength} (for example the output of 'openssl rand -hex 32').");
        }

        foreach (char c in key)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new CliUsageException($"{source} holds a key with white space or control characters inside; an HTTP header carries one token: use for example 'openssl rand -hex 32'.");
            }
        }

        return key;
    }
}
