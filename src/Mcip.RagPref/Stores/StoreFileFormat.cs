namespace Mcip.RagPref.Stores;

/// <summary>
/// The layout of a store file (format version 1). All integers little-endian; strings are a 7-bit
/// varint UTF-8 byte count followed by the bytes; checksums are XXH64 with seed 0.
/// </summary>
/// <remarks>
/// <code>
/// offset  size  header (64 bytes)
///      0     8  magic "RAGPREFS"
///      8     4  format version (1)
///     12     4  header size (64)
///     16     4  section count (4)
///     20     4  reserved, 0
///     24     8  file length in bytes
///     32     8  XXH64 of the section table
///     40    16  reserved, 0
///     56     8  XXH64 of header bytes [0, 56)
///     64   128  section table: 4 entries of { u32 kind, u32 reserved 0, u64 offset, u64 length, u64 XXH64 of the section }
///    192        sections in the order info (1), metadata (2), records (3), vectors (4),
///               each starting on a 64-byte boundary; the gaps are zero bytes
/// </code>
/// Info: u32 dimensions, u32 stride, u32 rows, u32 attack rows, u32 benign rows, u32 chunk size,
/// u32 chunk overlap, string model id, string weights sha256 (the embedder fingerprint and the counts).
/// Metadata: varint count, then count pairs of strings (key, value) sorted by key (ordinal).
/// Records: varint count, then per row: u8 label (0 benign, 1 attack), u8 flags (1 chunk, 2 has
/// category, 4 has source), string id, string text, [string category], [string source], varint tag
/// count, tags, and for a chunk: string parent id, varint start, varint length.
/// Vectors: rows x stride float32 (stride = dimensions rounded up to 16, padding zero), so that the
/// loaded image of the file (read into memory or a mapped private copy) is used as the vector matrix without copying.
/// </remarks>
internal static class StoreFileFormat
{
    /// <summary>The current format version.</summary>
    public const uint Version = 1;

    /// <summary>The header size in bytes.</summary>
    public const int HeaderSize = 64;

    /// <summary>The size of one section-table entry.</summary>
    public const int SectionEntrySize = 32;

    /// <summary>The number of sections in a version-1 file.</summary>
    public const int SectionCount = 4;

    /// <summary>The alignment of every section, in bytes (the vector block's alignment).</summary>
    public const int SectionAlignment = 64;

    /// <summary>The end of the section table: where the first section may start.</summary>
    public const int TableEnd = HeaderSize + (SectionCount * SectionEntrySize);

    /// <summary>The offset of the header checksum (the checksum covers the bytes before it).</summary>
    public const int HeaderChecksumOffset = 56;

    /// <summary>Record flag: the row is a chunk of a parent text.</summary>
    public const byte FlagChunk = 1;

    /// <summary>Record flag: a category string follows.</summary>
    public const byte FlagCategory = 2;

    /// <summary>Record flag: a source string follows.</summary>
    public const byte FlagSource = 4;

    /// <summary>Record flag: a surface byte follows the tags (files written before it existed never set it).</summary>
    public const byte FlagSurface = 8;

    /// <summary>The file magic, the ASCII bytes of <c>RAGPREFS</c>.</summary>
    public static ReadOnlySpan<byte> Magic => "RAGPREFS"u8;

    /// <summary>The section names in file order (kind = index + 1), as error messages use them.</summary>
    public static readonly string[] SectionNames = ["info", "metadata", "records", "vectors"];

    /// <summary>Rounds <paramref name="offset"/> up to the section alignment.</summary>
    public static long Align(long offset) => (offset + SectionAlignment - 1) & ~(long)(SectionAlignment - 1);
}
