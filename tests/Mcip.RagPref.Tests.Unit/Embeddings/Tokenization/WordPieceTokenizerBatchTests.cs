using Mcip.RagPref.Embeddings.Tokenization;

namespace Mcip.RagPref.Tests.Embeddings.Tokenization;

public sealed class WordPieceTokenizerBatchTests
{
    [Fact]
    public void EncodeBatch_RowsOfDifferentLength_PaddedToLongestWithMask()
    {
        WordPieceTokenizer tokenizer = WordPieceTokenizerTests.CreateSmall();

        using TokenBatch batch = tokenizer.EncodeBatch(["hello", "unaffable, world", string.Empty]);

        Assert.Equal(3, batch.BatchSize);
        Assert.Equal(7, batch.SequenceLength);
        Assert.Equal(
            [2L, 8, 3, 0, 0, 0, 0, 2, 5, 6, 7, 10, 9, 3, 2, 3, 0, 0, 0, 0, 0],
            batch.InputIds.ToArray());
        Assert.Equal(
            [1L, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0],
            batch.AttentionMask.ToArray());
        Assert.All(batch.TokenTypeIds.ToArray(), t => Assert.Equal(0L, t));
        Assert.Equal((3, 7, 2), (batch.GetLength(0), batch.GetLength(1), batch.GetLength(2)));
    }

    [Fact]
    public void EncodeBatch_MaxTokens_TruncatesEveryRow()
    {
        WordPieceTokenizer tokenizer = WordPieceTokenizerTests.CreateSmall();

        using TokenBatch batch = tokenizer.EncodeBatch(["unaffable, world", "hello"], maxTokens: 4);

        Assert.Equal(4, batch.SequenceLength);
        Assert.Equal([2L, 5, 6, 3, 2, 8, 3, 0], batch.InputIds.ToArray());
    }

    [Fact]
    public void EncodeBatch_DefaultLimit_IsMaxLength()
    {
        WordPieceTokenizer tokenizer = WordPieceTokenizerTests.CreateSmall(new WordPieceTokenizerOptions { MaxLength = 3 });

        using TokenBatch batch = tokenizer.EncodeBatch(["hello world"]);

        Assert.Equal([2L, 8, 3], batch.InputIds.ToArray());
    }

    [Fact]
    public void EncodeBatch_EmptyList_GivesEmptyBatch()
    {
        WordPieceTokenizer tokenizer = WordPieceTokenizerTests.CreateSmall();

        using TokenBatch batch = tokenizer.EncodeBatch([]);

        Assert.Equal((0, 0), (batch.BatchSize, batch.SequenceLength));
        Assert.True(batch.InputIds.IsEmpty);
    }

    [Fact]
    public void EncodeBatch_NullElement_ThrowsArgumentException()
    {
        WordPieceTokenizer tokenizer = WordPieceTokenizerTests.CreateSmall();

        ArgumentException ex = Assert.Throws<ArgumentException>(() => tokenizer.EncodeBatch(["hello", null!]));

        Assert.Contains("texts[1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_ThenSpans_ThrowObjectDisposed()
    {
        WordPieceTokenizer tokenizer = WordPieceTokenizerTests.CreateSmall();
        TokenBatch batch = tokenizer.EncodeBatch(["hello"]);

        batch.Dispose();
        batch.Dispose();

        Assert.Throws<ObjectDisposedException>(() => batch.InputIds.Length);
        Assert.Throws<ObjectDisposedException>(() => batch.GetLength(0));
    }

    [Fact]
    public void GetLength_RowOutOfRange_Throws()
    {
        WordPieceTokenizer tokenizer = WordPieceTokenizerTests.CreateSmall();
        using TokenBatch batch = tokenizer.EncodeBatch(["hello"]);

        Assert.Throws<ArgumentOutOfRangeException>(() => batch.GetLength(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.GetLength(-1));
    }
}
