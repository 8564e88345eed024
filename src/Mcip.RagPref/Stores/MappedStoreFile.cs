using System.IO.MemoryMappedFiles;

namespace Mcip.RagPref.Stores;

/// <summary>A read-only memory map of a whole store file and the pointer to its first byte; disposing unmaps it.</summary>
internal sealed unsafe class MappedStoreFile : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private int _disposed;

    private MappedStoreFile(MemoryMappedFile file, MemoryMappedViewAccessor view, byte* pointer, long length)
    {
        _file = file;
        _view = view;
        Pointer = pointer;
        Length = length;
    }

    /// <summary>The first byte of the file.</summary>
    public byte* Pointer { get; }

    /// <summary>The file length in bytes.</summary>
    public long Length { get; }

    /// <summary>Maps <paramref name="stream"/> (which the mapping then owns) for reading.</summary>
    public static MappedStoreFile Map(FileStream stream)
    {
        long length = stream.Length;
        MemoryMappedFile file = MemoryMappedFile.CreateFromFile(stream, mapName: null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new MappedStoreFile(file, view, pointer + view.PointerOffset, length);
        }
        catch
        {
            view?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>A span over <paramref name="length"/> bytes at <paramref name="offset"/> (the caller checks the bounds).</summary>
    public ReadOnlySpan<byte> Span(long offset, int length) => new(Pointer + offset, length);

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
