using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Mcip.RagPref.Benchmarks.Guard;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Hosting;
using Mcip.RagPref.Postgres;
using Mcip.RagPref.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mcip.RagPref.Benchmarks.Replicas;

/// <summary>
/// Request latency of a hosted guard with and without the PostgreSQL replica attached: the baseline is a host built with
/// <c>services.AddRagPref()</c> (default embedder, default store file), the other the same with
/// <c>.UsePostgres(connectionString)</c> on a private PostgreSQL 15 server (started in the setup, seeded by the replica
/// with the default store). Both screen the same request through <see cref="IRagPrefGuard"/>. Requests are served from
/// the in-process index either way, so the ratio should be 1.
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project benchmarks/Mcip.RagPref.Benchmarks -- --filter '*ReplicaLatencyBenchmarks*'</c>
/// (its own short job; do not pass <c>--job</c>). Needs PostgreSQL 15 in /usr/lib/postgresql/15/bin, as the tests do.
/// </remarks>
[Config(typeof(Config))]
public class ReplicaLatencyBenchmarks
{
    private PostgresServer? _server;
    private IHost? _host;
    private IRagPrefGuard? _guard;
    private GuardRequest[] _requests = [];
    private int _next;

    /// <summary>The request.</summary>
    [ParamsSource(nameof(Requests))]
    public GuardBenchmarkRequest Request { get; set; } = null!;

    /// <summary>Two user prompts and a tool output.</summary>
    public static IEnumerable<GuardBenchmarkRequest> Requests() =>
    [
        new("benign-short", [GuardBenchmarkRequest.BenignShort]),
        new("attack-short", [GuardBenchmarkRequest.AttackShort]),
        new("tool-output-1500", [GuardBenchmarkRequest.ToolOutput1500]),
    ];

    /// <summary>Starts the host without a database.</summary>
    [GlobalSetup(Target = nameof(WithoutDatabase))]
    public void SetupWithout() => Start(null);

    /// <summary>Starts a private PostgreSQL server, then the host attached to it.</summary>
    [GlobalSetup(Target = nameof(WithDatabase))]
    public void SetupWith()
    {
        _server = PostgresServer.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        string connectionString = _server.CreateDatabaseAsync("replicas").GetAwaiter().GetResult();
        Start(ReplicaHosts.Pooled(connectionString));
    }

    /// <summary>Stops the host and the server.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        if (_host is not null)
        {
            _host.StopAsync().GetAwaiter().GetResult();
            _host.Dispose();
        }

        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The guard of a host without the database.</summary>
    /// <returns>The score.</returns>
    [Benchmark(Baseline = true)]
    public Task<float> WithoutDatabase() => ScreenAsync();

    /// <summary>The guard of a host attached to PostgreSQL.</summary>
    /// <returns>The score.</returns>
    [Benchmark]
    public Task<float> WithDatabase() => ScreenAsync();

    private async Task<float> ScreenAsync()
    {
        GuardRequest request = _requests[_next];
        _next = (_next + 1) % _requests.Length;
        return (await _guard!.GuardAsync(request)).Score;
    }

    private void Start(string? connectionString)
    {
        _host = ReplicaHosts.StartAsync(connectionString).GetAwaiter().GetResult();
        _guard = _host.Services.GetRequiredService<IRagPrefGuard>();
        _requests = [.. Request.Requests];
        string where = "store file";
        if (connectionString is not null)
        {
            ReplicaHosts.WaitConnectedAsync(_host, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            RagPrefPostgresReplica replica = _host.Services.GetRequiredService<RagPrefPostgresReplica>();
            where = $"{replica.Name}, connected {replica.IsConnected}, change {replica.Sequence}";
        }

        RagPrefGuardStatus status = _host.Services.GetRequiredService<IRagPrefGuardHost>().Status;
        foreach (GuardRequest request in _requests)
        {
            GuardResult result = _guard.GuardAsync(request).GetAwaiter().GetResult();
            Console.WriteLine($"// {Request.Name} ({where}; {status.AttackExamples + status.BenignExamples} examples): {result.Verdict}, score {result.Score:F4}");
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithIterationCount(10).WithId("ShortRun10"));
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }
}
