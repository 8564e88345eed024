// The RAG-Pref chat-client middleware around a fake model that echoes what it received.
// Usage: dotnet run --project samples/AgentConsole -- "prompt" ["another prompt" ...]
//        echo "prompt" | dotnet run --project samples/AgentConsole
using AgentConsole;
using Mcip.RagPref;
using Mcip.RagPref.AI;
using Mcip.RagPref.Guard;
using Microsoft.Extensions.AI;

RagPrefGuard guard;
try
{
    guard = await RagPrefGuard.CreateDefaultAsync();
}
catch (RagPrefException ex)
{
    // The model (all-MiniLM-L6-v2) comes in the Mcip.RagPref.Models.MiniLM package and ONNX Runtime in its NuGet
    // package, so what fails here is loading ONNX Runtime on this platform or reading the store in the user cache.
    Console.Error.WriteLine("The default guard could not start. It runs all-MiniLM-L6-v2 (shipped in the Mcip.RagPref.Models.MiniLM package)");
    Console.Error.WriteLine("through ONNX Runtime, over a store it builds from the seed corpus into the user cache on first use.");
    Console.Error.WriteLine("If the message below names a cached store file, delete that file and run again (or './build.sh setup' to rebuild it);");
    Console.Error.WriteLine("if it names ONNX Runtime, this platform lacks a native build of it.");
    Console.Error.WriteLine();
    Console.Error.WriteLine(ex.Message);
    return 2;
}

using (guard)
using (IChatClient agent = new EchoChatClient().WithRagPrefGuard(guard))
{
    if (args.Length > 0)
    {
        foreach (string prompt in args)
        {
            await AgentTurn.RunAsync(agent, prompt, Console.Out);
        }

        return 0;
    }

    if (!Console.IsInputRedirected)
    {
        Console.WriteLine("Type a prompt per line (Ctrl+D to quit).");
    }

    while (Console.ReadLine() is { } line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            await AgentTurn.RunAsync(agent, line, Console.Out);
        }
    }
}

return 0;
