namespace Mcip.RagPref.Cli;

/// <summary>
/// A command-line option or argument has a value the command cannot use (out of range, unknown name, malformed).
/// The CLI prints its message as one line and exits with <see cref="CliExitCodes.Usage"/> (2).
/// </summary>
internal sealed class CliUsageException : RagPrefException
{
    /// <summary>Creates the exception with a message that names the option, the value found and a value that works.</summary>
    /// <param name="message">The explanation.</param>
    public CliUsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping the failure that revealed the bad value.</summary>
    /// <param name="message">The explanation.</param>
    /// <param name="innerException">The underlying failure.</param>
    public CliUsageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
