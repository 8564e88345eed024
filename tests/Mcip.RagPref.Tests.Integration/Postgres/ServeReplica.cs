using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Postgres;

/// <summary>
/// One <c>ragpref serve --postgres</c> replica as a child process (<c>dotnet ragpref.dll</c>) on a free loopback port, with
/// an <see cref="HttpClient"/> for it. The replica takes nothing from the test process's environment that would change
/// what it serves (<c>RAGPREF_POSTGRES</c>, <c>RAGPREF_API_KEY</c>); disposing kills it.
/// </summary>
internal sealed class ServeReplica : IAsyncDisposable
{
    /// <summary>The API key of replicas started with one.</summary>
    public const string ApiKey = "replica-test-key-0123456789abcdef";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log;

    private ServeReplica(Process process, ConcurrentQueue<string> log, Uri address)
    {
        _process = process;
        _log = log;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    /// <summary>What the replica wrote to standard output and standard error so far.</summary>
    public string LogText => string.Join('\n', _log);

    /// <summary>
    /// Starts <c>ragpref serve --urls http://127.0.0.1:0 --postgres CONNSTR</c> (with <paramref name="keyFile"/> as
    /// <c>--api-key-file</c> when given, and <paramref name="extraArguments"/>) and waits until <c>/healthz</c> reports the
    /// guard loaded and the database followed (Healthy), at most <paramref name="deadline"/>.
    /// </summary>
    public static async Task<ServeReplica> StartAsync(string connectionString, string? keyFile, TimeSpan deadline, CancellationToken cancellationToken, params string[] extraArguments)
    {
        Assert.True(File.Exists(SharedAssets.RagprefDll), $"The ragpref CLI was not built at {SharedAssets.RagprefDll}.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        List<string> arguments = [SharedAssets.RagprefDll, "serve", "--urls", "http://127.0.0.1:0", "--postgres", connectionString, .. extraArguments];
        if (keyFile is not null)
        {
            arguments.AddRange(["--api-key-file", keyFile]);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment.Remove("RAGPREF_POSTGRES");
        start.Environment.Remove("RAGPREF_API_KEY");
        var log = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            log.Enqueue(e.Data);
            if (e.Data.StartsWith("listening on ", StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(e.Data["listening on ".Length..].Trim()));
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        ServeReplica? replica = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(deadline);
            Task exited = process.WaitForExitAsync(timeout.Token);
            Task first = await Task.WhenAny(listening.Task, exited, Task.Delay(Timeout.Infinite, timeout.Token));
            if (first != listening.Task)
            {
                throw new InvalidOperationException($"ragpref serve --postgres did not listen within {deadline.TotalSeconds:0} s (exited: {process.HasExited}).\n{string.Join('\n', log)}");
            }

            replica = new ServeReplica(process, log, await listening.Task);
            while (true)
            {
                (HttpStatusCode status, string health) = await replica.HealthAsync(timeout.Token);
                if (status == HttpStatusCode.OK && health == "Healthy")
                {
                    return replica;
                }

                await Task.Delay(100, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await DisposeAsync(replica, process);
            throw new InvalidOperationException($"ragpref serve --postgres was not Healthy within {deadline.TotalSeconds:0} s.\n{string.Join('\n', log)}");
        }
        catch
        {
            await DisposeAsync(replica, process);
            throw;
        }
    }

    /// <summary>Screens a user prompt; returns the verdict.</summary>
    public async Task<string> VerdictAsync(string text, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await PostAsync("/v1/guard", JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = text }), key: true, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/v1/guard answered {(int)response.StatusCode}: {body}");
        using JsonDocument doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("verdict").GetString()!;
    }

    /// <summary>GET /healthz: the HTTP status and the reported status (Healthy, Degraded, Unhealthy), or "unreachable".</summary>
    public async Task<(HttpStatusCode Status, string Health)> HealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage response = await Client.GetAsync("/healthz", cancellationToken);
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            using JsonDocument doc = JsonDocument.Parse(body);
            return (response.StatusCode, doc.RootElement.GetProperty("status").GetString()!);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException)
        {
            return (0, "unreachable");
        }
    }

    /// <summary>POSTs <paramref name="json"/> to <paramref name="route"/>, with the API key when <paramref name="key"/>.</summary>
    public async Task<HttpResponseMessage> PostAsync(string route, string json, bool key, CancellationToken cancellationToken, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key)
        {
            request.Headers.Add("X-Api-Key", apiKey ?? ApiKey);
        }

        return await Client.SendAsync(request, cancellationToken);
    }

    /// <summary>Writes the API key to a file in <paramref name="folder"/> for <c>--api-key-file</c>.</summary>
    public static async Task<string> WriteKeyFileAsync(string folder, CancellationToken cancellationToken)
    {
        string path = Path.Combine(folder, "api-key");
        await File.WriteAllTextAsync(path, ApiKey + "\n", cancellationToken);
        return path;
    }

    public async ValueTask DisposeAsync() => await DisposeAsync(this, _process);

    private static async Task DisposeAsync(ServeReplica? replica, Process process)
    {
        replica?.Client.Dispose();
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        finally
        {
            process.Dispose();
        }
    }
}
