using Microsoft.Extensions.Logging;

namespace Mcip.RagPref.Postgres;

/// <summary>The replica's log messages (source-generated).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "RAG-Pref store read from {Database}: {Rows} rows at change {Sequence}")]
    public static partial void Pulled(ILogger logger, string database, int rows, long sequence);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Empty RAG-Pref database {Database} seeded with this replica's store ({Rows} rows)")]
    public static partial void Seeded(ILogger logger, string database, int rows);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "PostgreSQL {Database} is unreachable; serving the snapshot {Snapshot} at change {Sequence} until it returns")]
    public static partial void ServingSnapshot(ILogger logger, Exception exception, string database, string snapshot, long sequence);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Lost PostgreSQL {Database}; serving the last snapshot and retrying every {Delay}")]
    public static partial void Disconnected(ILogger logger, Exception exception, string database, TimeSpan delay);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Connected to PostgreSQL {Database}; following changes from {Sequence}")]
    public static partial void Connected(ILogger logger, string database, long sequence);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Applied changes up to {Sequence}: {Added} rows added, {Removed} removed, {Metadata} metadata and {Pins} pin changes")]
    public static partial void Applied(ILogger logger, long sequence, int added, int removed, int metadata, int pins);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Full check against {Database} repaired the store: {Added} rows added, {Removed} removed")]
    public static partial void Repaired(ILogger logger, string database, int added, int removed);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Writing the local snapshot {Snapshot} failed; the replica keeps serving from memory")]
    public static partial void SnapshotFailed(ILogger logger, Exception exception, string snapshot);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "Applying changes from {Database} failed; the next check retries")]
    public static partial void ApplyFailed(ILogger logger, Exception exception, string database);
}
