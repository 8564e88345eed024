namespace Mcip.RagPref.Stores;

/// <summary>How <see cref="ExampleInput.ReadFile"/> reads an example file.</summary>
public sealed class ExampleReadOptions
{
    /// <summary>The refusal that marks a preference pair as an attack in the research data.</summary>
    public const string DefaultRefusalText = "I'm sorry, but I can't assist with that request.";

    /// <summary>The file format. Default <see cref="ExampleFileFormat.Auto"/>.</summary>
    public ExampleFileFormat Format { get; init; } = ExampleFileFormat.Auto;

    /// <summary>
    /// The text whose presence as the last <c>chosen</c> message makes a preference pair an attack
    /// (compared after trimming white space at both ends, case-sensitive). Default <see cref="DefaultRefusalText"/>.
    /// </summary>
    public string RefusalText { get; init; } = DefaultRefusalText;

    /// <summary>
    /// The source given to rows that name none, or <see langword="null"/> (the default) to use the file name.
    /// </summary>
    public string? Source { get; init; }
}
