// Usage: Mcip.RagPref.SaveLoop TARGET STORE_A STORE_B
// Loads both stores, prints "ready", then saves A, B, A, ... over TARGET until the process is killed.
// The kill-during-save loop (StoreSaveKillLoopTests) kills it at random moments and checks what a load of TARGET sees.
using Mcip.RagPref.Stores;

if (args.Length != 3)
{
    await Console.Error.WriteLineAsync("usage: Mcip.RagPref.SaveLoop TARGET STORE_A STORE_B");
    return 2;
}

using ExampleStore a = ExampleStore.Load(args[1]);
using ExampleStore b = ExampleStore.Load(args[2]);
Console.Out.WriteLine("ready");
Console.Out.Flush();
for (long i = 0; ; i++)
{
    (i % 2 == 0 ? b : a).Save(args[0]);
}
