using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Hosting;

/// <summary>
/// Loads a watched store from a private copy of its file, so that whatever happens to the watched file afterwards (a
/// copy over it, an editor saving in place, truncation) can never change the pages a serving guard has mapped.
/// </summary>
/// <remarks>
/// The copy lives in the temporary folder and is deleted right after it is mapped where the platform allows that
/// (Unix keeps a deleted file's pages alive while they are mapped); elsewhere it is deleted when the store is disposed.
/// </remarks>
internal static class PrivateStoreCopy
{
    /// <summary>Copies <paramref name="path"/> to a private file and loads the store from it.</summary>
    /// <param name="path">The watched store file.</param>
    /// <param name="leftover">The private file when it could not be deleted yet (delete it after disposing the store), else <see langword="null"/>.</param>
    /// <returns>The loaded store.</returns>
    /// <exception cref="RagPrefException">The file is missing, unreadable or not a valid store.</exception>
    public static ExampleStore Load(string path, out string? leftover)
    {
        string folder = Path.Combine(Path.GetTempPath(), "mcip-ragpref");
        string copy = Path.Combine(folder, $"serving-{Environment.ProcessId}-{Guid.NewGuid():N}.rpstore");
        try
        {
            Directory.CreateDirectory(folder);
            File.Copy(path, copy, overwrite: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(copy);
            throw new RagPrefException(
                $"The store file '{path}' could not be read to load it ({ex.Message}). Check that it exists and is readable; "
                + "replace it by renaming a complete file over it.",
                ex);
        }

        ExampleStore store;
        try
        {
            store = ExampleStore.Load(copy);
        }
        catch (RagPrefException ex)
        {
            TryDelete(copy);
            throw new RagPrefException(ex.Message.Replace(copy, path, StringComparison.Ordinal), ex);
        }
        catch
        {
            TryDelete(copy);
            throw;
        }

        leftover = TryDelete(copy) ? null : copy;
        return store;
    }

    /// <summary>Deletes a private copy; <see langword="false"/> when the platform keeps it while it is mapped.</summary>
    /// <param name="copy">The file.</param>
    /// <returns>Whether the file is gone.</returns>
    public static bool TryDelete(string copy)
    {
        try
        {
            File.Delete(copy);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
