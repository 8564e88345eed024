using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Tests.Mcp.Http;

/// <summary>
/// A guard that delegates to a real one, except for the requests <see cref="Script"/> takes over (to throw, or to hang
/// until cancelled); records every request whose screening was cancelled.
/// </summary>
internal sealed class ScriptedGuard : IRagPrefGuard
{
    private readonly IRagPrefGuard _inner;

    public ScriptedGuard(IRagPrefGuard inner)
    {
        _inner = inner;
    }

    /// <summary>Gets or sets the override: return <see langword="null"/> to let the real guard screen the request.</summary>
    public Func<GuardRequest, CancellationToken, Task<GuardResult>?>? Script { get; set; }

    /// <summary>Gets a signal set when a scripted hang started.</summary>
    public TaskCompletionSource HangStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets a signal set when a scripted hang saw its token cancelled.</summary>
    public TaskCompletionSource HangCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<GuardResult> GuardAsync(GuardRequest request, CancellationToken cancellationToken = default) =>
        Script?.Invoke(request, cancellationToken) ?? _inner.GuardAsync(request, cancellationToken);

    public IList<ChatMessage> ComposeMessages(IEnumerable<ChatMessage> conversation, GuardResult result) =>
        _inner.ComposeMessages(conversation, result);

    /// <summary>A screening that never answers: it waits for its token, then reports the cancellation.</summary>
    public async Task<GuardResult> HangAsync(CancellationToken cancellationToken)
    {
        HangStarted.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            HangCancelled.TrySetResult();
            throw;
        }

        throw new InvalidOperationException("unreachable");
    }
}
