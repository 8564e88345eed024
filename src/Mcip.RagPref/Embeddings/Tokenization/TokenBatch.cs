using System.Buffers;

namespace Mcip.RagPref.Embeddings.Tokenization;

/// <summary>
/// A padded batch of token ids ready for a BERT-style encoder: <see cref="InputIds"/>, <see cref="AttentionMask"/>
/// and <see cref="TokenTypeIds"/>, each <see cref="BatchSize"/> × <see cref="SequenceLength"/> in row-major order.
/// </summary>
/// <remarks>
/// The buffers are rented from <see cref="ArrayPool{T}.Shared"/> and returned by <see cref="Dispose"/>; the
/// spans must not be used after that (they then throw <see cref="ObjectDisposedException"/>). Not thread-safe.
/// </remarks>
internal sealed class TokenBatch : IDisposable
{
    private long[]? _inputIds;
    private long[]? _attentionMask;
    private long[]? _tokenTypeIds;
    private int[]? _lengths;

    private TokenBatch(int batchSize, int sequenceLength)
    {
        BatchSize = batchSize;
        SequenceLength = sequenceLength;
        int size = checked(batchSize * sequenceLength);
        _inputIds = ArrayPool<long>.Shared.Rent(size);
        _attentionMask = ArrayPool<long>.Shared.Rent(size);
        _tokenTypeIds = ArrayPool<long>.Shared.Rent(size);
        _lengths = ArrayPool<int>.Shared.Rent(batchSize);
    }

    /// <summary>The number of rows (texts).</summary>
    public int BatchSize { get; }

    /// <summary>The length of every row: the longest row's token count; shorter rows are padded.</summary>
    public int SequenceLength { get; }

    /// <summary>Token ids, <see cref="BatchSize"/> × <see cref="SequenceLength"/>, padded with the tokenizer's pad id.</summary>
    /// <exception cref="ObjectDisposedException">The batch was disposed.</exception>
    public Span<long> InputIds => Live(_inputIds);

    /// <summary>1 for real tokens, 0 for padding.</summary>
    /// <exception cref="ObjectDisposedException">The batch was disposed.</exception>
    public Span<long> AttentionMask => Live(_attentionMask);

    /// <summary>All 0 (single-segment input).</summary>
    /// <exception cref="ObjectDisposedException">The batch was disposed.</exception>
    public Span<long> TokenTypeIds => Live(_tokenTypeIds);

    /// <summary>The unpadded token count of row <paramref name="row"/>, [CLS] and [SEP] included.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is outside 0 .. <see cref="BatchSize"/> - 1.</exception>
    /// <exception cref="ObjectDisposedException">The batch was disposed.</exception>
    public int GetLength(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, BatchSize);
        ObjectDisposedException.ThrowIf(_lengths is null, this);
        return _lengths[row];
    }

    /// <summary>Returns the buffers to the pool. Safe to call more than once.</summary>
    public void Dispose()
    {
        Return(ref _inputIds);
        Return(ref _attentionMask);
        Return(ref _tokenTypeIds);
        if (_lengths is not null)
        {
            ArrayPool<int>.Shared.Return(_lengths);
            _lengths = null;
        }
    }

    /// <summary>Builds a batch from concatenated piece ids (no specials) and each row's end offset in them.</summary>
    internal static TokenBatch Create(ReadOnlySpan<int> pieces, ReadOnlySpan<int> rowEnds, int sequenceLength, int clsId, int sepId, int padId)
    {
        var batch = new TokenBatch(rowEnds.Length, sequenceLength);
        Span<long> ids = batch.InputIds;
        Span<long> mask = batch.AttentionMask;
        batch.TokenTypeIds.Clear();
        int start = 0;
        for (int row = 0; row < rowEnds.Length; row++)
        {
            ReadOnlySpan<int> rowPieces = pieces[start..rowEnds[row]];
            start = rowEnds[row];
            Span<long> rowIds = ids.Slice(row * sequenceLength, sequenceLength);
            Span<long> rowMask = mask.Slice(row * sequenceLength, sequenceLength);
            int length = rowPieces.Length + 2;
            rowIds[0] = clsId;
            for (int i = 0; i < rowPieces.Length; i++)
            {
                rowIds[i + 1] = rowPieces[i];
            }

            rowIds[length - 1] = sepId;
            rowIds[length..].Fill(padId);
            rowMask[..length].Fill(1);
            rowMask[length..].Clear();
            batch._lengths![row] = length;
        }

        return batch;
    }

    private Span<long> Live(long[]? array)
    {
        ObjectDisposedException.ThrowIf(array is null, this);
        return array.AsSpan(0, BatchSize * SequenceLength);
    }

    private static void Return(ref long[]? array)
    {
        if (array is not null)
        {
            ArrayPool<long>.Shared.Return(array);
            array = null;
        }
    }
}
