namespace Mcip.RagPref.Embeddings.Tokenization;

/// <summary>Receives token ids from an encoder, one at a time, and says when it is full.</summary>
internal interface ITokenSink
{
    /// <summary>Adds one id; returns <see langword="false"/> (and keeps nothing) when the sink is full, which stops encoding.</summary>
    bool TryAdd(int id);
}
