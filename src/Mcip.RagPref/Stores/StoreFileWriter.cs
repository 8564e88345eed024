using System.IO.Hashing;
using System.Buffers.Binary;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Index;

namespace Mcip.RagPref.Stores;

/// <summary>
/// Writes a store file (see <see cref="StoreFileFormat"/>) atomically: everything goes to a temporary
/// file beside the target, which is flushed to disk and then renamed over the target, so a reader or
/// a crash sees either the old file or the complete new one. A failed save deletes its temporary file; one a killed
/// process left is deleted by the next save or load of the same path (<see cref="StoreTempFiles"/>).
/// </summary>
internal static unsafe class StoreFileWriter
{
    private const int VectorWriteChunk = 1 << 20;

    /// <summary>Writes <paramref name="snapshot"/> with its fingerprint, chunk settings and metadata to <paramref name="path"/>.</summary>
    /// <exception cref="RagPrefException">The file could not be written; the target is then unchanged.</exception>
    public static void Write(string path, EmbedderFingerprint fingerprint, ExampleStoreOptions options, StoreSnapshot snapshot, IReadOnlyDictionary<string, string> metadata)
    {
        RequireLittleEndian();
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        ByteWriter[] sections =
        [
            StoreSectionCodec.EncodeInfo(fingerprint, options, snapshot),
            StoreSectionCodec.EncodeMetadata(metadata),
            StoreSectionCodec.EncodeRecords(snapshot.Examples),
        ];

        VectorMatrix vectors = snapshot.Vectors;
        var offsets = new long[StoreFileFormat.SectionCount];
        var lengths = new long[StoreFileFormat.SectionCount];
        var checksums = new ulong[StoreFileFormat.SectionCount];
        long position = StoreFileFormat.TableEnd;
        for (int i = 0; i < StoreFileFormat.SectionCount; i++)
        {
            offsets[i] = StoreFileFormat.Align(position);
            lengths[i] = i < sections.Length ? sections[i].WrittenSpan.Length : VectorMatrix.ByteSizeFor(vectors.Rows, vectors.Dimensions);
            checksums[i] = i < sections.Length ? XxHash64.HashToUInt64(sections[i].WrittenSpan) : HashVectors(vectors);
            position = offsets[i] + lengths[i];
        }

        byte[] head = EncodeHead(position, offsets, lengths, checksums);
        StoreTempFiles.DeleteStale(fullPath);
        string temporary = StoreTempFiles.NewName(fullPath);
        try
        {
            Directory.CreateDirectory(directory);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                stream.Write(head);
                for (int i = 0; i < StoreFileFormat.SectionCount; i++)
                {
                    WriteZeros(stream, offsets[i] - stream.Position);
                    if (i < sections.Length)
                    {
                        stream.Write(sections[i].WrittenSpan);
                    }
                    else
                    {
                        WriteVectors(stream, vectors);
                    }
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            StoreTempFiles.TryDelete(temporary);
            throw new RagPrefException(
                $"Cannot save the store to '{fullPath}': {ex.Message} The previous file, if any, is unchanged. "
                + "Check that the folder exists, is writable and has free space.", ex);
        }
        catch
        {
            StoreTempFiles.TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Throws when the process is big-endian: the file format and the mapped vector block are little-endian.</summary>
    internal static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new RagPrefException("Store files hold little-endian float32 vectors that are mapped without conversion; this big-endian platform cannot use them.");
        }
    }

    private static byte[] EncodeHead(long fileLength, long[] offsets, long[] lengths, ulong[] checksums)
    {
        var head = new byte[StoreFileFormat.TableEnd];
        Span<byte> span = head;
        StoreFileFormat.Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], StoreFileFormat.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], StoreFileFormat.HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], StoreFileFormat.SectionCount);
        BinaryPrimitives.WriteUInt64LittleEndian(span[24..], (ulong)fileLength);
        Span<byte> table = span[StoreFileFormat.HeaderSize..];
        for (int i = 0; i < StoreFileFormat.SectionCount; i++)
        {
            Span<byte> entry = table.Slice(i * StoreFileFormat.SectionEntrySize, StoreFileFormat.SectionEntrySize);
            BinaryPrimitives.WriteUInt32LittleEndian(entry, (uint)(i + 1));
            BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], (ulong)offsets[i]);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[16..], (ulong)lengths[i]);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[24..], checksums[i]);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(span[32..], XxHash64.HashToUInt64(table));
        BinaryPrimitives.WriteUInt64LittleEndian(span[StoreFileFormat.HeaderChecksumOffset..], XxHash64.HashToUInt64(span[..StoreFileFormat.HeaderChecksumOffset]));
        return head;
    }

    /// <summary>XXH64 over the whole vector block (rows times stride floats, padding included).</summary>
    internal static ulong HashVectors(VectorMatrix vectors) => HashMemory((byte*)vectors.BasePointer, VectorMatrix.ByteSizeFor(vectors.Rows, vectors.Dimensions));

    /// <summary>XXH64 over native memory of any length.</summary>
    internal static ulong HashMemory(byte* data, long length)
    {
        var hash = new XxHash64(0);
        for (long done = 0; done < length; done += VectorWriteChunk)
        {
            hash.Append(new ReadOnlySpan<byte>(data + done, (int)Math.Min(VectorWriteChunk, length - done)));
        }

        return hash.GetCurrentHashAsUInt64();
    }

    private static void WriteVectors(FileStream stream, VectorMatrix vectors)
    {
        var data = (byte*)vectors.BasePointer;
        long length = VectorMatrix.ByteSizeFor(vectors.Rows, vectors.Dimensions);
        for (long done = 0; done < length; done += VectorWriteChunk)
        {
            stream.Write(new ReadOnlySpan<byte>(data + done, (int)Math.Min(VectorWriteChunk, length - done)));
        }
    }

    private static void WriteZeros(FileStream stream, long count)
    {
        Span<byte> zeros = stackalloc byte[StoreFileFormat.SectionAlignment];
        zeros.Clear();
        stream.Write(zeros[..(int)count]);
    }
}
