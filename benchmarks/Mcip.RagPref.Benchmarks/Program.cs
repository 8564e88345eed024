using BenchmarkDotNet.Running;
using Mcip.RagPref.Benchmarks.Replicas;
using Mcip.RagPref.Tests.Support.Index;

// "replicas ..." runs the PostgreSQL replica measurements (propagation delay, memory) and "search ..." the quick index
// measurement (ms per query, GB/s, recall@k on synthetic vectors), which are not BenchmarkDotNet benchmarks; everything
// else goes to the switcher.
if (args is ["replicas", ..])
{
    return await ReplicaCommand.RunAsync(args[1..]);
}

if (args is ["search", ..])
{
    return await SearchBenchmarkCommand.RunAsync(args[1..], Console.Out, Console.Error, CancellationToken.None);
}

BenchmarkSwitcher.FromAssembly(typeof(ReplicaCommand).Assembly).Run(args);
return 0;
