using System.Text;
using Mcip.RagPref.Embeddings.Tokenization;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Embeddings.Tokenization;

public sealed class WordPieceTokenizerPropertyTests
{
    [Fact]
    public void EncodeToIds_ArbitraryStrings_NeverThrowAndOverloadsAgree()
    {
        WordPieceTokenizer tokenizer = WordPieceTokenizer.Create(SharedAssets.SharedFile("models", "all-MiniLM-L6-v2", "vocab.txt"));
        var random = new Random(20240607);
        long[] destination = new long[32];
        for (int n = 0; n < 3000; n++)
        {
            string text = RandomText.Next(random, random.Next(0, 120));

            int[] full = tokenizer.EncodeToIds(text);
            int count = tokenizer.EncodeToIds(text, destination, 32);
            using TokenBatch batch = tokenizer.EncodeBatch([text, "x"], maxTokens: 32);

            Assert.Equal(full.Length, tokenizer.CountTokens(text));
            Assert.Equal(Math.Min(full.Length, 32), count);
            Assert.Equal(count, batch.GetLength(0));
            Assert.Equal(full.AsSpan(0, count - 1).ToArray().Select(i => (long)i), destination.AsSpan(0, count - 1).ToArray());
            Assert.Equal(destination.AsSpan(0, count).ToArray(), batch.InputIds[..count].ToArray());
            Assert.All(full, id => Assert.InRange(id, 0, tokenizer.VocabularySize - 1));
        }
    }
}
