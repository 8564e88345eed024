using System.Buffers;

namespace Mcip.RagPref.Index;

/// <summary>Quantised candidate scans followed by exact float32 rescoring.</summary>
internal sealed unsafe partial class VectorIndex
{
    /// <summary>
    /// Scans the codes for <c>k * CandidateMultiplier</c> candidates per list, then rescores them exactly into the
    /// final lists of <paramref name="final"/> (whose capacity is k).
    /// </summary>
    private void SearchQuantized(ReadOnlySpan<float> queries, float* padded, ScanJob final)
    {
        int queryCount = final.QueryCount;
        int k = final.Capacity;
        int listCount = queryCount * LabelCount;
        int candidates = (int)Math.Max(k, Math.Min((long)k * Options.CandidateMultiplier, Count));
        int codeElements = _int8 is not null ? _int8.CodeStride : _binary!.WordStride;
        int elementSize = _int8 is not null ? sizeof(short) : sizeof(ulong);
        byte[] codeArray = ArrayPool<byte>.Shared.Rent((queryCount * codeElements * elementSize) + 64);
        SearchHit[] candidateArray = ArrayPool<SearchHit>.Shared.Rent(listCount * candidates);
        int[] countArray = ArrayPool<int>.Shared.Rent(listCount);
        float[] thresholdArray = ArrayPool<float>.Shared.Rent(listCount);
        try
        {
            fixed (byte* codeBase = codeArray)
            fixed (SearchHit* candidateLists = candidateArray)
            fixed (int* candidateCounts = countArray)
            fixed (float* thresholds = thresholdArray)
            {
                byte* codes = AlignTo64(codeBase);
                int dims = Dimensions;
                for (int q = 0; q < queryCount; q++)
                {
                    ReadOnlySpan<float> query = queries.Slice(q * dims, dims);
                    if (_int8 is not null)
                    {
                        _int8.EncodeQuery(query, (short*)codes + ((nint)q * codeElements));
                    }
                    else
                    {
                        BinaryCodes.Encode(query, (ulong*)codes + ((nint)q * codeElements));
                    }
                }

                var job = new ScanJob
                {
                    Queries = codes,
                    QueryStride = codeElements,
                    QueryCount = queryCount,
                    Quantized = true,
                    Capacity = candidates,
                    Lists = candidateLists,
                    Counts = candidateCounts,
                    Thresholds = thresholds,
                };
                RunScan(job);
                Rescore(job, padded, final);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(codeArray);
            ArrayPool<SearchHit>.Shared.Return(candidateArray);
            ArrayPool<int>.Shared.Return(countArray);
            ArrayPool<float>.Shared.Return(thresholdArray);
        }
    }

    /// <summary>Computes the exact similarity of every candidate and keeps the best k per list.</summary>
    private void Rescore(in ScanJob candidates, float* padded, ScanJob final)
    {
        int stride = _matrix.Stride;
        int labelCount = LabelCount;
        float score;
        for (int q = 0; q < final.QueryCount; q++)
        {
            float* query = padded + ((nint)q * stride);
            for (int label = 0; label < labelCount; label++)
            {
                nint list = ((nint)q * labelCount) + label;
                SearchHit* source = candidates.Lists + (list * candidates.Capacity);
                SearchHit* target = final.Lists + (list * final.Capacity);
                ref int targetCount = ref final.Counts[list];
                targetCount = 0;
                int n = candidates.Counts[list];
                for (int i = 0; i < n; i++)
                {
                    int row = source[i].Row;
                    FloatKernels.DotBlock(_width, query, _matrix.RowPointer(row), stride, 1, &score);
                    TopK.Offer(target, final.Capacity, ref targetCount, row, score);
                }

                TopK.Finish(target, final.Capacity, targetCount);
            }
        }
    }
}
