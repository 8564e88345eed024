using Mcip.RagPref.Index;

namespace Mcip.RagPref.Tests.Index;

public sealed unsafe class TopKTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(TopK.SortedLimit)]
    [InlineData(TopK.SortedLimit + 1)]
    [InlineData(100)]
    public void Offer_RandomOrderWithTies_KeepsBestInRankOrder(int capacity)
    {
        var random = new Random(capacity);
        var offered = new List<SearchHit>();
        var list = new SearchHit[capacity];
        int count = 0;
        float threshold = float.NegativeInfinity;
        fixed (SearchHit* slots = list)
        {
            foreach (int row in Enumerable.Range(0, 500).OrderBy(_ => random.Next()))
            {
                float similarity = random.Next(40) / 40f;
                offered.Add(new SearchHit(row, similarity));
                threshold = TopK.Offer(slots, capacity, ref count, row, similarity);
            }

            TopK.Finish(slots, capacity, count);
        }

        SearchHit[] expected = offered.OrderByDescending(h => h.Similarity).ThenBy(h => h.Row).Take(capacity).ToArray();
        Assert.Equal(expected, list.Take(count));
        Assert.Equal(expected[^1].Similarity, threshold);
    }

    [Fact]
    public void Offer_NaN_IsNeverKept()
    {
        var list = new SearchHit[3];
        int count = 0;
        fixed (SearchHit* slots = list)
        {
            TopK.Offer(slots, 3, ref count, 0, float.NaN);
            TopK.Offer(slots, 3, ref count, 1, 0.5f);
        }

        Assert.Equal(1, count);
        Assert.Equal(new SearchHit(1, 0.5f), list[0]);
    }
}
