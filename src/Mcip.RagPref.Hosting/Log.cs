using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Requests;
using Microsoft.Extensions.Logging;

namespace Mcip.RagPref.Hosting;

/// <summary>The hosting package's log messages (source-generated; event ids are stable). Request text appears only in <see cref="RequestText"/>, at Trace.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, EventName = "GuardFlagged", Level = LogLevel.Information,
        Message = "RAG-Pref flagged a {Surface} request {Request}: score {Score:F3}, margin {Margin:F3}, nearest attack '{AttackId}'.")]
    public static partial void GuardFlagged(ILogger logger, string surface, GuardRequest request, float score, float margin, string? attackId);

    [LoggerMessage(EventId = 1001, EventName = "GuardBlocked", Level = LogLevel.Warning,
        Message = "RAG-Pref blocked a {Surface} request {Request}: score {Score:F3}, margin {Margin:F3}, nearest attack '{AttackId}'.")]
    public static partial void GuardBlocked(ILogger logger, string surface, GuardRequest request, float score, float margin, string? attackId);

    [LoggerMessage(EventId = 1002, EventName = "RequestText", Level = LogLevel.Trace,
        Message = "RAG-Pref screened a {Surface} request with verdict {Verdict}; its text: {Text}")]
    public static partial void RequestText(ILogger logger, string surface, GuardVerdict verdict, string text);

    [LoggerMessage(EventId = 1003, EventName = "GuardFailedOpen", Level = LogLevel.Error,
        Message = "The RAG-Pref guard failed on a {Surface} request {Request} ({ErrorType}: {Reason}); failing open, the request is allowed unscreened.")]
    public static partial void GuardFailedOpen(ILogger logger, string surface, GuardRequest request, string errorType, string reason, Exception? exception);

    [LoggerMessage(EventId = 1004, EventName = "GuardFailedClosed", Level = LogLevel.Warning,
        Message = "The RAG-Pref guard failed on a {Surface} request {Request} ({ErrorType}: {Reason}); failing closed, the request is blocked.")]
    public static partial void GuardFailedClosed(ILogger logger, string surface, GuardRequest request, string errorType, string reason, Exception? exception);

    [LoggerMessage(EventId = 1010, EventName = "StoreLoaded", Level = LogLevel.Information,
        Message = "RAG-Pref store '{StorePath}' loaded (generation {Generation}): {AttackExamples} attack and {BenignExamples} benign examples, embedder {Fingerprint}.")]
    public static partial void StoreLoaded(ILogger logger, string storePath, long generation, int attackExamples, int benignExamples, EmbedderFingerprint fingerprint);

    [LoggerMessage(EventId = 1011, EventName = "StoreReloadFailed", Level = LogLevel.Error,
        Message = "Reloading the RAG-Pref store '{StorePath}' failed; generation {Generation} keeps serving.")]
    public static partial void StoreReloadFailed(ILogger logger, string? storePath, long generation, Exception exception);

    [LoggerMessage(EventId = 1012, EventName = "StoreLoadFailed", Level = LogLevel.Error,
        Message = "Loading the RAG-Pref store '{StorePath}' failed; no store is serving.")]
    public static partial void StoreLoadFailed(ILogger logger, string? storePath, Exception exception);

    [LoggerMessage(EventId = 1013, EventName = "StoreChanged", Level = LogLevel.Debug,
        Message = "The RAG-Pref store file '{StorePath}' changed; reloading it.")]
    public static partial void StoreChanged(ILogger logger, string storePath);

    [LoggerMessage(EventId = 1014, EventName = "StoreWatchError", Level = LogLevel.Warning,
        Message = "Watching the RAG-Pref store file '{StorePath}' reported an error; reloading it in case a change was missed.")]
    public static partial void StoreWatchError(ILogger logger, string storePath, Exception exception);

    [LoggerMessage(EventId = 1020, EventName = "WarmUpCompleted", Level = LogLevel.Information,
        Message = "RAG-Pref guard warmed up in {Elapsed}.")]
    public static partial void WarmUpCompleted(ILogger logger, TimeSpan elapsed);

    [LoggerMessage(EventId = 1021, EventName = "WarmUpFailed", Level = LogLevel.Critical,
        Message = "RAG-Pref guard warm-up failed; the host does not start.")]
    public static partial void WarmUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1015, EventName = "DefaultStoreBuilding", Level = LogLevel.Information,
        Message = "Building the default RAG-Pref store '{StorePath}' from the seed corpus (once per machine; later processes reuse it).")]
    public static partial void DefaultStoreBuilding(ILogger logger, string storePath);

    [LoggerMessage(EventId = 1016, EventName = "DefaultStoreProgress", Level = LogLevel.Information,
        Message = "Building the default RAG-Pref store '{StorePath}': {Embedded} of {Total} units embedded.")]
    public static partial void DefaultStoreProgress(ILogger logger, string storePath, int embedded, int total);
}
