using System.Diagnostics;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Microsoft.Extensions.Logging;

namespace Mcip.RagPref.Hosting;

/// <content>Screening: the timeout, the failure policy and the verdict logs.</content>
internal sealed partial class HostedRagPrefGuard
{
    /// <inheritdoc />
    public async Task<GuardResult> GuardAsync(GuardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        long start = Stopwatch.GetTimestamp();
        TimeSpan timeout = _options.Timeout;
        try
        {
            LoadedGuard lease = AcquireLoaded() ?? await LoadAndAcquireAsync(cancellationToken).ConfigureAwait(false);
            var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            Task<GuardResult> call = RunAsync(lease, request, deadline);
            GuardResult result = await call.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            LogVerdict(request, result);
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            return Fail(request, "Timeout", $"The guard did not answer within {timeout}.", null, start);
        }
        catch (Exception ex)
        {
            return Fail(request, ex.GetType().FullName ?? ex.GetType().Name, ex.Message, ex, start);
        }
    }

    /// <summary>
    /// Runs one call on a leased guard and releases the lease (and the deadline) when the call ends, which after a
    /// timeout is later than the caller's return: the guard stays alive until its last call is done.
    /// </summary>
    /// <remarks>
    /// The call runs on the thread pool, so that neither the synchronous stages (canonicalisation) nor an embedder that
    /// blocks its thread instead of returning a task can hold the caller past the timeout.
    /// </remarks>
    private static async Task<GuardResult> RunAsync(LoadedGuard lease, GuardRequest request, CancellationTokenSource deadline)
    {
        try
        {
            return await Task.Run(() => lease.Guard.GuardAsync(request, deadline.Token), deadline.Token).ConfigureAwait(false);
        }
        finally
        {
            lease.Release();
            deadline.Dispose();
        }
    }

    private async Task<LoadedGuard> LoadAndAcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
            if (AcquireLoaded() is { } lease)
            {
                return lease;
            }

            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        }
    }

    private GuardResult Fail(GuardRequest request, string errorType, string reason, Exception? exception, long start)
    {
        bool closed = _options.FailureModes.For(request.Surface) == GuardFailureMode.FailClosed;
        GuardVerdict verdict = closed ? GuardVerdict.Block : GuardVerdict.Allow;
        bool large = !closed && request.RenderedText.Length > _options.FailOpenMaxLength;
        if (large)
        {
            // Padding an attack until the guard fails must not let it through: a large request takes its Oversize verdict.
            verdict = _options.Guard.Oversize.Apply(request.Surface, verdict);
        }

        string surface = GuardNames.Surface(request.Surface);
        _failures.Add(
            1,
            new KeyValuePair<string, object?>("mcip.ragpref.surface", surface),
            new KeyValuePair<string, object?>("error.type", errorType));
        if (closed)
        {
            Log.GuardFailedClosed(_logger, surface, request, errorType, reason, exception);
        }
        else
        {
            Log.GuardFailedOpen(_logger, surface, request, errorType, reason, exception);
        }

        if (_options.LogRequestText)
        {
            if (_logger.IsEnabled(LogLevel.Trace))
            {
                Log.RequestText(_logger, surface, verdict, request.RenderedText);
            }
        }

        return GuardResult.ForFailure(request, new GuardFailure(reason, errorType, closed), Stopwatch.GetElapsedTime(start), verdict, oversize: large);
    }

    private void LogVerdict(GuardRequest request, GuardResult result)
    {
        string surface = GuardNames.Surface(request.Surface);
        string? nearestAttack = NearestAttack(result);
        if (result.Verdict == GuardVerdict.Block)
        {
            if (_logger.IsEnabled(LogLevel.Warning))
            {
                Log.GuardBlocked(_logger, surface, request, result.Score, result.Margin, nearestAttack);
            }
        }
        else if (result.Verdict == GuardVerdict.Flag)
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                Log.GuardFlagged(_logger, surface, request, result.Score, result.Margin, nearestAttack);
            }
        }

        if (_options.LogRequestText)
        {
            if (_logger.IsEnabled(LogLevel.Trace))
            {
                Log.RequestText(_logger, surface, result.Verdict, request.RenderedText);
            }
        }
    }

    private static string? NearestAttack(GuardResult result) =>
        result.AttackNeighbours.Count > 0 ? result.AttackNeighbours[0].Id : null;
}
