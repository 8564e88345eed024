namespace Mcip.RagPref.Cli.Serving.Contracts;

/// <summary>Why the guard could not decide (the <c>failure</c> object of a failure-policy result).</summary>
internal sealed record GuardFailureBody(string Reason, string ErrorType, bool FailedClosed);
