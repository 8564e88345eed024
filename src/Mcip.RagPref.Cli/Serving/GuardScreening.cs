using Mcip.RagPref.Guard;
using Microsoft.AspNetCore.Http;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>Runs the guard for an endpoint, turning a request the guard refuses as too long into a 400.</summary>
internal static class GuardScreening
{
    /// <summary>Screens the request; exactly one of the returned result and problem is non-null.</summary>
    public static async Task<(GuardResult? Result, IResult? Problem)> ScreenAsync(IRagPrefGuard guard, GuardRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return (await guard.GuardAsync(request, cancellationToken).ConfigureAwait(false), null);
        }
        catch (ArgumentException ex)
        {
            // The guard refuses texts it would have to truncate (more windows than GuardOptions.MaxWindows).
            return (null, ServeProblems.BadRequest(
                "Request too long for the guard",
                $"The guard cannot screen this {GuardRequestName(request)} in one request: {ex.Message.Split(" (Parameter", 2)[0]} Split the text and screen the parts."));
        }
    }

    private static string GuardRequestName(GuardRequest request) => request.Surface switch
    {
        GuardSurface.ToolCall => "tool call (its 'arguments')",
        GuardSurface.ToolDescription => "tool description (its 'text' and 'input_schema')",
        _ => "'text'",
    };
}
