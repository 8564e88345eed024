using System.Diagnostics;
using System.Globalization;

namespace Mcip.RagPref.Stores;

/// <summary>
/// Names the temporary files a save writes beside its target (<c>.NAME.PID.GUID.tmp</c>) and deletes the ones a killed
/// process left behind. A temporary file of a path is stale when the process that wrote it (the PID in its name) is gone,
/// or, whoever owns it, when nothing has written to it for <see cref="StaleAfter"/> (a PID the system reused, a
/// pre-PID name <c>.NAME.GUID.tmp</c>). A save of a live process is never touched: it writes continuously and renames
/// its file away within moments. Temporary files never replace the store, so deleting them loses nothing.
/// </summary>
internal static class StoreTempFiles
{
    /// <summary>How long a temporary file may go unwritten before it is stale whoever owns it: 10 minutes.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

    private const string Suffix = ".tmp";

    /// <summary>A new temporary file name for a save to <paramref name="fullPath"/>, in the same folder, carrying this process's id.</summary>
    public static string NewName(string fullPath)
    {
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        return Path.Combine(directory, $"{Prefix(fullPath)}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}{Suffix}");
    }

    /// <summary>
    /// Deletes the stale temporary files of saves to <paramref name="fullPath"/>; never throws (a file that cannot be
    /// deleted, or a folder that cannot be listed, is left for the next save or load).
    /// </summary>
    /// <returns>How many files were deleted.</returns>
    public static int DeleteStale(string fullPath) => DeleteStale(fullPath, DateTime.UtcNow);

    /// <summary>As <see cref="DeleteStale(string)"/>, at the time <paramref name="utcNow"/> (for tests).</summary>
    internal static int DeleteStale(string fullPath, DateTime utcNow)
    {
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        string prefix = Prefix(fullPath);
        int deleted = 0;
        try
        {
            if (!Directory.Exists(directory))
            {
                return 0;
            }

            foreach (string file in Directory.EnumerateFiles(directory, prefix + "*" + Suffix))
            {
                string name = Path.GetFileName(file);
                if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(Suffix, StringComparison.Ordinal))
                {
                    continue;
                }

                string middle = name[prefix.Length..^Suffix.Length];
                if (IsStale(middle, file, utcNow) && TryDelete(file))
                {
                    deleted++;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The folder cannot be listed now; the next save or load tries again.
        }

        return deleted;
    }

    /// <summary>Whether the process <paramref name="processId"/> is running.</summary>
    internal static bool IsRunning(int processId)
    {
        if (processId == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Deletes a file; <see langword="false"/> when it cannot be deleted (it stays for a later attempt).</summary>
    internal static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Prefix(string fullPath) => $".{Path.GetFileName(fullPath)}.";

    private static bool IsStale(string middle, string file, DateTime utcNow)
    {
        // "PID.GUID" (this format) or "GUID" (saves before it); anything else is not ours.
        int dot = middle.IndexOf('.', StringComparison.Ordinal);
        string guid = dot < 0 ? middle : middle[(dot + 1)..];
        if (guid.Length != 32 || !Guid.TryParseExact(guid, "N", out _))
        {
            return false;
        }

        if (dot >= 0)
        {
            if (!int.TryParse(middle.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out int processId))
            {
                return false;
            }

            if (!IsRunning(processId))
            {
                return true;
            }
        }

        try
        {
            return utcNow - File.GetLastWriteTimeUtc(file) > StaleAfter;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
