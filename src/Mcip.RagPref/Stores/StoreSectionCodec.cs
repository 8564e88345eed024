using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Stores;

/// <summary>Encodes and decodes the info, metadata and records sections (see <see cref="StoreFileFormat"/>).</summary>
internal static class StoreSectionCodec
{
    /// <summary>Encodes the info section: fingerprint, stride, counts and chunk settings.</summary>
    public static ByteWriter EncodeInfo(EmbedderFingerprint fingerprint, ExampleStoreOptions options, StoreSnapshot snapshot)
    {
        var writer = new ByteWriter();
        writer.WriteUInt32((uint)fingerprint.Dimensions);
        writer.WriteUInt32((uint)snapshot.Vectors.Stride);
        writer.WriteUInt32((uint)snapshot.Examples.Length);
        writer.WriteUInt32((uint)snapshot.AttackCount);
        writer.WriteUInt32((uint)snapshot.BenignCount);
        writer.WriteUInt32((uint)options.ChunkSize);
        writer.WriteUInt32((uint)options.ChunkOverlap);
        writer.WriteString(fingerprint.ModelId);
        writer.WriteString(fingerprint.WeightsSha256);
        return writer;
    }

    /// <summary>Encodes the metadata section (entries in ordinal key order).</summary>
    public static ByteWriter EncodeMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        var keys = new string[metadata.Count];
        int i = 0;
        foreach (string key in metadata.Keys)
        {
            keys[i++] = key;
        }

        Array.Sort(keys, StringComparer.Ordinal);
        var writer = new ByteWriter();
        writer.WriteVarInt(keys.Length);
        foreach (string key in keys)
        {
            writer.WriteString(key);
            writer.WriteString(metadata[key]);
        }

        return writer;
    }

    /// <summary>Encodes the records section.</summary>
    public static ByteWriter EncodeRecords(Example[] examples)
    {
        var writer = new ByteWriter();
        writer.WriteVarInt(examples.Length);
        foreach (Example example in examples)
        {
            byte flags = (byte)((example.IsChunk ? StoreFileFormat.FlagChunk : 0)
                | (example.Category is null ? 0 : StoreFileFormat.FlagCategory)
                | (example.Source is null ? 0 : StoreFileFormat.FlagSource)
                | (example.Surface is null ? 0 : StoreFileFormat.FlagSurface));
            writer.WriteByte((byte)example.Label);
            writer.WriteByte(flags);
            writer.WriteString(example.Id);
            writer.WriteString(example.Text);
            if (example.Category is not null)
            {
                writer.WriteString(example.Category);
            }

            if (example.Source is not null)
            {
                writer.WriteString(example.Source);
            }

            writer.WriteVarInt(example.Tags.Count);
            foreach (string tag in example.Tags)
            {
                writer.WriteString(tag);
            }

            if (example.Surface is GuardSurface surface)
            {
                writer.WriteByte((byte)surface);
            }

            if (example.ParentId is not null)
            {
                writer.WriteString(example.ParentId);
                writer.WriteVarInt(example.ChunkStart);
                writer.WriteVarInt(example.ChunkLength);
            }
        }

        return writer;
    }

    /// <summary>Decodes the info section.</summary>
    /// <exception cref="InvalidDataException">The section is malformed or has bytes left over.</exception>
    public static StoreInfo DecodeInfo(ReadOnlySpan<byte> section)
    {
        var reader = new ByteReader(section);
        var info = new StoreInfo(
            Dimensions: ReadCount(ref reader, "dimensions"),
            Stride: ReadCount(ref reader, "stride"),
            Rows: ReadCount(ref reader, "row count"),
            AttackRows: ReadCount(ref reader, "attack count"),
            BenignRows: ReadCount(ref reader, "benign count"),
            ChunkSize: ReadCount(ref reader, "chunk size"),
            ChunkOverlap: ReadCount(ref reader, "chunk overlap"),
            ModelId: reader.ReadString(),
            WeightsSha256: reader.ReadString());
        RequireEnd(ref reader);
        return info;
    }

    /// <summary>Decodes the metadata section.</summary>
    /// <exception cref="InvalidDataException">The section is malformed, repeats a key or has bytes left over.</exception>
    public static Dictionary<string, string> DecodeMetadata(ReadOnlySpan<byte> section)
    {
        var reader = new ByteReader(section);
        int count = reader.ReadVarInt();
        var metadata = new Dictionary<string, string>(Math.Min(count, 1024), StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string key = reader.ReadString();
            if (!metadata.TryAdd(key, reader.ReadString()))
            {
                throw new InvalidDataException($"the key '{key}' appears twice");
            }
        }

        RequireEnd(ref reader);
        return metadata;
    }

    /// <summary>Decodes the records section.</summary>
    /// <exception cref="InvalidDataException">The section is malformed or has bytes left over.</exception>
    public static Example[] DecodeRecords(ReadOnlySpan<byte> section, int expectedRows)
    {
        var reader = new ByteReader(section);
        int count = reader.ReadVarInt();
        if (count != expectedRows)
        {
            throw new InvalidDataException($"it holds {count} records but the info section counts {expectedRows} rows");
        }

        var examples = new Example[count];
        for (int row = 0; row < count; row++)
        {
            examples[row] = DecodeRecord(ref reader, row);
        }

        RequireEnd(ref reader);
        return examples;
    }

    private static Example DecodeRecord(ref ByteReader reader, int row)
    {
        int start = reader.Position;
        byte label = reader.ReadByte();
        byte flags = reader.ReadByte();
        if (label > 1 || (flags & ~(StoreFileFormat.FlagChunk | StoreFileFormat.FlagCategory | StoreFileFormat.FlagSource | StoreFileFormat.FlagSurface)) != 0)
        {
            throw new InvalidDataException($"record {row} at offset {start} has label byte {label} and flags {flags}");
        }

        string id = reader.ReadString();
        string text = reader.ReadString();
        string? category = (flags & StoreFileFormat.FlagCategory) != 0 ? reader.ReadString() : null;
        string? source = (flags & StoreFileFormat.FlagSource) != 0 ? reader.ReadString() : null;
        int tagCount = reader.ReadVarInt();
        if (tagCount > reader.Remaining)
        {
            throw new InvalidDataException($"record {row} at offset {start} claims {tagCount} tags, more than the bytes left");
        }

        var tags = new string[tagCount];
        for (int i = 0; i < tagCount; i++)
        {
            tags[i] = reader.ReadString();
        }

        GuardSurface? surface = null;
        if ((flags & StoreFileFormat.FlagSurface) != 0)
        {
            byte value = reader.ReadByte();
            if (!Enum.IsDefined((GuardSurface)value))
            {
                throw new InvalidDataException($"record {row} at offset {start} has surface byte {value}");
            }

            surface = (GuardSurface)value;
        }

        string? parentId = null;
        int chunkStart = 0;
        int chunkLength = 0;
        if ((flags & StoreFileFormat.FlagChunk) != 0)
        {
            parentId = reader.ReadString();
            chunkStart = reader.ReadVarInt();
            chunkLength = reader.ReadVarInt();
            if (chunkLength != text.Length || parentId.Length == 0)
            {
                throw new InvalidDataException($"chunk record {row} at offset {start} has length {chunkLength} but {text.Length} characters of text");
            }
        }

        if (id.Length == 0)
        {
            throw new InvalidDataException($"record {row} at offset {start} has an empty id");
        }

        return new Example(id, text, (ExampleLabel)label)
        {
            Category = category,
            Source = source,
            Tags = tags,
            Surface = surface,
            ParentId = parentId,
            ChunkStart = chunkStart,
            ChunkLength = chunkLength,
        };
    }

    private static int ReadCount(ref ByteReader reader, string what)
    {
        uint value = reader.ReadUInt32();
        return value <= int.MaxValue ? (int)value : throw new InvalidDataException($"the {what} {value} is out of range");
    }

    private static void RequireEnd(ref ByteReader reader)
    {
        if (reader.Remaining != 0)
        {
            throw new InvalidDataException($"{reader.Remaining} unexpected bytes follow the data at offset {reader.Position}");
        }
    }
}
