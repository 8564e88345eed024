using BenchmarkDotNet.Running;
using Mcip.RagPref.Benchmarks.Replicas;

// "replicas ..." runs the PostgreSQL replica measurements (propagation delay, memory), which are not BenchmarkDotNet
// benchmarks; everything else goes to the switcher.
if (args is ["replicas", ..])
{
    return await ReplicaCommand.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(ReplicaCommand).Assembly).Run(args);
return 0;
