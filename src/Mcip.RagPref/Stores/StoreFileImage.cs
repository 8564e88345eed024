using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace Mcip.RagPref.Stores;

/// <summary>
/// The bytes of a whole store file held privately by this process (see <see cref="StoreLoadMode"/>): read into native
/// memory, or a memory map of a private copy. Never a map of the caller's file, which someone else could rewrite in
/// place under the mapping. Disposing frees the memory or unmaps (and deletes) the copy.
/// </summary>
internal sealed unsafe class StoreFileImage : IDisposable
{
    /// <summary>The file name prefix of private copies in the temporary folder: <c>mcip-ragpref-map.PID.GUID.tmp</c>.</summary>
    internal const string CopyName = "mcip-ragpref-map";

    private const int MemoryAlignment = 4096;
    private const int CopyChunk = 1 << 20;

    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private int _disposed;

    private StoreFileImage(byte* pointer, long length, MemoryMappedFile? file, MemoryMappedViewAccessor? view)
    {
        Pointer = pointer;
        Length = length;
        _file = file;
        _view = view;
    }

    /// <summary>The first byte of the file (aligned to at least 64 bytes).</summary>
    public byte* Pointer { get; }

    /// <summary>The file length in bytes.</summary>
    public long Length { get; }

    /// <summary>The folder of private copies: <c>mcip-ragpref</c> in the user's temporary folder.</summary>
    internal static string CopyFolder => Path.Combine(Path.GetTempPath(), "mcip-ragpref");

    /// <summary>Reads <paramref name="source"/> (which the caller keeps and disposes) as it is now into process memory.</summary>
    /// <exception cref="IOException">The file could not be read, or it shrank while it was read (it is being rewritten).</exception>
    public static StoreFileImage ReadIntoMemory(FileStream source)
    {
        long length = source.Length;
        var pointer = (byte*)NativeMemory.AlignedAlloc((nuint)Math.Max(length, 1), MemoryAlignment);
        try
        {
            long done = 0;
            while (done < length)
            {
                int read = RandomAccess.Read(source.SafeFileHandle, new Span<byte>(pointer + done, (int)Math.Min(CopyChunk, length - done)), done);
                if (read == 0)
                {
                    throw new IOException($"the file shrank from {length} to {done} bytes while it was read: someone is rewriting it in place. Replace store files by renaming a complete file over them.");
                }

                done += read;
            }

            return new StoreFileImage(pointer, length, null, null);
        }
        catch
        {
            NativeMemory.AlignedFree(pointer);
            throw;
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> (which the caller keeps and disposes) into a new owner-only file in
    /// <see cref="CopyFolder"/>, maps the copy read-only and unlinks it where the platform allows (Unix).
    /// </summary>
    /// <exception cref="IOException">The file could not be read or copied, or it shrank while it was copied.</exception>
    public static StoreFileImage MapPrivateCopy(FileStream source)
    {
        string folder = CopyFolder;
        Directory.CreateDirectory(folder);
        DeleteStaleCopies(folder);
        string copyPath = Path.Combine(folder, $"{CopyName}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}.tmp");
        var create = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose,
        };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var copy = new FileStream(copyPath, create);
        MemoryMappedFile? file = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            long length = source.Length;
            var buffer = new byte[CopyChunk];
            long done = 0;
            while (done < length)
            {
                int read = RandomAccess.Read(source.SafeFileHandle, buffer.AsSpan(0, (int)Math.Min(CopyChunk, length - done)), done);
                if (read == 0)
                {
                    throw new IOException($"the file shrank from {length} to {done} bytes while it was copied: someone is rewriting it in place. Replace store files by renaming a complete file over them.");
                }

                copy.Write(buffer, 0, read);
                done += read;
            }

            copy.Flush();
            file = MemoryMappedFile.CreateFromFile(copy, mapName: null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            if (!OperatingSystem.IsWindows())
            {
                // Unix keeps an unlinked file's pages while they are mapped: no name left for anyone to open.
                StoreTempFiles.TryDelete(copyPath);
            }

            return new StoreFileImage(pointer + view.PointerOffset, length, file, view);
        }
        catch
        {
            view?.Dispose();
            if (file is not null)
            {
                file.Dispose();
            }
            else
            {
                copy.Dispose();
            }

            StoreTempFiles.TryDelete(copyPath);
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

        if (_view is null)
        {
            NativeMemory.AlignedFree(Pointer);
            return;
        }

        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file!.Dispose();
    }

    /// <summary>Deletes private copies whose process is gone (a killed process cannot unlink its copy).</summary>
    private static void DeleteStaleCopies(string folder)
    {
        try
        {
            foreach (string file in Directory.EnumerateFiles(folder, CopyName + ".*.tmp"))
            {
                string[] parts = Path.GetFileName(file).Split('.');
                if (parts.Length == 4 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int processId) && !StoreTempFiles.IsRunning(processId))
                {
                    StoreTempFiles.TryDelete(file);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next load.
        }
    }
}
