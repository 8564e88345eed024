using Mcip.RagPref.Embeddings.Lexical;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.Tests.Hosting;

/// <summary>
/// A hand-written fake embedder: the real hashed n-gram embedder (so its fingerprint matches a store built with it),
/// with switches that make it fail, or hang on a gate that ignores cancellation as a native call would.
/// </summary>
internal sealed class ControllableEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly HashedNGramEmbeddingGenerator _inner = new();
    private TaskCompletionSource _entered = NewSignal();

    /// <summary>When set, every call throws it.</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, every call waits for it (without observing cancellation).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, every call blocks its thread on it before returning a task (as a synchronous native call would).</summary>
    public ManualResetEventSlim? ThreadBlock { get; set; }

    /// <summary>When set, rewrites every answer (to return unusable vectors).</summary>
    public Func<GeneratedEmbeddings<Embedding<float>>, GeneratedEmbeddings<Embedding<float>>>? Corrupt { get; set; }

    /// <summary>Completes when a call has entered the embedder since the last <see cref="ResetEntered"/>.</summary>
    public Task Entered => Volatile.Read(ref _entered).Task;

    public void ResetEntered() => Volatile.Write(ref _entered, NewSignal());

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Volatile.Read(ref _entered).TrySetResult();
        ThreadBlock?.Wait(TimeSpan.FromSeconds(30), CancellationToken.None);
        if (Failure is { } failure)
        {
            throw failure;
        }

        if (Gate is { } gate)
        {
            await gate.Task;
        }

        GeneratedEmbeddings<Embedding<float>> result = await _inner.GenerateAsync(values, options, CancellationToken.None);
        return Corrupt is { } corrupt ? corrupt(result) : result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => _inner.GetService(serviceType, serviceKey);

    public void Dispose() => _inner.Dispose();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
