using System.IO.Hashing;
using System.Buffers.Binary;
using System.Text;
using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Index;

namespace Mcip.RagPref.Stores;

/// <summary>
/// Loads a store file: takes a private image of its bytes (<see cref="StoreLoadMode"/>: read into memory, or a mapped
/// private copy; never a map of the file itself), then checks the magic, version, header and section-table checksums,
/// the file length, every section's bounds, alignment, zero padding and checksum on that image, decodes the info,
/// metadata and records and attaches the vector block to the image without copying. Any problem throws a
/// <see cref="RagPrefException"/> that names it; nothing partial is ever returned. Deletes the temporary files killed
/// saves of the same path left (<see cref="StoreTempFiles"/>).
/// </summary>
internal static unsafe class StoreFileReader
{
    private const int MaxDimensions = 1 << 16;

    /// <summary>Loads and verifies <paramref name="path"/>.</summary>
    /// <param name="path">The store file.</param>
    /// <param name="expected">The fingerprint the caller needs, or <see langword="null"/> to accept any.</param>
    /// <param name="indexOptions">The options of the snapshot's index (by default it checks every row is a unit vector).</param>
    /// <param name="mode">How the file's bytes are held.</param>
    /// <exception cref="RagPrefException">The file is missing, unreadable, corrupt, truncated, of another version or of another fingerprint.</exception>
    public static LoadedStoreFile Read(string path, EmbedderFingerprint? expected, VectorIndexOptions? indexOptions, StoreLoadMode mode = StoreLoadMode.ReadIntoMemory)
    {
        StoreFileWriter.RequireLittleEndian();
        string fullPath = Path.GetFullPath(path);
        StoreTempFiles.DeleteStale(fullPath);
        FileStream stream;
        try
        {
            stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RagPrefException($"Cannot open the store '{fullPath}': {ex.Message} Check the path, or build the store with 'ragpref store build'.", ex);
        }

        if (stream.Length < StoreFileFormat.HeaderSize)
        {
            long length = stream.Length;
            stream.Dispose();
            throw Corrupt(fullPath, $"truncated header: the file is {length} bytes, shorter than the {StoreFileFormat.HeaderSize}-byte header");
        }

        StoreFileImage file;
        try
        {
            file = mode == StoreLoadMode.MapPrivateCopy ? StoreFileImage.MapPrivateCopy(stream) : StoreFileImage.ReadIntoMemory(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RagPrefException(
                $"Cannot load the store '{fullPath}': {(mode == StoreLoadMode.MapPrivateCopy ? "copying" : "reading")} it failed: {ex.Message} "
                + "Nothing was loaded; check that the file is readable (and, for a private copy, that the temporary folder has room).",
                ex);
        }
        finally
        {
            // The image is private: the file itself is not needed any more.
            stream.Dispose();
        }

        VectorMatrix? vectors = null;
        bool loaded = false;
        try
        {
            var sections = new (long Offset, long Length)[StoreFileFormat.SectionCount];
            VerifyLayout(fullPath, file, sections);
            StoreInfo info = Decode(fullPath, "info", file, sections[0], static s => StoreSectionCodec.DecodeInfo(s));
            var fingerprint = new EmbedderFingerprint(info.ModelId, info.Dimensions, info.WeightsSha256);
            if (expected is not null && !expected.Equals(fingerprint))
            {
                throw new RagPrefException(
                    $"Cannot load the store '{fullPath}': fingerprint mismatch: it was built with the embedder '{fingerprint}' "
                    + $"but '{expected}' is in use. Load it with the embedder it was built with, or rebuild it with this one.");
            }

            ExampleStoreOptions options = VerifyInfo(fullPath, info, sections[3].Length);
            Dictionary<string, string> metadata = Decode(fullPath, "metadata", file, sections[1], static s => StoreSectionCodec.DecodeMetadata(s));
            int rows = info.Rows;
            Example[] examples = Decode(fullPath, "records", file, sections[2], s => StoreSectionCodec.DecodeRecords(s, rows));
            vectors = VectorMatrix.Attach((float*)(file.Pointer + sections[3].Offset), info.Rows, info.Dimensions, file);
            StoreSnapshot snapshot;
            try
            {
                snapshot = new StoreSnapshot(examples, vectors, version: 0, indexOptions);
            }
            catch (RagPrefException ex)
            {
                throw Corrupt(fullPath, $"its contents are inconsistent: {ex.Message.TrimEnd('.')}");
            }

            if (snapshot.AttackCount != info.AttackRows || snapshot.BenignCount != info.BenignRows)
            {
                throw Corrupt(fullPath, $"the info section counts {info.AttackRows} attack and {info.BenignRows} benign rows but the records hold {snapshot.AttackCount} and {snapshot.BenignCount}");
            }

            loaded = true;
            return new LoadedStoreFile(fingerprint, options, snapshot, metadata);
        }
        finally
        {
            if (!loaded)
            {
                // Disposing the block disposes the mapping it owns; before the block exists, dispose the mapping itself.
                if (vectors is not null)
                {
                    vectors.Dispose();
                }
                else
                {
                    file.Dispose();
                }
            }
        }
    }

    private static void VerifyLayout(string path, StoreFileImage file, (long Offset, long Length)[] sections)
    {
        ReadOnlySpan<byte> header = file.Span(0, StoreFileFormat.HeaderSize);
        if (!header[..8].SequenceEqual(StoreFileFormat.Magic))
        {
            throw Corrupt(path, $"bad magic: expected 'RAGPREFS', found '{Printable(header[..8])}': this is not a RAG-Pref store file");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (version != StoreFileFormat.Version)
        {
            throw new RagPrefException(
                $"Cannot load the store '{path}': unknown format version {version} (this library reads version {StoreFileFormat.Version}). "
                + "Use the library version that wrote it, or rebuild the store with 'ragpref store build'.");
        }

        ulong headerChecksum = XxHash64.HashToUInt64(header[..StoreFileFormat.HeaderChecksumOffset]);
        if (headerChecksum != BinaryPrimitives.ReadUInt64LittleEndian(header[StoreFileFormat.HeaderChecksumOffset..]))
        {
            throw Corrupt(path, "header checksum mismatch: the header is damaged");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(header[12..]) != StoreFileFormat.HeaderSize
            || BinaryPrimitives.ReadUInt32LittleEndian(header[16..]) != StoreFileFormat.SectionCount
            || !IsZero(header[20..24]) || !IsZero(header[40..56]))
        {
            throw Corrupt(path, "the header's size, section count or reserved fields are not those of format version 1");
        }

        ulong recordedLength = BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
        bool tableReadable = file.Length >= StoreFileFormat.TableEnd;
        ReadOnlySpan<byte> table = tableReadable ? file.Span(StoreFileFormat.HeaderSize, StoreFileFormat.TableEnd - StoreFileFormat.HeaderSize) : default;
        bool tableValid = tableReadable && XxHash64.HashToUInt64(table) == BinaryPrimitives.ReadUInt64LittleEndian(header[32..]);
        if ((ulong)file.Length != recordedLength)
        {
            throw Corrupt(path, (ulong)file.Length < recordedLength
                ? $"truncated: the file is {file.Length} bytes but its header records {recordedLength}; the cut falls in {Locate(table, tableValid, file.Length)}"
                : $"the file is {file.Length} bytes but its header records {recordedLength}: data was appended");
        }

        if (!tableValid)
        {
            throw Corrupt(path, "section table checksum mismatch: the section table is damaged");
        }

        long expectedOffset = StoreFileFormat.TableEnd;
        for (int i = 0; i < StoreFileFormat.SectionCount; i++)
        {
            ReadOnlySpan<byte> entry = table.Slice(i * StoreFileFormat.SectionEntrySize, StoreFileFormat.SectionEntrySize);
            string name = StoreFileFormat.SectionNames[i];
            uint kind = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]);
            if (kind != i + 1 || !IsZero(entry[4..8]) || offset != (ulong)StoreFileFormat.Align(expectedOffset)
                || length > (ulong)file.Length || offset + length > (ulong)file.Length
                || (i < StoreFileFormat.SectionCount - 1 && length > int.MaxValue))
            {
                throw Corrupt(path, $"section '{name}' has an impossible table entry (kind {kind}, offset {offset}, length {length})");
            }

            VerifyPadding(path, file, expectedOffset, (long)offset, name);
            ulong checksum = StoreFileWriter.HashMemory(file.Pointer + offset, (long)length);
            if (checksum != BinaryPrimitives.ReadUInt64LittleEndian(entry[24..]))
            {
                throw Corrupt(path, $"section '{name}' checksum mismatch: its {length} bytes at offset {offset} are damaged");
            }

            sections[i] = ((long)offset, (long)length);
            expectedOffset = (long)(offset + length);
        }

        if (expectedOffset != file.Length)
        {
            throw Corrupt(path, $"{file.Length - expectedOffset} bytes follow the last section");
        }
    }

    private static ExampleStoreOptions VerifyInfo(string path, StoreInfo info, long vectorBytes)
    {
        if (info.Dimensions <= 0 || info.Dimensions > MaxDimensions || info.Stride != VectorMatrix.StrideFor(info.Dimensions)
            || info.AttackRows + (long)info.BenignRows != info.Rows
            || vectorBytes != (long)info.Rows * info.Stride * sizeof(float))
        {
            throw Corrupt(path, $"the info section ({info.Rows} rows of {info.Dimensions} dimensions, stride {info.Stride}) does not match the {vectorBytes}-byte vector section");
        }

        var options = new ExampleStoreOptions { ChunkSize = info.ChunkSize, ChunkOverlap = info.ChunkOverlap };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw Corrupt(path, $"the info section's chunk settings are invalid ({ex.Message})");
        }

        return options;
    }

    private static T Decode<T>(string path, string name, StoreFileImage file, (long Offset, long Length) section, Func<ReadOnlySpan<byte>, T> decode)
    {
        try
        {
            return decode(file.Span(section.Offset, (int)section.Length));
        }
        catch (InvalidDataException ex)
        {
            throw Corrupt(path, $"section '{name}' is malformed: {ex.Message}");
        }
    }

    private static void VerifyPadding(string path, StoreFileImage file, long from, long to, string section)
    {
        if (!IsZero(file.Span(from, (int)(to - from))))
        {
            throw Corrupt(path, $"the padding before section '{section}' (bytes {from} to {to}) is not zero: the file is damaged");
        }
    }

    private static string Locate(ReadOnlySpan<byte> table, bool tableValid, long cut)
    {
        if (!tableValid)
        {
            return "the section table";
        }

        for (int i = 0; i < StoreFileFormat.SectionCount; i++)
        {
            ReadOnlySpan<byte> entry = table.Slice(i * StoreFileFormat.SectionEntrySize, StoreFileFormat.SectionEntrySize);
            ulong end = BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]) + BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]);
            if ((ulong)cut < end)
            {
                return $"section '{StoreFileFormat.SectionNames[i]}'";
            }
        }

        return "the last section";
    }

    private static bool IsZero(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)0);

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (byte b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        }

        return text.ToString();
    }

    private static RagPrefException Corrupt(string path, string detail) =>
        new($"Cannot load the store '{path}': {detail}. Nothing was loaded; rebuild the store with 'ragpref store build' or restore a good copy.");
}
