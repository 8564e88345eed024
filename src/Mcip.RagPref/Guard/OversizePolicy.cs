using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Guard;

/// <summary>
/// The least verdict a request gets, per surface, when it is too large to screen whole within the guard's work budget
/// (<see cref="GuardOptions.MaxCharacters"/>, <see cref="GuardOptions.MaxWindows"/>): the guard then screens a bounded,
/// representative part of it (see <see cref="GuardResult.Oversize"/>) and the verdict is the stricter of the score's verdict
/// and this one, so that padding an attack never turns its verdict into Allow.
/// </summary>
/// <remarks>Not synchronised for concurrent writes; a guard copies it when it is created.</remarks>
public sealed class OversizePolicy
{
    /// <summary>Gets or sets the least verdict of an oversize user prompt. Default <see cref="GuardVerdict.Flag"/>.</summary>
    public GuardVerdict UserPrompt { get; set; } = GuardVerdict.Flag;

    /// <summary>Gets or sets the least verdict of an oversize tool call. Default <see cref="GuardVerdict.Block"/>.</summary>
    public GuardVerdict ToolCall { get; set; } = GuardVerdict.Block;

    /// <summary>Gets or sets the least verdict of an oversize tool output. Default <see cref="GuardVerdict.Flag"/>.</summary>
    public GuardVerdict ToolOutput { get; set; } = GuardVerdict.Flag;

    /// <summary>Gets or sets the least verdict of an oversize tool description. Default <see cref="GuardVerdict.Block"/>.</summary>
    public GuardVerdict ToolDescription { get; set; } = GuardVerdict.Block;

    /// <summary>Returns the least verdict of an oversize request on <paramref name="surface"/> (Block for an unknown surface).</summary>
    /// <param name="surface">The request's surface.</param>
    /// <returns>The verdict set for that surface.</returns>
    public GuardVerdict For(GuardSurface surface) => surface switch
    {
        GuardSurface.UserPrompt => UserPrompt,
        GuardSurface.ToolCall => ToolCall,
        GuardSurface.ToolOutput => ToolOutput,
        GuardSurface.ToolDescription => ToolDescription,
        _ => GuardVerdict.Block,
    };

    /// <summary>
    /// Returns the verdict of an oversize request on <paramref name="surface"/>: the stricter of <paramref name="verdict"/>
    /// (the verdict it would have had) and <see cref="For(GuardSurface)"/>.
    /// </summary>
    /// <param name="surface">The request's surface.</param>
    /// <param name="verdict">The verdict the request would have had were it not oversize.</param>
    /// <returns><paramref name="verdict"/>, raised to the least verdict set for <paramref name="surface"/>.</returns>
    public GuardVerdict Apply(GuardSurface surface, GuardVerdict verdict)
    {
        GuardVerdict least = For(surface);
        return verdict >= least ? verdict : least;
    }

    /// <summary>Returns a copy.</summary>
    /// <returns>A new instance with the same verdicts.</returns>
    public OversizePolicy Clone() => new()
    {
        UserPrompt = UserPrompt,
        ToolCall = ToolCall,
        ToolOutput = ToolOutput,
        ToolDescription = ToolDescription,
    };

    internal IEnumerable<string> Validate()
    {
        foreach ((string name, GuardVerdict verdict) in new[] { ("UserPrompt", UserPrompt), ("ToolCall", ToolCall), ("ToolOutput", ToolOutput), ("ToolDescription", ToolDescription) })
        {
            if (!Enum.IsDefined(verdict))
            {
                yield return $"Oversize.{name} is {(int)verdict}; use Allow, Flag or Block.";
            }
        }
    }
}
