namespace Mcip.RagPref.Guard;

/// <summary>Why a guard could not decide a request, carried by a <see cref="GuardResult"/> produced under a failure policy.</summary>
/// <param name="Reason">What went wrong, for people (for example "The guard did not answer within 00:00:02.").</param>
/// <param name="ErrorType">The full name of the exception type that stopped the guard, or <c>"Timeout"</c>.</param>
/// <param name="FailedClosed">
/// <see langword="true"/> when the policy blocked the request because the guard failed (fail closed);
/// <see langword="false"/> when it let the request through (fail open).
/// </param>
public sealed record GuardFailure(string Reason, string ErrorType, bool FailedClosed);
