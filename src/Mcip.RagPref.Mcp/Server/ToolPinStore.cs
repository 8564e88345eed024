using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace Mcip.RagPref.Mcp.Server;

/// <summary>
/// The description hash of every tool seen so far (its pin), in memory and optionally in a JSON file
/// (<c>{"version":1,"pins":{"tool":"sha256 hex"}}</c>) written atomically after each change.
/// </summary>
/// <remarks>
/// <para>Thread-safe: every operation takes one lock; file writes happen under it, so the file never goes backwards.</para>
/// <para>
/// Several processes may share one file (replicas of a stateless HTTP server behind a load balancer): a tool this
/// store has not pinned yet is looked up in the file first, so a tool another replica pinned and that has since changed
/// here is recognised as changed, not pinned afresh; and each write merges the file's pins into this store's, so no
/// replica's pins are lost. Both happen under an exclusive lock on a sibling file <c>&lt;file&gt;.lock</c> (left in
/// place), so two replicas cannot pin different descriptions of one new tool. Unchanged tools cost no file access.
/// For a tool pinned both here and in the file, this store's pin wins.
/// </para>
/// </remarks>
internal sealed class ToolPinStore : IMcpToolPinStore
{
    private const int FormatVersion = 1;

    /// <summary>How often, and how long apart, taking the file lock is retried while another process holds it.</summary>
    private const int LockAttempts = 500;
    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(10);

    private readonly Dictionary<string, string> _pins;
    private readonly string? _path;
    private readonly Lock _gate = new();

    private ToolPinStore(Dictionary<string, string> pins, string? path)
    {
        _pins = pins;
        _path = path;
    }

    /// <summary>Gets the file the pins persist to, or <see langword="null"/> when they live in memory only.</summary>
    public string? FilePath => _path;

    /// <summary>Opens the pins: empty in memory when <paramref name="path"/> is null, else loaded from the file when it exists.</summary>
    /// <param name="path">The pin file, or <see langword="null"/>.</param>
    /// <returns>The store.</returns>
    /// <exception cref="RagPrefException">The file exists but is not a readable pin file.</exception>
    public static ToolPinStore Open(string? path)
    {
        if (path is null)
        {
            return new ToolPinStore(new Dictionary<string, string>(StringComparer.Ordinal), null);
        }

        string full = Path.GetFullPath(path);
        return new ToolPinStore(File.Exists(full) ? Load(full) : new Dictionary<string, string>(StringComparer.Ordinal), full);
    }

    /// <summary>The pin of a tool: SHA-256 (hex) over its name, description and input schema, each length-prefixed.</summary>
    /// <param name="tool">The advertised tool.</param>
    /// <returns>64 lower-case hex digits.</returns>
    public static string Hash(Tool tool)
    {
        string schema = tool.InputSchema.ValueKind == JsonValueKind.Undefined ? string.Empty : tool.InputSchema.GetRawText();
        string description = tool.Description ?? string.Empty;
        var text = new StringBuilder(tool.Name.Length + description.Length + schema.Length + 32);
        foreach (string part in (ReadOnlySpan<string>)[tool.Name, description, schema])
        {
            text.Append(part.Length).Append(':').Append(part).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Compares <paramref name="hash"/> with the tool's pin, pinning it when the tool is new.</summary>
    /// <param name="tool">The tool name.</param>
    /// <param name="hash">Its current description hash.</param>
    /// <param name="repinOnChange">Replace the pin when it differs (otherwise the original pin is kept).</param>
    /// <param name="pinned">The pin before this call (the current hash for a new tool).</param>
    /// <returns>Whether the tool is new, unchanged or changed.</returns>
    /// <exception cref="RagPrefException">The pin file could not be read, locked or written.</exception>
    public McpToolPinOutcome Check(string tool, string hash, bool repinOnChange, out string pinned)
    {
        lock (_gate)
        {
            if (_pins.TryGetValue(tool, out string? existing))
            {
                pinned = existing;
                if (string.Equals(existing, hash, StringComparison.Ordinal))
                {
                    return McpToolPinOutcome.Unchanged;
                }

                if (repinOnChange)
                {
                    using FileStream? fileLock = LockFile();
                    MergeFileLocked();
                    _pins[tool] = hash;
                    SaveLocked();
                }

                return McpToolPinOutcome.Changed;
            }

            using (FileStream? fileLock = LockFile())
            {
                MergeFileLocked();
                if (_pins.TryGetValue(tool, out existing))
                {
                    // Another process pinned it meanwhile: compare with that pin.
                    pinned = existing;
                    if (string.Equals(existing, hash, StringComparison.Ordinal))
                    {
                        return McpToolPinOutcome.Unchanged;
                    }

                    if (repinOnChange)
                    {
                        _pins[tool] = hash;
                        SaveLocked();
                    }

                    return McpToolPinOutcome.Changed;
                }

                pinned = hash;
                _pins[tool] = hash;
                SaveLocked();
                return McpToolPinOutcome.New;
            }
        }
    }

    /// <summary>Removes a tool's pin (an operator accepting a changed tool); the next sighting pins it afresh.</summary>
    /// <param name="tool">The tool name.</param>
    /// <returns><see langword="true"/> when a pin was removed.</returns>
    public bool Remove(string tool)
    {
        lock (_gate)
        {
            using FileStream? fileLock = LockFile();
            MergeFileLocked();
            bool removed = _pins.Remove(tool);
            if (removed)
            {
                SaveLocked();
            }

            return removed;
        }
    }

    /// <summary>Returns a copy of the pins.</summary>
    /// <returns>Tool name to hash.</returns>
    public Dictionary<string, string> Snapshot()
    {
        lock (_gate)
        {
            return new Dictionary<string, string>(_pins, StringComparer.Ordinal);
        }
    }

    private static Dictionary<string, string> Load(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            using JsonDocument document = JsonDocument.Parse(stream);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("version", out JsonElement version)
                || version.ValueKind != JsonValueKind.Number
                || version.GetInt32() != FormatVersion
                || !root.TryGetProperty("pins", out JsonElement pins)
                || pins.ValueKind != JsonValueKind.Object)
            {
                throw Corrupt(path, $"the JSON is not an object with \"version\": {FormatVersion} and a \"pins\" object", null);
            }

            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (JsonProperty pin in pins.EnumerateObject())
            {
                if (pin.Value.ValueKind != JsonValueKind.String || pin.Value.GetString() is not { Length: 64 } hash || !IsHex(hash))
                {
                    throw Corrupt(path, $"the pin of tool '{pin.Name}' is not a 64-digit hex SHA-256", null);
                }

                result[pin.Name] = hash;
            }

            return result;
        }
        catch (JsonException ex)
        {
            throw Corrupt(path, "it is not valid JSON (" + ex.Message + ")", ex);
        }
        catch (FormatException ex)
        {
            throw Corrupt(path, "a value has the wrong type (" + ex.Message + ")", ex);
        }
        catch (IOException ex)
        {
            throw new RagPrefException($"The MCP tool pin file '{path}' could not be read: {ex.Message}. Check that it is readable.", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new RagPrefException($"The MCP tool pin file '{path}' could not be read: {ex.Message}. Check its permissions.", ex);
        }
    }

    /// <summary>Adds the file's pins of tools this store does not know (another process pinned them); no-op without a file.</summary>
    private void MergeFileLocked()
    {
        if (_path is null || !File.Exists(_path))
        {
            return;
        }

        foreach (KeyValuePair<string, string> pin in Load(_path))
        {
            _pins.TryAdd(pin.Key, pin.Value);
        }
    }

    /// <summary>
    /// Takes the exclusive lock that serialises the pin-file updates of every process sharing the file (an open handle
    /// without sharing on <c>&lt;file&gt;.lock</c>); <see langword="null"/> without a file. Dispose it to release.
    /// </summary>
    /// <exception cref="RagPrefException">The lock file could not be created, or another process held it too long.</exception>
    private FileStream? LockFile()
    {
        if (_path is null)
        {
            return null;
        }

        string lockPath = _path + ".lock";
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                string? directory = Path.GetDirectoryName(lockPath);
                if (!string.IsNullOrEmpty(directory))
                {
                    Directory.CreateDirectory(directory);
                }

                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < LockAttempts && File.Exists(lockPath))
            {
                // Held by another process (or another store on the same file): wait for it.
                Thread.Sleep(LockRetryDelay);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new RagPrefException(
                    $"The MCP tool pin file '{_path}' could not be locked for an update through '{lockPath}': {ex.Message}. " +
                    "Check that its folder is writable; if another process holds the lock, check that it is not stuck.", ex);
            }
        }
    }

    private static RagPrefException Corrupt(string path, string found, Exception? inner) =>
        new($"The MCP tool pin file '{path}' is corrupt: expected {{\"version\":{FormatVersion},\"pins\":{{\"<tool>\":\"<sha256 hex>\"}}}}, but {found}. " +
            "Restore it from a backup, or delete it to pin every tool afresh on the next listing (changes made before then go unnoticed).", inner);

    private static bool IsHex(string text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private void SaveLocked()
    {
        if (_path is null)
        {
            return;
        }

        string temp = _path + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp";
        try
        {
            string? directory = Path.GetDirectoryName(_path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            using (FileStream stream = new(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            using (Utf8JsonWriter writer = new(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", FormatVersion);
                writer.WriteStartObject("pins");
                List<string> names = [.. _pins.Keys];
                names.Sort(StringComparer.Ordinal);
                foreach (string name in names)
                {
                    writer.WriteString(name, _pins[name]);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, _path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new RagPrefException($"The MCP tool pin file '{_path}' could not be written: {ex.Message}. Check that its folder exists and is writable.", ex);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The temporary file is left behind; the pin file itself is intact.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
