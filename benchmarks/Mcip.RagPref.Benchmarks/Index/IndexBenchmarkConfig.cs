using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Mcip.RagPref.Benchmarks.Index;

/// <summary>
/// Two jobs per benchmark: <c>V256</c> (<c>DOTNET_PreferredVectorBitWidth=256</c>, so the Vector256 kernels run) and
/// <c>V512</c> (<c>DOTNET_PreferredVectorBitWidth=512</c>, so the Vector512 kernels run where the CPU has AVX-512), with
/// the memory diagnoser. Ratios are computed per job.
/// </summary>
/// <remarks>
/// Both jobs take their run characteristics from <c>--job</c> on the command line (<c>dry</c>, <c>short</c>,
/// <c>medium</c>, <c>long</c>; default otherwise). BenchmarkDotNet also runs the command-line job itself, with the
/// process's default vector width; ignore that row or compare it with the job of the same width.
/// </remarks>
internal sealed class IndexBenchmarkConfig : ManualConfig
{
    public IndexBenchmarkConfig()
    {
        Job baseJob = CommandLineJob();
        AddJob(baseJob.WithEnvironmentVariable("DOTNET_PreferredVectorBitWidth", "256").WithId("V256"));
        AddJob(baseJob.WithEnvironmentVariable("DOTNET_PreferredVectorBitWidth", "512").WithId("V512"));
        AddDiagnoser(MemoryDiagnoser.Default);
        HideColumns("EnvironmentVariables");
    }

    private static Job CommandLineJob()
    {
        string[] args = Environment.GetCommandLineArgs();
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] is "--job" or "-j")
            {
                return args[i + 1].ToUpperInvariant() switch
                {
                    "DRY" => Job.Dry,
                    "SHORT" => Job.ShortRun,
                    "MEDIUM" => Job.MediumRun,
                    "LONG" => Job.LongRun,
                    _ => Job.Default,
                };
            }
        }

        return Job.Default;
    }
}
