using System.ComponentModel;

namespace Mcip.RagPref.Cli.Serving.Contracts;

/// <summary>An example <c>POST /v1/examples</c> left out (an entry of <c>skipped</c>).</summary>
/// <param name="Id">The example's id (given or derived from its text).</param>
/// <param name="Index">Its position in the request (0-based), when known.</param>
/// <param name="Reason">Why it was left out.</param>
internal sealed record SkippedExampleBody(
    [property: Description("The example's id (given, or derived from its text).")] string Id,
    [property: Description("Its position in the request body (0-based), when known.")] int? Index,
    [property: Description("Why it was left out.")] string Reason);
