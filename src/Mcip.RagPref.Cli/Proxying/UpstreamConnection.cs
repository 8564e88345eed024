using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Mcip.RagPref.Cli.Proxying;

/// <summary>
/// The MCP client side of <c>ragpref mcp-proxy</c>: a child process spoken to over its stdin/stdout, or a Streamable
/// HTTP endpoint. Every message from the upstream is bounded in size. Opening fails with a one-line
/// <see cref="McpUpstreamException"/> when the command cannot be started, exits, or the URL cannot be reached.
/// </summary>
internal sealed class UpstreamConnection : IAsyncDisposable
{
    private const int StandardErrorTail = 5;
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(3);

    private readonly Process? _process;
    private readonly BoundedLineStream? _output;
    private readonly BoundedResponseHandler? _http;
    private readonly Queue<string> _stderrTail;

    private UpstreamConnection(McpClient client, string name, Process? process, BoundedLineStream? output, BoundedResponseHandler? http, Queue<string> stderrTail)
    {
        Client = client;
        Name = name;
        _process = process;
        _output = output;
        _http = http;
        _stderrTail = stderrTail;
    }

    /// <summary>Gets the connected client.</summary>
    public McpClient Client { get; }

    /// <summary>Gets how the upstream is named in messages: the command line or the URL.</summary>
    public string Name { get; }

    /// <summary>Starts <paramref name="command"/> and connects to it over its stdin/stdout; its stderr lines go to <paramref name="error"/>.</summary>
    public static async Task<UpstreamConnection> StartProcessAsync(
        IReadOnlyList<string> command,
        long maxMessageBytes,
        TimeSpan connectTimeout,
        TextWriter error,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        string name = string.Join(' ', command);
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        for (int i = 1; i < command.Count; i++)
        {
            start.ArgumentList.Add(command[i]);
        }

        var process = new Process { StartInfo = start };
        var tail = new Queue<string>();
        TextWriter synchronized = TextWriter.Synchronized(error);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (tail)
            {
                tail.Enqueue(e.Data);
                while (tail.Count > StandardErrorTail)
                {
                    tail.Dequeue();
                }
            }

            synchronized.WriteLine("upstream: " + e.Data);
        };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new McpUpstreamException(
                $"the upstream command '{command[0]}' could not be started ({ex.Message}): check that it is installed and on PATH, or give its full path after '--'.", ex);
        }

        process.BeginErrorReadLine();
        var output = new BoundedLineStream(process.StandardOutput.BaseStream, maxMessageBytes, $"the upstream server '{name}'");
        var transport = new StreamClientTransport(process.StandardInput.BaseStream, output, loggerFactory);
        Task exited = process.WaitForExitAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(connectTimeout);
        Task<McpClient> connect = McpClient.CreateAsync(transport, ClientOptions(), loggerFactory, deadline.Token);
        try
        {
            Task first = await Task.WhenAny(connect, exited, output.ExceededTask).ConfigureAwait(false);
            if (first != connect && !connect.IsCompletedSuccessfully)
            {
                await deadline.CancelAsync().ConfigureAwait(false);
                await ObserveAsync(connect).ConfigureAwait(false);
                string failure = output.Exceeded
                    ? output.LimitMessage
                    : $"the upstream server '{name}' exited with code {process.ExitCode} before it answered the MCP handshake";
                await StopAsync(process).ConfigureAwait(false);
                process.Dispose();
                throw new McpUpstreamException(failure + TailOf(tail) + ".");
            }

            McpClient client = await connect.ConfigureAwait(false);
            return new UpstreamConnection(client, name, process, output, null, tail);
        }
        catch (Exception ex) when (ex is not McpUpstreamException)
        {
            // The transport often notices a dead child before the exit does: give the exit a moment to be the reason.
            bool exitedFirst = !deadline.IsCancellationRequested && await Task.Run(() => process.WaitForExit(ExitGrace), CancellationToken.None).ConfigureAwait(false);
            int exitCode = exitedFirst ? process.ExitCode : 0;
            await StopAsync(process).ConfigureAwait(false);
            process.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            string failure = output.Exceeded
                ? output.LimitMessage
                : exitedFirst
                ? $"the upstream server '{name}' exited with code {exitCode} before it answered the MCP handshake"
                : deadline.IsCancellationRequested
                ? $"the upstream server '{name}' did not answer the MCP handshake within {connectTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (--connect-timeout); is it an MCP server over stdio?"
                : $"the upstream server '{name}' failed during the MCP handshake: {OneLine(ex.Message)}";
            throw new McpUpstreamException(failure + TailOf(tail) + ".", ex);
        }
    }

    /// <summary>Connects to a Streamable HTTP endpoint.</summary>
    public static async Task<UpstreamConnection> ConnectHttpAsync(
        Uri endpoint,
        long maxMessageBytes,
        TimeSpan connectTimeout,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var handler = new BoundedResponseHandler(new SocketsHttpHandler { ConnectTimeout = connectTimeout }, maxMessageBytes);
        var http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = HttpTransportMode.StreamableHttp, ConnectionTimeout = connectTimeout, Name = endpoint.ToString() },
            http,
            loggerFactory,
            ownsHttpClient: true);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(connectTimeout);
        try
        {
            McpClient client = await McpClient.CreateAsync(transport, ClientOptions(), loggerFactory, deadline.Token).ConfigureAwait(false);
            return new UpstreamConnection(client, endpoint.ToString(), null, null, handler, new Queue<string>());
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            http.Dispose();
            string why = deadline.IsCancellationRequested
                ? $"did not answer the MCP handshake within {connectTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (--connect-timeout)"
                : handler.Exceeded ? handler.LimitMessage! : $"could not be reached: {OneLine(Innermost(ex).Message)}";
            throw new McpUpstreamException($"the upstream server at {endpoint} {why}. Check the URL (the Streamable HTTP endpoint, often ending in /mcp) and that the server is running.", ex);
        }
    }

    /// <summary>Waits until the upstream goes away and says why, in one line.</summary>
    public async Task<string> WaitForEndAsync(CancellationToken cancellationToken)
    {
        Task ended = _process is null
            ? Client.Completion
            : Task.WhenAny(Client.Completion, _process.WaitForExitAsync(CancellationToken.None));
        await ended.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_output is { Exceeded: true })
        {
            return _output.LimitMessage;
        }

        if (_http is { Exceeded: true })
        {
            return _http.LimitMessage!;
        }

        if (_process is not null)
        {
            bool gone = await Task.Run(() => _process.WaitForExit(ExitGrace), CancellationToken.None).ConfigureAwait(false);
            return gone
                ? $"the upstream server '{Name}' exited with code {_process.ExitCode}{TailOf(_stderrTail)}"
                : $"the upstream server '{Name}' closed its output{TailOf(_stderrTail)}";
        }

        ClientCompletionDetails details = await Client.Completion.ConfigureAwait(false);
        string reason = details.Exception is { } ex ? ": " + OneLine(Innermost(ex).Message) : string.Empty;
        return $"the connection to the upstream server at {Name} ended{reason}";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Client.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or McpException)
        {
            // The upstream is already gone.
        }

        if (_process is not null)
        {
            await StopAsync(_process).ConfigureAwait(false);
            _process.Dispose();
        }
    }

    private static McpClientOptions ClientOptions() => new()
    {
        ClientInfo = new Implementation { Name = "ragpref-mcp-proxy", Version = typeof(UpstreamConnection).Assembly.GetName().Version?.ToString() ?? "1.0.0" },
    };

    /// <summary>Closes the child's stdin, gives it a moment to exit, then kills it and its children.</summary>
    private static async Task StopAsync(Process process)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }

            process.StandardInput.Close();
            using var grace = new CancellationTokenSource(ExitGrace);
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited in the meantime.
            }
        }
    }

    private static async Task ObserveAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or McpException or InvalidOperationException)
        {
            // The process exit is the reason reported.
        }
    }

    private static string TailOf(Queue<string> tail)
    {
        lock (tail)
        {
            string? last = tail.LastOrDefault(static l => l.Trim().Length > 0);
            return last is null ? string.Empty : $" (its last error output: {OneLine(last)})";
        }
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
