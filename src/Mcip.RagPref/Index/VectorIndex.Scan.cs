using System.Buffers;

namespace Mcip.RagPref.Index;

/// <summary>The fused block scan (score a block of rows, then select), serial or partitioned across threads.</summary>
internal sealed unsafe partial class VectorIndex
{
    /// <summary>Rows scored per block before selection; partitions start at multiples of it.</summary>
    internal const int BlockRows = 64;

    /// <summary>The fewest rows per partition worth a thread of its own.</summary>
    internal const int MinRowsPerPartition = 16384;

    /// <summary>Runs <paramref name="job"/> over every row, serially or in partitions, leaving merged lists in the job's buffers.</summary>
    private void RunScan(ScanJob job)
    {
        int listCount = job.QueryCount * LabelCount;
        int partitions = PartitionCount();
        if (partitions <= 1)
        {
            TopK.Reset(job.Counts, job.Thresholds, listCount);
            ScanRange(job, 0, Count);
            return;
        }

        int capacity = job.Capacity;
        SearchHit[] partLists = ArrayPool<SearchHit>.Shared.Rent(partitions * listCount * capacity);
        int[] partCounts = ArrayPool<int>.Shared.Rent(partitions * listCount);
        float[] partThresholds = ArrayPool<float>.Shared.Rent(partitions * listCount);
        try
        {
            fixed (SearchHit* lists = partLists)
            fixed (int* counts = partCounts)
            fixed (float* thresholds = partThresholds)
            {
                ScanPartitions(job, partitions, lists, counts, thresholds);
                TopK.Reset(job.Counts, job.Thresholds, listCount);
                for (int list = 0; list < listCount; list++)
                {
                    SearchHit* target = job.Lists + ((nint)list * capacity);
                    ref int targetCount = ref job.Counts[list];
                    for (int p = 0; p < partitions; p++)
                    {
                        nint part = ((nint)p * listCount) + list;
                        SearchHit* source = lists + (part * capacity);
                        int n = counts[part];
                        for (int i = 0; i < n; i++)
                        {
                            TopK.Offer(target, capacity, ref targetCount, source[i].Row, source[i].Similarity);
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<SearchHit>.Shared.Return(partLists);
            ArrayPool<int>.Shared.Return(partCounts);
            ArrayPool<float>.Shared.Return(partThresholds);
        }
    }

    private void ScanPartitions(ScanJob job, int partitions, SearchHit* lists, int* counts, float* thresholds)
    {
        int listCount = job.QueryCount * LabelCount;
        int rowsPerPartition = (((Count + partitions - 1) / partitions) + BlockRows - 1) / BlockRows * BlockRows;
        nint listsAddress = (nint)lists;
        nint countsAddress = (nint)counts;
        nint thresholdsAddress = (nint)thresholds;
        var parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = partitions };
        Parallel.For(0, partitions, parallelOptions, p =>
        {
            ScanJob part = job;
            nint offset = (nint)p * listCount;
            part.Lists = (SearchHit*)listsAddress + (offset * job.Capacity);
            part.Counts = (int*)countsAddress + offset;
            part.Thresholds = (float*)thresholdsAddress + offset;
            TopK.Reset(part.Counts, part.Thresholds, listCount);
            int start = p * rowsPerPartition;
            int end = Math.Min(Count, start + rowsPerPartition);
            if (start < end)
            {
                ScanRange(part, start, end);
            }
        });
    }

    /// <summary>Puts every list of <paramref name="job"/> in final order.</summary>
    private static void FinishLists(in ScanJob job, int listCount)
    {
        for (int list = 0; list < listCount; list++)
        {
            TopK.Finish(job.Lists + ((nint)list * job.Capacity), job.Capacity, job.Counts[list]);
        }
    }

    private int PartitionCount()
    {
        int byRows = Count / MinRowsPerPartition;
        return Math.Max(1, Math.Min(Options.DegreeOfParallelism, byRows));
    }

    /// <summary>Scores rows <paramref name="start"/> .. <paramref name="end"/> block by block and selects into the job's lists.</summary>
    /// <remarks>Exact scans score queries two at a time so each row of the block is loaded once per pair.</remarks>
    private void ScanRange(ScanJob job, int start, int end)
    {
        float* scores = stackalloc float[BlockRows];
        float* scores2 = stackalloc float[BlockRows];
        byte* labels = _labels.Pointer;
        int pairs = job.Quantized ? 0 : job.QueryCount / 2;
        for (int blockStart = start; blockStart < end; blockStart += BlockRows)
        {
            int n = Math.Min(BlockRows, end - blockStart);
            int q = 0;
            if (pairs > 0)
            {
                float* rows = _matrix.RowPointer(blockStart);
                for (int pair = 0; pair < pairs; pair++, q += 2)
                {
                    float* query0 = (float*)job.Queries + (q * job.QueryStride);
                    FloatKernels.DotBlock2(_width, query0, query0 + job.QueryStride, rows, _matrix.Stride, n, scores, scores2);
                    Select(job, q, scores, n, blockStart, labels);
                    Select(job, q + 1, scores2, n, blockStart, labels);
                }
            }

            for (; q < job.QueryCount; q++)
            {
                ScoreBlock(job, q, blockStart, n, scores);
                Select(job, q, scores, n, blockStart, labels);
            }
        }

        _labels.KeepAlive();
    }

    private void Select(in ScanJob job, int query, float* scores, int count, int blockStart, byte* labels)
    {
        nint list = (nint)query * LabelCount;
        TopK.SelectBlock(scores, count, blockStart, labels, job.Lists + (list * job.Capacity), job.Counts + list, job.Thresholds + list, job.Capacity);
    }

    private void ScoreBlock(in ScanJob job, int query, int blockStart, int count, float* scores)
    {
        if (!job.Quantized)
        {
            float* q = (float*)job.Queries + (query * job.QueryStride);
            FloatKernels.DotBlock(_width, q, _matrix.RowPointer(blockStart), _matrix.Stride, count, scores);
        }
        else if (_int8 is not null)
        {
            short* q = (short*)job.Queries + (query * job.QueryStride);
            sbyte* rows = _int8.Codes + ((nint)blockStart * _int8.CodeStride);
            if (_int8.PerDimension)
            {
                Int8Kernels.DotBlock(_width, q, rows, _int8.CodeStride, count, null, scores);
            }
            else
            {
                fixed (float* rowScales = _int8.RowScales)
                {
                    Int8Kernels.DotBlock(_width, q, rows, _int8.CodeStride, count, rowScales + blockStart, scores);
                }
            }
        }
        else
        {
            ulong* q = (ulong*)job.Queries + (query * job.QueryStride);
            ulong* rows = _binary!.Words + ((nint)blockStart * _binary.WordStride);
            BinaryCodes.ScoreBlock(q, rows, _binary.WordStride, count, scores);
        }
    }
}
