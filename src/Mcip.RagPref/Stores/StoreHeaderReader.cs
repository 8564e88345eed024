using System.IO.Hashing;
using System.Buffers.Binary;
using Mcip.RagPref.Embeddings;

namespace Mcip.RagPref.Stores;

/// <summary>
/// Reads the embedder fingerprint of a store file from its header, section table and info section alone: the
/// checksums of those three parts are verified, the other sections (records, vectors) are not read.
/// </summary>
internal static class StoreHeaderReader
{
    /// <summary>The largest info section accepted (two short strings and seven integers fit in far less).</summary>
    private const int MaxInfoLength = 64 * 1024;

    /// <summary>Reads the fingerprint of <paramref name="path"/>.</summary>
    /// <exception cref="RagPrefException">The file is missing, unreadable, not a store, of another version or damaged in the parts read.</exception>
    public static EmbedderFingerprint ReadFingerprint(string path)
    {
        string fullPath = Path.GetFullPath(path);
        try
        {
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1);
            Span<byte> head = stackalloc byte[StoreFileFormat.TableEnd];
            int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (read < head.Length)
            {
                throw Damaged(fullPath, $"the file is {read} bytes, shorter than the {StoreFileFormat.TableEnd}-byte header and section table");
            }

            ReadOnlySpan<byte> header = head[..StoreFileFormat.HeaderSize];
            if (!header[..8].SequenceEqual(StoreFileFormat.Magic))
            {
                throw Damaged(fullPath, "bad magic: this is not a RAG-Pref store file");
            }

            uint version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
            if (version != StoreFileFormat.Version)
            {
                throw new RagPrefException(
                    $"Cannot read the store '{fullPath}': unknown format version {version} (this library reads version {StoreFileFormat.Version}). "
                    + "Use the library version that wrote it, or rebuild the store with 'ragpref store build'.");
            }

            if (XxHash64.HashToUInt64(header[..StoreFileFormat.HeaderChecksumOffset]) != BinaryPrimitives.ReadUInt64LittleEndian(header[StoreFileFormat.HeaderChecksumOffset..]))
            {
                throw Damaged(fullPath, "header checksum mismatch: the header is damaged");
            }

            ReadOnlySpan<byte> table = head[StoreFileFormat.HeaderSize..];
            if (XxHash64.HashToUInt64(table) != BinaryPrimitives.ReadUInt64LittleEndian(header[32..]))
            {
                throw Damaged(fullPath, "section table checksum mismatch: the section table is damaged");
            }

            // The info section is the first table entry: { u32 kind, u32 0, u64 offset, u64 length, u64 checksum }.
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(table[8..]);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(table[16..]);
            if (BinaryPrimitives.ReadUInt32LittleEndian(table) != 1 || length > MaxInfoLength || offset + length > (ulong)stream.Length)
            {
                throw Damaged(fullPath, $"the info section has an impossible table entry (offset {offset}, length {length})");
            }

            byte[] info = new byte[(int)length];
            stream.Position = (long)offset;
            stream.ReadExactly(info);
            if (XxHash64.HashToUInt64(info) != BinaryPrimitives.ReadUInt64LittleEndian(table[24..]))
            {
                throw Damaged(fullPath, "section 'info' checksum mismatch: it is damaged");
            }

            StoreInfo decoded;
            try
            {
                decoded = StoreSectionCodec.DecodeInfo(info);
            }
            catch (InvalidDataException ex)
            {
                throw Damaged(fullPath, $"section 'info' is malformed: {ex.Message}");
            }

            return new EmbedderFingerprint(decoded.ModelId, decoded.Dimensions, decoded.WeightsSha256);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RagPrefException($"Cannot read the store '{fullPath}': {ex.Message} Check the path, or build the store with 'ragpref store build'.", ex);
        }
    }

    private static RagPrefException Damaged(string path, string problem) =>
        new($"Cannot read the store '{path}': {problem}. Rebuild it with 'ragpref store build', or restore it from a copy.");
}
