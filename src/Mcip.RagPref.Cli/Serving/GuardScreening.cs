using Mcip.RagPref.Guard;
using Microsoft.AspNetCore.Http;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>Runs the guard for an endpoint. A request too long to screen whole is screened in part and says so (<c>oversize</c>); the hosted guard turns every failure into its failure policy's verdict.</summary>
internal static class GuardScreening
{
    /// <summary>Screens the request; exactly one of the returned result and problem is non-null.</summary>
    public static async Task<(GuardResult? Result, IResult? Problem)> ScreenAsync(IRagPrefGuard guard, GuardRequest request, CancellationToken cancellationToken)
    {
        return (await guard.GuardAsync(request, cancellationToken).ConfigureAwait(false), null);
    }
}
