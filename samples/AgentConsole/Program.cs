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
    Console.Error.WriteLine("The default guard needs the Universal Sentence Encoder Lite model and ONNX Runtime in the set-up cache.");
    Console.Error.WriteLine("Run './build.sh setup' from the repository root once, then try again.");
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
